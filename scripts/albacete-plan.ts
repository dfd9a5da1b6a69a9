import type { ServiceClient, SocialServicesSchemas } from '@inclusion/api-client';
import { ALBACETE_FIGURES, AlbaceteFigures, albacetePeople } from '../libs/read-models/src/testing/scenario';

export type ServiceKey = 'social-services' | 'employment-office' | 'regional-delegation';

/** The typed clients (libs/api-client) of the three services, each acting as its institution (the caller signs the tokens). */
export type AlbaceteClients = { [S in ServiceKey]: ServiceClient<S> };

type OpenCase = SocialServicesSchemas['OpenCaseBody'];
/** What an openapi-fetch call answers. */
type Answer = { data?: unknown; error?: unknown; response: Response };

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
export async function recordAlbaceteProgramme(api: AlbaceteClients, run: string, figures: AlbaceteFigures = ALBACETE_FIGURES, concurrency = 4): Promise<AlbaceteRun> {
  let requests = 0;
  const ok = async (what: string, call: () => Promise<Answer>, retryWhile: number[] = []) => {
    for (let attempt = 1; ; attempt++) {
      requests += 1;
      const { data, error, response } = await call();
      if (response.status === 201) return data;
      // The employment office takes part once social services' itinerary has reached it through Kafka.
      if (retryWhile.includes(response.status) && attempt < 300) {
        await sleep(100);
        continue;
      }
      throw new Error(`${what} -> ${response.status} ${JSON.stringify(error)}`);
    }
  };
  const programmeId = `plan-empleo-albacete-${run}`;
  const projectId = `cohort-${run}`;
  const { 'social-services': ss, 'employment-office': eo, 'regional-delegation': rd } = api;
  await ok('programme', () => rd.POST('/programmes', { body: { programmeId, name: 'Plan de Empleo Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 } }));
  await ok('project', () =>
    rd.POST('/programmes/{programmeId}/projects', { params: { path: { programmeId } }, body: { projectId, name: 'Cohort 1: training and employment-plan contracts', runByInstitution: 'ss-albacete', line: 'employment' } }),
  );

  const people = albacetePeople(figures).map((person) => ({ ...person, i: person.index, caseId: `case-${run}-${String(person.index + 1).padStart(3, '0')}` }));

  async function journey(p: (typeof people)[number]) {
    const { caseId, i } = p;
    const path = { caseId };
    await ok(`open ${caseId}`, () =>
      ss.POST('/cases', { body: { caseId, personId: `p-${run}-${i + 1}`, municipality: 'Albacete', gender: p.gender as OpenCase['gender'], birthYear: p.birthYear, incidenceGroups: p.incidenceGroups as OpenCase['incidenceGroups'], openedOn: '2026-01-16' } }),
    );
    await ok(`reference technician of ${caseId}`, () => ss.POST('/cases/{caseId}/reference-technician', { params: { path }, body: { technicianId: 'tech-ana' } }));
    await ok(`diagnosis of ${caseId}`, () =>
      ss.POST('/cases/{caseId}/diagnosis', {
        params: { path },
        body: { diagnosedOn: '2026-01-25', dimensions: [{ dimension: 'employability', score: 6 + (i % 5), critical: i % 3 === 0 }, { dimension: 'income', score: 7, critical: true }] },
      }),
    );
    await ok(`itinerary of ${caseId}`, () =>
      ss.POST('/cases/{caseId}/itinerary', {
        params: { path },
        body: { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-02-10', plannedEnd: '2026-03-31' }] },
      }),
    );
    await ok(`enrolment of ${caseId}`, () => rd.POST('/programmes/{programmeId}/enrolments', { params: { path: { programmeId } }, body: { projectId, caseId, enrolledOn: '2026-01-26' } }));
    if (!p.trained) return;
    await ok(`training of ${caseId}`, () => eo.POST('/cases/{caseId}/trainings', { params: { path }, body: { trainingId: 'forklift', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' } }), [403, 404]);
    if (p.dropsOut) await ok(`drop-out of ${caseId}`, () => eo.POST('/cases/{caseId}/training-drop-outs', { params: { path }, body: { trainingId: 'forklift', droppedOn: '2026-02-25', reason: 'childcare' } }));
    else await ok(`completed training of ${caseId}`, () => eo.POST('/cases/{caseId}/completed-trainings', { params: { path }, body: { trainingId: 'forklift', completedOn: '2026-03-20', hoursAttended: 58 } }));
  }

  const queue = [...people];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await journey(p);
  }));
  return { programmeId, projectId, caseIds: people.map((p) => p.caseId), requests };
}
