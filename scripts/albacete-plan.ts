import { ALBACETE_FIGURES, AlbaceteFigures, albacetePeople } from '../libs/read-models/src/testing/scenario';

export type ServiceKey = 'social-services' | 'employment-office' | 'regional-delegation';

/** Sends one command as the institution of that service (the caller signs the token). */
export type Send = (service: ServiceKey, path: string, body: unknown) => Promise<{ status: number; body: unknown }>;

export interface AlbaceteRun {
  programmeId: string;
  projectId: string;
  caseIds: string[];
  requests: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Albacete employment plan recorded through the services' HTTP API, as the institutions
 * would: the delegation creates the programme and project, social services open, diagnose
 * and plan each person's case (a training step for the employment office), the delegation
 * enrols them, and the employment office records the trainings of those who took one (one
 * in seven drops out). With the default figures: 71 people, 47 trained, 15 men and 32 women.
 * Used by `npm run demo` and by the test that reads the figures back from the indicators.
 */
export async function recordAlbaceteProgramme(send: Send, run: string, figures: AlbaceteFigures = ALBACETE_FIGURES, concurrency = 4): Promise<AlbaceteRun> {
  let requests = 0;
  const ok = async (service: ServiceKey, path: string, body: unknown, retryWhile: number[] = []) => {
    for (let attempt = 1; ; attempt++) {
      requests += 1;
      const reply = await send(service, path, body);
      if (reply.status === 201) return reply.body;
      // The employment office takes part once social services' itinerary has reached it through Kafka.
      if (retryWhile.includes(reply.status) && attempt < 300) {
        await sleep(100);
        continue;
      }
      throw new Error(`POST ${service}${path} -> ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  };
  const programmeId = `plan-empleo-albacete-${run}`;
  const projectId = `cohort-${run}`;
  await ok('regional-delegation', '/programmes', { programmeId, name: 'Plan de Empleo Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 });
  await ok('regional-delegation', `/programmes/${programmeId}/projects`, { projectId, name: 'Cohort 1: training and employment-plan contracts', runByInstitution: 'ss-albacete', line: 'employment' });

  const people = albacetePeople(figures).map((person) => ({ ...person, i: person.index, caseId: `case-${run}-${String(person.index + 1).padStart(3, '0')}` }));

  async function journey(p: (typeof people)[number]) {
    const { caseId, i } = p;
    await ok('social-services', '/cases', { caseId, personId: `p-${run}-${i + 1}`, municipality: 'Albacete', gender: p.gender, birthYear: p.birthYear, incidenceGroups: p.incidenceGroups, openedOn: '2026-01-16' });
    await ok('social-services', `/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' });
    await ok('social-services', `/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-01-25', dimensions: [{ dimension: 'employability', score: 6 + (i % 5), critical: i % 3 === 0 }, { dimension: 'income', score: 7, critical: true }] });
    await ok('social-services', `/cases/${caseId}/itinerary`, {
      itineraryId: `it-${caseId}`,
      steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-02-10', plannedEnd: '2026-03-31' }],
    });
    await ok('regional-delegation', `/programmes/${programmeId}/enrolments`, { projectId, caseId, enrolledOn: '2026-01-26' });
    if (!p.trained) return;
    await ok('employment-office', `/cases/${caseId}/trainings`, { trainingId: 'forklift', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' }, [403, 404]);
    if (p.dropsOut) await ok('employment-office', `/cases/${caseId}/training-drop-outs`, { trainingId: 'forklift', droppedOn: '2026-02-25', reason: 'childcare' });
    else await ok('employment-office', `/cases/${caseId}/completed-trainings`, { trainingId: 'forklift', completedOn: '2026-03-20', hoursAttended: 58 });
  }

  const queue = [...people];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await journey(p);
  }));
  return { programmeId, projectId, caseIds: people.map((p) => p.caseId), requests };
}
