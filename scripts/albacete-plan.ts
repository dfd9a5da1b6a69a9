import type { ServiceClient, SocialServicesSchemas } from '@inclusion/api-client';
import { ALBACETE_FIGURES, AlbaceteFigures, albacetePeople } from '../libs/read-models/src/testing/scenario';

export type ServiceKey = 'social-services' | 'employment-office' | 'regional-delegation';

/** The typed clients (libs/api-client) of the three services, each acting as its institution (the caller signs the tokens). */
export type AlbaceteClients = { [S in ServiceKey]: ServiceClient<S> } & {
  /** The municipal employment service (sme-albacete, hosted by the insertion-company service): when given, the people are hired through the Plan de Empleo's own path. */
  'insertion-company'?: ServiceClient<'insertion-company'>;
};

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

  const sme = api['insertion-company'];
  const planId = `pe-albacete-${run}`;
  if (sme) {
    // The Plan de Empleo's own path (docs/employment-plan.md): the municipal employment service opens the plan and holds a preparatory meeting.
    await ok('employment plan', () =>
      sme.POST('/employment-plans', { body: { planId, name: 'Plan de Empleo Albacete', periodStart: '2026-02-01', periodEnd: '2026-07-31', socialServices: ['ss-albacete'], employmentOffices: ['eo-albacete'], delegation: 'rd-albacete', programmeId, positions: figures.people } }),
    );
    await ok('preparatory meeting', () =>
      sme.POST('/employment-plans/{planId}/preparatory-meetings', {
        params: { path: { planId } },
        body: { meetingId: 'prep-1', heldOn: '2026-01-20', attendees: [{ institutionId: 'sme-albacete', person: 'coord' }, { institutionId: 'ss-albacete', person: 'tech-ana' }, { institutionId: 'eo-albacete', person: 'orient-eva' }, { institutionId: 'rd-albacete', person: 'coord-rosa' }], agreements: ['selection criteria', 'coordination channels', 'calendar'] },
      }),
    );
  }

  async function hire(p: (typeof people)[number]) {
    if (!sme) return;
    const path = { caseId: p.caseId };
    await ok(`proposal of ${p.caseId}`, () => ss.POST('/cases/{caseId}/employment-plan-proposals', { params: { path }, body: { planId, employerInstitution: 'sme-albacete', proposedOn: '2026-01-21', reason: 'long-term unemployment' } }));
    // The employer selects once the proposal reached it through Kafka (403: no part in the case yet; 422: not proposed yet).
    await ok(`selection of ${p.caseId}`, () => sme.POST('/employment-plans/{planId}/selections', { params: { path: { planId } }, body: { planId, caseId: p.caseId, selectedOn: '2026-01-25', proposedBy: 'ss-albacete' } }), [403, 404, 422]);
  }

  const queue = [...people];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      await journey(p);
      await hire(p);
    }
  }));
  if (sme) {
    await ok('start assembly', () =>
      sme.POST('/employment-plans/{planId}/start-assemblies', {
        params: { path: { planId } },
        body: { assemblyId: 'assembly', heldOn: '2026-01-30', attendingCases: people.map((p) => p.caseId), institutions: [{ institutionId: 'sme-albacete', person: 'coord' }, { institutionId: 'ss-albacete', person: 'tech-ana' }], topics: ['rules', "social services' part", 'training'] },
      }),
    );
    const contracts = [...people];
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let p = contracts.shift(); p; p = contracts.shift()) {
        const body = { caseId: p.caseId, contractId: `pc-${p.caseId}`, planId, contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'green-spaces operator', weeklyHours: 35, tutorId: 'tutor-luis' };
        await ok(`plan contract of ${p.caseId}`, () => sme.POST('/plan-contracts', { body }));
      }
    }));
  }
  return { programmeId, projectId, caseIds: people.map((p) => p.caseId), requests };
}
