import { randomUUID } from 'node:crypto';
import { ActorRole, InstitutionKind } from '@inclusion/contracts';
import { dropSchemas } from '../support/database';
import { eventKeyOf, institutionEntry, pemOf, TEST_EVENT_KEY_ID, TEST_HOSTED_PARTNERS, TEST_INSTITUTIONS, testEventSigningKeysJson, tokenFor } from '../support/institutions';
import { AuthorizationMatrix, MatrixRow, readAuthorizationMatrix, satisfies } from '../support/authorization-matrix';
import { SERVICE_NAMES, ServiceName, ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * The authorization matrix of docs/security.md ("Roles and rules"), tried for real: the four
 * services run as their own processes on one topic prefix, one case is set up with every kind
 * of participation, and every route is called with the token of every kind of caller (owner,
 * another social-services institution, an employment office and a company taking part or
 * not, the delegation's supervisor and coordinator, another delegation, readers whose consent
 * the person withdrew, no token...). Each answer is held against the table; one run lists
 * every discrepancy. Writes carry valid bodies with fresh ids, so a 2xx means "allowed".
 */

/** A second employment office, registered for this test only: one that takes no part in the case. */
const EO_OTHER = 'eo-hellin';
const SS = 'ss-albacete';
const EO = 'eo-albacete';
const EI = 'ei-solidaria';
const RD = 'rd-albacete';
/** The municipal employment service: the Plan de Empleo's employer (hosted by the insertion-company service), not a column: no caller is it. */
const SME = 'sme-albacete';
const SME_CALLER: Caller = { institutionId: SME, userId: 'tutor-marta', role: 'tutor', purpose: 'follow-up' };
/** The territorial plan's lead (rd-albacete) callers, each with a contribution of the public consultation to answer. */
const PLAN_LEADS = ['rd-sup', 'rd-coord'];
/** Callers with a joint assessment after a Plan de Empleo contract whose office part is recorded, to agree (the case owner). */
const ASSESSMENT_HOLDERS = ['owner-tech', 'owner-coord'];

interface Caller {
  institutionId?: string;
  userId?: string;
  role?: ActorRole;
  /** X-Purpose sent on reads (none: no header). */
  purpose?: string;
}

/** The columns of the matrix: who calls, and for which purpose it reads. */
const CALLERS: Record<string, Caller> = {
  none: {},
  'owner-tech': { institutionId: SS, userId: 'tech-ana', role: 'technician', purpose: 'follow-up' },
  'owner-coord': { institutionId: SS, userId: 'coord-luz', role: 'coordinator', purpose: 'follow-up' },
  'ss-other': { institutionId: 'ss-hellin', userId: 'coord-pau', role: 'coordinator', purpose: 'follow-up' },
  'ss-as-sup': { institutionId: 'ss-hellin', userId: 'sup-pau', role: 'supervisor', purpose: 'supervision' },
  'eo-part': { institutionId: EO, userId: 'orient-eva', role: 'technician', purpose: 'follow-up' },
  'eo-other': { institutionId: EO_OTHER, userId: 'coord-ines', role: 'coordinator', purpose: 'follow-up' },
  'ei-part': { institutionId: EI, userId: 'tutor-luis', role: 'tutor', purpose: 'follow-up' },
  'ei-other': { institutionId: 'ei-other', userId: 'coord-xavi', role: 'coordinator', purpose: 'follow-up' },
  'rd-sup': { institutionId: RD, userId: 'sup-marta', role: 'supervisor', purpose: 'supervision' },
  'rd-coord': { institutionId: RD, userId: 'coord-rosa', role: 'coordinator', purpose: 'follow-up' },
  'rd-other': { institutionId: 'rd-toledo', userId: 'sup-toledo', role: 'supervisor', purpose: 'supervision' },
  // The person withdrew these consents (set up below): eo-albacete and ei-solidaria for assessment, rd-albacete for statistics.
  'eo-withdrawn': { institutionId: EO, userId: 'orient-eva', role: 'technician', purpose: 'assessment' },
  'ei-withdrawn': { institutionId: EI, userId: 'tutor-luis', role: 'tutor', purpose: 'assessment' },
  'rd-withdrawn': { institutionId: RD, userId: 'sup-marta', role: 'supervisor', purpose: 'statistics' },
  'rd-no-purpose': { institutionId: RD, userId: 'sup-marta', role: 'supervisor' },
};
const WITHDRAWN = [
  { institutionId: EO, purpose: 'assessment' },
  { institutionId: EI, purpose: 'assessment' },
  { institutionId: RD, purpose: 'statistics' },
];

/** Callers with an itinerary step of their own, a case-table meeting and action of their own, an incident to handle. */
const STEP_HOLDERS = ['owner-tech', 'owner-coord', 'eo-part', 'ei-part'];
const TABLE_HOLDERS = ['owner-tech', 'owner-coord', 'eo-part', 'ei-part'];
const INCIDENT_HOLDERS = ['owner-tech', 'owner-coord'];
/** Callers with a change proposed by the employment office to accept and one to refuse (the case owner decides). */
const DECISION_HOLDERS = ['owner-tech', 'owner-coord'];
const SIGNATURE_EVIDENCE = { documentRef: 'agreement.pdf', documentSha256: 'f'.repeat(64), method: 'handwritten', witnessedBy: 'tech-ana' };
const holder = (list: string[], caller: string) => (list.includes(caller) ? caller : list[0]);
const SERVICE_OF: Record<string, ServiceName> = { [SS]: 'social-services', [EO]: 'employment-office', [EI]: 'insertion-company' };
const MAIN_INSTITUTION: Record<ServiceName, string> = { 'social-services': SS, 'employment-office': EO, 'insertion-company': EI, 'regional-delegation': RD };

/** Routes served outside the OpenAPI document (Swagger's own pages, the supervisors' page) or by nobody (/metrics). */
const NOT_IN_OPENAPI = new Set(['GET /docs', 'GET /docs/json', 'GET /supervisor', 'GET /metrics']);

const fresh = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
const STEP_KIND: Record<string, string> = { [SS]: 'pre-labour-project', [EO]: 'training', [EI]: 'insertion-company-placement' };
const step = (stepId: string, institutionId: string) => ({ stepId, kind: STEP_KIND[institutionId], responsibleInstitution: institutionId, plannedStart: '2026-02-01', plannedEnd: '2026-12-31' });
const scores = { punctuality: 3, teamwork: 4, taskPerformance: 3, autonomy: 3 };

interface Reply {
  status: number;
  code?: string;
  text: string;
}

describe('the authorization matrix of docs/security.md', () => {
  const matrix: AuthorizationMatrix = readAuthorizationMatrix();
  const prefix = testTopicPrefix();
  const schemas = Object.fromEntries(SERVICE_NAMES.map((name) => [name, uniqueSchema(`authz_${name.replace(/-/g, '_')}`)])) as Record<ServiceName, string>;
  const services = {} as Record<ServiceName, ServiceProcess>;

  const run = randomUUID().slice(0, 8);
  const s = {
    caseId: `case-authz-${run}`,
    personId: `p-authz-${run}`,
    itineraryId: 'it-authz',
    agreementId: 'ag-authz',
    tableId: `table-authz-${run}`,
    programmeId: `prog-authz-${run}`,
    projectId: 'prj-authz',
    placement: `pl-authz-${run}`,
    placementToEnd: `pl-end-${run}`,
    placementAssessed: `pl-ja-${run}`,
    // The territorial plan (led by rd-albacete, partners the three others), the Plan de Empleo (employer sme-albacete) and its contract on the case.
    planId: `plis-authz-${run}`,
    employmentPlanId: `pe-authz-${run}`,
    contract: `pc-authz-${run}`,
    // A household (personas y familias) registered by the case's owner, the person its reference person.
    householdId: `hh-authz-${run}`,
  };
  /** The contributions of the public consultation, one for each lead caller to answer. */
  const contributions: Record<string, string> = {};
  const today = new Date().toISOString().slice(0, 10);
  /** A mandate from the caller's institution to another institution of the registry (a fresh id each time). */
  const mandateFor = (who: Caller) => ({
    mandateId: fresh('mandate'), agentInstitutionId: who.institutionId === EI ? SS : EI, services: 'home help', basis: 'council decision', validFrom: '2026-01-01', validUntil: '2099-12-31',
  });
  /** The ids of every event recorded about the case while setting it up: each service must know them all before the matrix runs. */
  const caseEvents = new Set<string>();
  /** An event each service recorded for its main institution (its transparency log proves its inclusion). */
  const recordedAt = {} as Record<ServiceName, string>;

  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (caller: Caller) => {
    const key = `${caller.institutionId}/${caller.userId}/${caller.role}`;
    if (!tokens.has(key)) tokens.set(key, tokenFor(caller.institutionId!, caller.userId!, caller.role!, '15m'));
    return tokens.get(key)!;
  };

  async function send(service: ServiceName, caller: Caller, method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (caller.institutionId) headers.authorization = `Bearer ${await tokenOf(caller)}`;
    if (method === 'GET' && caller.purpose) headers['x-purpose'] = caller.purpose;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const abort = new AbortController();
    const response = await fetch(`${services[service].url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
    if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      // A live stream stays open: its status is the answer.
      await response.body?.cancel().catch(() => undefined);
      abort.abort();
      return { status: response.status, text: '(event stream)' };
    }
    const text = await response.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      // not JSON (HTML, YAML)
    }
    return { status: response.status, code, text };
  }

  /** A write the setup needs: it must succeed; the events it records about the case are remembered. */
  async function ok(service: ServiceName, caller: string, path: string, body: unknown = {}): Promise<{ events: { eventId: string; caseId?: string | null }[] }> {
    const reply = await send(service, CALLERS[caller], 'POST', path, body);
    if (reply.status !== 201 && reply.status !== 200) throw new Error(`setup: POST ${service}${path} as ${caller} -> ${reply.status} ${reply.text}`);
    const result = JSON.parse(reply.text) as { events: { eventId: string; caseId?: string | null }[] };
    for (const event of result.events ?? []) if (event.caseId === s.caseId) caseEvents.add(event.eventId);
    if (result.events?.length && CALLERS[caller].institutionId === MAIN_INSTITUTION[service]) recordedAt[service] ??= result.events[0].eventId;
    return result;
  }

  async function read<T = any>(service: ServiceName, caller: string, path: string): Promise<{ status: number; body: T }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const reply = await send(service, CALLERS[caller], 'GET', path);
    let body: T;
    try {
      body = JSON.parse(reply.text) as T;
    } catch {
      body = undefined as T;
    }
    return { status: reply.status, body };
  }

  async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`setup: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const openCaseBody = (caseId: string, personId: string) => ({ caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['long-term-unemployed'], openedOn: '2026-01-10' });

  /** A case of the owner's own, for a write that would use the shared case up (close it, design or close its itinerary, erase its person). */
  async function ownersSpareCase(withItinerary: boolean): Promise<{ caseId: string; personId: string; itineraryId: string }> {
    const spare = { caseId: fresh('case-spare'), personId: fresh('p-spare'), itineraryId: fresh('it-spare') };
    await ok('social-services', 'owner-tech', '/cases', openCaseBody(spare.caseId, spare.personId));
    if (withItinerary) await ok('social-services', 'owner-tech', `/cases/${spare.caseId}/itinerary`, { itineraryId: spare.itineraryId, steps: [step('spare-step', SS)] });
    return spare;
  }

  beforeAll(async () => {
    // The test network's registry, plus a second employment office (with its event key at its service).
    const institutions: [string, InstitutionKind][] = [...Object.entries(TEST_INSTITUTIONS), [EO_OTHER, 'employment-office']];
    const INSTITUTIONS_JSON = JSON.stringify({
      institutions: [...institutions.map(([id, kind]) => institutionEntry(id, kind)), ...Object.entries(TEST_HOSTED_PARTNERS).map(([id, { kind, hostedBy }]) => institutionEntry(id, kind, undefined, hostedBy))],
    });
    const signingKeys = (name: ServiceName) =>
      JSON.stringify([
        ...(JSON.parse(testEventSigningKeysJson(name)) as object[]),
        ...(name === 'employment-office' ? [{ institutionId: EO_OTHER, keyId: TEST_EVENT_KEY_ID, privateKey: pemOf(eventKeyOf(EO_OTHER).privateKey) }] : []),
      ]);
    await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        services[name] = await ServiceProcess.start(name, { DATABASE_SCHEMA: schemas[name], KAFKA_TOPIC_PREFIX: prefix, INSTITUTIONS_JSON, EVENT_SIGNING_KEYS_JSON: signingKeys(name) });
      }),
    );
    await Promise.all(SERVICE_NAMES.map((name) => services[name].waitHealthy(90_000)));

    // Social services: the owner opens the case, designs an itinerary with a step for each
    // holder (the employment office's and the company's give them their part), signs the
    // agreement naming the company, convenes a case table, and the person withdraws three consents.
    const ss = (path: string, body: unknown) => ok('social-services', 'owner-tech', path, body);
    await ss('/cases', openCaseBody(s.caseId, s.personId));
    await ss('/households', { householdId: s.householdId, municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: s.personId });
    for (const caller of ['owner-tech', 'owner-coord']) await ss(`/households/${s.householdId}/members`, { personId: `p-leaves-${caller}-${run}`, relationship: 'other-relative', joinedOn: '2026-01-10' });
    await ss(`/cases/${s.caseId}/diagnosis`, { diagnosedOn: '2026-01-12', dimensions: [{ dimension: 'employability', score: 7, critical: true }] });
    await ss(`/cases/${s.caseId}/accreditation`, { validFrom: '2026-01-10', validUntil: '2027-12-31', basis: 'social report' });
    await ss(`/cases/${s.caseId}/reference-technician`, { technicianId: 'tech-ana' });
    const holderInstitution = (caller: string) => CALLERS[caller].institutionId!;
    await ss(`/cases/${s.caseId}/itinerary`, {
      itineraryId: s.itineraryId,
      steps: [
        ...STEP_HOLDERS.flatMap((caller) => ['start', 'done', 'accept', 'decline', 'propose'].map((what) => step(`${what}-${caller}`, holderInstitution(caller)))),
        // Changes the employment office proposes, for the owner to accept or refuse.
        ...DECISION_HOLDERS.flatMap((caller) => [step(`chg-acc-${caller}`, EO), step(`chg-ref-${caller}`, EO)]),
      ],
    });
    // Each party signs in its own log: social services and the person's signature here, the company at its service (below).
    await ss(`/cases/${s.caseId}/agreement-signatures`, { agreementId: s.agreementId, companyInstitution: EI, signedBy: 'tech-ana', signedOn: '2026-01-20' });
    await ss(`/cases/${s.caseId}/agreement-signatures/person`, { agreementId: s.agreementId, companyInstitution: EI, signedOn: '2026-01-20', evidence: SIGNATURE_EVIDENCE });
    for (const consent of WITHDRAWN) await ss(`/cases/${s.caseId}/consent-withdrawals`, { ...consent, on: '2026-01-21' });
    await ss('/tables', { tableId: s.tableId, level: 'case', scopeId: s.caseId, members: [SS, EO, EI].map((institutionId) => ({ institutionId, people: ['x'] })) });
    await ss(`/tables/${s.tableId}/meetings`, { meetingId: 'm-setup', date: '2026-03-01', agenda: ['set-up'] });
    await ss(`/tables/${s.tableId}/held-meetings`, { meetingId: 'm-setup', heldOn: '2026-03-01', attendees: [{ institutionId: SS, person: 'ana' }], minutes: 'held' });
    for (const caller of TABLE_HOLDERS) {
      await ss(`/tables/${s.tableId}/meetings`, { meetingId: `m-hold-${caller}`, date: '2026-03-02', agenda: ['to hold'] });
      await ss(`/tables/${s.tableId}/meetings`, { meetingId: `m-cancel-${caller}`, date: '2026-03-02', agenda: ['to cancel'] });
      await ss(`/tables/${s.tableId}/actions`, { meetingId: 'm-setup', actionId: `a-${caller}`, description: 'to complete', ownerInstitution: holderInstitution(caller), dueOn: '2026-04-01' });
    }
    for (const caller of STEP_HOLDERS.filter((c) => holderInstitution(c) === SS)) {
      await ss(`/cases/${s.caseId}/steps/started`, { itineraryId: s.itineraryId, stepId: `done-${caller}`, startedOn: '2026-02-01' });
    }

    // The delegation: a programme with a project, the case enrolled in it.
    await ok('regional-delegation', 'rd-coord', '/programmes', { programmeId: s.programmeId, name: 'Authorization matrix', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1000 });
    await ok('regional-delegation', 'rd-coord', `/programmes/${s.programmeId}/projects`, { projectId: s.projectId, name: 'Cohort', runByInstitution: SS, line: 'employment' });
    await ok('regional-delegation', 'rd-coord', `/programmes/${s.programmeId}/enrolments`, { projectId: s.projectId, caseId: s.caseId, enrolledOn: '2026-01-15' });

    // The office and the company act once the owner's events reached them.
    const tableKnown = (service: ServiceName, caller: string) => async () => {
      const table = await read(service, caller, `/tables/${s.tableId}`);
      return table.status === 200 && TABLE_HOLDERS.every((c) => table.body.meetings?.[`m-cancel-${c}`]) && table.body.openActions?.length === TABLE_HOLDERS.length;
    };
    await eventually('the case and its table at the employment office', async () => (await read('employment-office', 'eo-part', `/cases/${s.caseId}`)).body?.itinerary?.itineraryId === s.itineraryId && tableKnown('employment-office', 'eo-part')());
    await eventually("social services' signatures and the table at the company", async () => (await read('insertion-company', 'ei-part', `/cases/${s.caseId}`)).body?.agreements?.[s.agreementId]?.signedBy?.length === 2 && tableKnown('insertion-company', 'ei-part')());

    const ei = (path: string, body: unknown) => ok('insertion-company', 'ei-part', path, body);
    await ei(`/cases/${s.caseId}/agreement-signatures`, { agreementId: s.agreementId, signedBy: 'tutor-luis', signedOn: '2026-01-21' });
    for (const placementId of [s.placement, s.placementToEnd, s.placementAssessed]) {
      await ei('/placements', { caseId: s.caseId, placementId, agreementId: s.agreementId, contractStart: '2026-02-01', position: 'gardener', weeklyHours: 30, tutorId: 'tutor-luis' });
    }
    await ei(`/placements/${s.placementAssessed}/contract-end`, { endedOn: '2026-06-30', reason: 'term-completed' });
    for (const caller of INCIDENT_HOLDERS) {
      for (const incidentId of [`inc-ack-${caller}`, `inc-res-${caller}`]) {
        await ei(`/placements/${s.placement}/incidents`, { incidentId, kind: 'absenteeism', severity: 'low', observedOn: '2026-03-03', description: 'absent' });
      }
    }
    const eo = (path: string, body: unknown) => ok('employment-office', 'eo-part', path, body);
    await eo(`/cases/${s.caseId}/trainings`, { trainingId: 'tr-complete', course: 'Forklift', hours: 60, startsOn: '2026-02-10' });
    await eo(`/cases/${s.caseId}/trainings`, { trainingId: 'tr-drop', course: 'Welding', hours: 60, startsOn: '2026-02-10' });
    await eo(`/cases/${s.caseId}/referrals`, { referralId: 'ref-result', jobOffer: 'Gardener', employer: 'Ayuntamiento', referredOn: '2026-02-15' });
    for (const caller of STEP_HOLDERS.filter((c) => holderInstitution(c) !== SS)) {
      await ok(SERVICE_OF[holderInstitution(caller)], caller, `/cases/${s.caseId}/steps/started`, { itineraryId: s.itineraryId, stepId: `done-${caller}`, startedOn: '2026-02-01' });
    }
    for (const caller of DECISION_HOLDERS) {
      for (const what of ['acc', 'ref']) {
        await eo(`/cases/${s.caseId}/steps/change-proposals`, { itineraryId: s.itineraryId, stepId: `chg-${what}-${caller}`, proposalId: `p-${what}-${caller}`, proposedOn: '2026-01-25', reason: 'a later course', change: { plannedStart: '2026-03-01' } });
      }
    }
    await eventually("the office's proposed changes at social services", async () => {
      const steps = (await read('social-services', 'owner-tech', `/cases/${s.caseId}`)).body?.itinerary?.steps ?? [];
      return steps.filter((x: { answer?: { status: string } }) => x.answer?.status === 'change-proposed').length === DECISION_HOLDERS.length * 2;
    });

    // The incidents reach the owner (a follow-up each); two are acknowledged, to be resolved. The contract end opens a joint assessment.
    await eventually('the incidents open at social services', async () => {
      const view = (await read('social-services', 'owner-tech', `/cases/${s.caseId}`)).body;
      return INCIDENT_HOLDERS.every((c) => view?.incidents?.[`inc-ack-${c}`]?.status === 'open' && view?.incidents?.[`inc-res-${c}`]?.status === 'open');
    });
    for (const caller of INCIDENT_HOLDERS) await ss(`/cases/${s.caseId}/incident-acknowledgements`, { incidentId: `inc-res-${caller}`, acknowledgedOn: '2026-03-04' });
    await eventually('the joint assessment at the employment office', async () => (await read('employment-office', 'eo-part', `/cases/${s.caseId}/employment`)).body?.state?.assessments?.[`ja-${s.placementAssessed}`]?.status === 'open');

    // The municipal Plan de Empleo on the case: its employer (sme-albacete, no column) opens it, social
    // services propose the person, the employer selects and hires them (a contract for the rows, and
    // one per joint assessment: ended, each opens one at the office); an incident reaches the owner;
    // the office records its part of the assessments the owner is to agree.
    const smeOk = async (path: string, body: unknown) => {
      const reply = await send('insertion-company', SME_CALLER, 'POST', path, body);
      if (reply.status !== 201 && reply.status !== 200) throw new Error(`setup: POST insertion-company${path} as ${SME} -> ${reply.status} ${reply.text}`);
    };
    const partContract = `${s.contract}-part`;
    const agreeContract = (caller: string) => `${s.contract}-${caller}`;
    await smeOk('/employment-plans', { planId: s.employmentPlanId, name: 'Plan de Empleo', periodStart: '2026-02-01', periodEnd: '2026-07-31', socialServices: [SS], employmentOffices: [EO], delegation: RD, positions: 5 });
    await ss(`/cases/${s.caseId}/employment-plan-proposals`, { planId: s.employmentPlanId, employerInstitution: SME, proposedOn: '2026-01-20', reason: 'long-term unemployed' });
    await eventually('the proposal at the employer', async () => (await send('insertion-company', SME_CALLER, 'POST', `/employment-plans/${s.employmentPlanId}/selections`, { planId: s.employmentPlanId, caseId: s.caseId, selectedOn: '2026-01-25', proposedBy: SS })).status === 201);
    for (const contractId of [s.contract, partContract, ...ASSESSMENT_HOLDERS.map(agreeContract)]) {
      await smeOk('/plan-contracts', { caseId: s.caseId, contractId, planId: s.employmentPlanId, contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'green-spaces operator', weeklyHours: 35, tutorId: 'tutor-marta' });
    }
    await smeOk(`/plan-contracts/${s.contract}/incidents`, { incidentId: 'inc-plan', contractId: s.contract, kind: 'health-or-functional-limitation', severity: 'high', observedOn: '2026-03-04', description: 'cannot lift loads' });
    for (const contractId of [partContract, ...ASSESSMENT_HOLDERS.map(agreeContract)]) await smeOk(`/plan-contracts/${contractId}/contract-end`, { contractId, endedOn: '2026-07-31', reason: 'term-completed' });
    await eventually("the plan's incident open at social services", async () => (await read('social-services', 'owner-tech', `/cases/${s.caseId}`)).body?.incidents?.['inc-plan']?.status === 'open');
    await eventually("the plan's joint assessments at the employment office", async () => {
      const assessments = (await read('employment-office', 'eo-part', `/cases/${s.caseId}/employment`)).body?.state?.assessments ?? {};
      return [partContract, ...ASSESSMENT_HOLDERS.map(agreeContract)].every((c) => assessments[`ja-${c}`]?.status === 'open');
    });
    for (const caller of ASSESSMENT_HOLDERS) {
      await eo(`/cases/${s.caseId}/joint-assessment-parts`, { assessmentId: `ja-${agreeContract(caller)}`, recordedOn: '2026-08-01', proposal: 'continue', keepIntegralSupport: false, assessment: 'orientation completed' });
    }
    await eventually("the office's parts at social services", async () => {
      const view = (await read('social-services', 'owner-tech', `/cases/${s.caseId}`)).body;
      return ASSESSMENT_HOLDERS.every((c) => Object.keys(view?.jointAssessments?.[`ja-${agreeContract(c)}`]?.parts ?? {}).length > 0);
    });

    // The territorial plan: the delegation leads it with the three others as partners, in phase 1 with a
    // draft open on its public page, which received a contribution for each lead caller to answer.
    const rdLead = (path: string, body: unknown) => ok('regional-delegation', 'rd-coord', path, body);
    await rdLead('/territorial-plans', { planId: s.planId, name: 'Plan Local de Integración Social', territory: 'Albacete', programmeId: s.programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [SS, EO, EI] });
    await rdLead(`/territorial-plans/${s.planId}/phases`, { phase: 1, startedOn: today });
    await rdLead(`/territorial-plans/${s.planId}/drafts`, { text: 'Borrador 1', openUntil: '2099-12-31', incorporates: [] });
    for (const caller of PLAN_LEADS) {
      const reply = await send('regional-delegation', CALLERS.none, 'POST', `/public/territorial-plans/${s.planId}/contributions`, { text: 'more support', contributor: { name: 'Lucía' } });
      if (reply.status !== 201) throw new Error(`setup: a contribution -> ${reply.status} ${reply.text}`);
      contributions[caller] = (JSON.parse(reply.text) as { contributionId: string }).contributionId;
    }
    for (const name of SERVICE_NAMES) {
      await eventually(`the territorial plan at ${name}`, async () => (await read(name, 'rd-sup', `/territorial-plans/${s.planId}`)).body?.partners?.length === 3);
    }

    // Every service knows every event of the set-up (participation, consents, table) before the matrix runs.
    for (const name of SERVICE_NAMES) {
      await eventually(`every event of the case at ${name}`, async () => {
        const timeline = await read(name, 'rd-sup', `/cases/${s.caseId}/timeline`);
        const known = new Set((timeline.body?.events ?? []).map((e: { eventId: string }) => e.eventId));
        return [...caseEvents].every((eventId) => known.has(eventId));
      });
      await eventually(`the case table at ${name}`, tableKnown(name, 'rd-sup'));
    }
    await eventually('every event of the case in the delegation network log', async () => {
      const timeline = await read('regional-delegation', 'rd-sup', `/supervision/cases/${s.caseId}/timeline`);
      const known = new Set((timeline.body?.entries ?? []).map((e: { eventId: string }) => e.eventId));
      return [...caseEvents].every((eventId) => known.has(eventId));
    });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await dropSchemas(...Object.values(schemas));
  }, 60_000);

  /** Values for the path (and query) parameters of the matrix's routes, at a service. */
  const PARAMS: Record<string, (service: ServiceName, template: string) => string> = {
    caseId: () => s.caseId,
    // A territorial plan, or under /employment-plans the Plan de Empleo.
    planId: (_, template) => (template.startsWith('/employment-plans/') ? s.employmentPlanId : s.planId),
    contractId: () => s.contract,
    householdId: () => s.householdId,
    personId: () => s.personId,
    tableId: () => s.tableId,
    programmeId: () => s.programmeId,
    placementId: () => s.placement,
    streamId: () => `case-${s.caseId}`,
    institutionId: (service) => MAIN_INSTITUTION[service],
    eventId: (service) => recordedAt[service],
    // A referral no service has received: every caller gets the same 403 (the 2xx path: test/e2e/pact-proactive-path.e2e.spec.ts).
    referralId: () => `ref-none-${run}`,
  };
  const fill = (template: string, service: ServiceName) =>
    template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = PARAMS[name]?.(service, template);
      if (value === undefined) throw new Error(`no value for :${name} in ${template}`);
      return value;
    });

  interface Call {
    caller: string;
    who: Caller;
    row: MatrixRow;
  }
  type Request = { path?: string; body?: unknown };
  /**
   * A territorial plan of the delegation's own in a phase (a decision that needs another phase than
   * the shared plan's, or uses its draft up): objective o-1 of line employment from phase 2, then
   * the technical table, target t-1, the annual plan 2026 and (for phase 4) the approval.
   */
  async function leadsPlan(phase: number): Promise<string> {
    const planId = fresh('plis');
    const lead = (path: string, body: unknown) => ok('regional-delegation', 'rd-coord', `/territorial-plans/${planId}${path}`, body);
    await ok('regional-delegation', 'rd-coord', '/territorial-plans', { planId, name: 'A plan of its own', territory: 'Albacete', programmeId: s.programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [SS, EO, EI] });
    for (let next = 1; next <= phase; next += 1) {
      if (next === 3) {
        const tableId = fresh('mesa');
        await ok('regional-delegation', 'rd-coord', '/tables', { tableId, level: 'programme', scopeId: planId, members: [{ institutionId: RD, people: ['x'] }] });
        await lead('/technical-table', { tableId, functions: ['execution', 'follow-up'] });
      }
      if (next === 4) {
        await lead('/targets', { targetId: 't-1', objectiveId: 'o-1', indicator: 'people-attended', direction: 'at-least', value: 1, dueBy: '2026-12-31' });
        // The follow-up commission follows an approved plan: the agreement signed by the lead (no other signatory), the mayors' vote.
        await lead('/agreement', { text: 'Convenio', signatories: [], proposedOn: today });
        await lead('/agreement-signatures', { signedOn: today, capacity: 'Delegada' });
        await lead('/approval-votes', { decisionId: 'd-approval', body: 'mayors-committee', decidedOn: today, leadMunicipality: 'Albacete', president: 'Alcalde', votes: [{ municipality: 'Albacete', vote: 'for' }] });
      }
      await lead('/phases', { phase: next, startedOn: today });
      if (next === 2) {
        await lead('/lines', { line: 'employment', rationale: 'shared diagnosis' });
        await lead('/objectives', { objectiveId: 'o-1', line: 'employment', kind: 'general', text: 'employment' });
      }
      if (next === 3) await lead('/annual-plans', { year: 2026, objectives: ['o-1'], carriesDecisions: [], text: 'annual plan 2026' });
    }
    return planId;
  }
  /** The shared plan, or for its lead at the delegation's service a plan of its own in the phase the decision needs. */
  const planFor = async ({ who, row }: Call, phase: number, then?: (planId: string) => Promise<unknown>) => {
    if (row.service !== 'regional-delegation' || who.institutionId !== RD || who.role === undefined) return s.planId;
    const planId = await leadsPlan(phase);
    await then?.(planId);
    return planId;
  };
  const leadHere = ({ who, row }: Call) => row.service === 'regional-delegation' && who.institutionId === RD && who.role !== undefined;
  /**
   * For the lead at the delegation or a partner at its own service, a plan of the delegation's own
   * in a phase, set up by \`then\` and known at the caller's service (\`known\` on its view); the shared
   * plan for everybody else.
   */
  const ownPlanFor = async (call: Call, phase: number, then: (planId: string) => Promise<unknown>, known: (view: any) => boolean) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const partner = [SS, EO, EI].includes(call.who.institutionId ?? '') && TEST_INSTITUTIONS[call.who.institutionId!] === call.row.service;
    if (!leadHere(call) && !partner) return s.planId;
    const planId = await leadsPlan(phase);
    await then(planId);
    await eventually(`the plan at ${call.row.service}`, async () => known((await read(call.row.service, call.caller, `/territorial-plans/${planId}`)).body ?? {}));
    return planId;
  };
  const planPath = (planId: string, path: string) => `/territorial-plans/${planId}${path}`;
  /**
   * The request each write sends (reads use the route's path with the scenario's ids). A
   * write that would use the shared case up gets, for the owner (or the delegation that owns
   * the programme), a resource of its own; everybody else is asked about the shared one.
   */
  const WRITES: Record<string, (call: Call) => Request | Promise<Request>> = {
    // social services
    'POST /cases': () => ({ body: openCaseBody(fresh('case'), fresh('p')) }),
    // households (personas y familias): the owner of the members' cases records them
    'POST /households': () => ({ body: { householdId: fresh('hh'), municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: fresh('p'), address: 'c/ Mayor 1' } }),
    'POST /households/:householdId/members': () => ({ body: { personId: fresh('p'), relationship: 'child', joinedOn: '2026-01-12', details: 'Leo, 9' } }),
    'POST /households/:householdId/case-links': async ({ who }) => {
      if (who.institutionId !== SS) return { body: { personId: s.personId, caseId: s.caseId, linkedOn: '2026-01-12' } };
      // Each of the owner's callers links a member of its own (a link made twice records nothing the second time).
      const spare = await ownersSpareCase(false);
      await ok('social-services', 'owner-tech', `/households/${s.householdId}/members`, { personId: spare.personId, relationship: 'other-relative', joinedOn: '2026-01-12' });
      return { body: { personId: spare.personId, caseId: spare.caseId, linkedOn: '2026-01-12' } };
    },
    'POST /households/:householdId/departures': ({ caller }) => ({ body: { personId: `p-leaves-${caller}-${run}`, leftOn: '2026-03-01', reason: 'moved away' } }),
    'POST /cases/:caseId/diagnosis': () => ({ body: { diagnosedOn: '2026-01-20', dimensions: [{ dimension: 'income', score: 5, critical: false }] } }),
    'POST /cases/:caseId/accreditation': () => ({ body: { validFrom: '2026-01-10', validUntil: '2027-12-31', basis: 'renewed report' } }),
    'POST /cases/:caseId/reference-technician': () => ({ body: { technicianId: fresh('tech') } }),
    'POST /cases/:caseId/itinerary': async ({ who }) => {
      const caseId = who.institutionId === SS ? (await ownersSpareCase(false)).caseId : s.caseId;
      return { path: `/cases/${caseId}/itinerary`, body: { itineraryId: fresh('it'), steps: [step('pre-labour', SS)] } };
    },
    'POST /cases/:caseId/itinerary/reorientation': async ({ who }) => {
      const target = who.institutionId === SS ? await ownersSpareCase(true) : s;
      return { path: `/cases/${target.caseId}/itinerary/reorientation`, body: { itineraryId: target.itineraryId, reason: 'reorient', steps: [step(fresh('new-step'), SS)] } };
    },
    'POST /cases/:caseId/itinerary/closure': async ({ who }) => {
      const target = who.institutionId === SS ? await ownersSpareCase(true) : s;
      return { path: `/cases/${target.caseId}/itinerary/closure`, body: { itineraryId: target.itineraryId, closedOn: '2026-06-01', reason: 'plan ended' } };
    },
    // Social services sign a fresh agreement; the company signs one social services drew up naming it and it has received.
    'POST /cases/:caseId/agreement-signatures': async ({ row, who }) => {
      if (row.service !== 'insertion-company') return { body: { agreementId: fresh('ag'), companyInstitution: EI, signedBy: 'tech-ana', signedOn: '2026-01-20' } };
      let agreementId = s.agreementId;
      if (who.institutionId === EI) {
        agreementId = fresh('ag');
        await ok('social-services', 'owner-tech', `/cases/${s.caseId}/agreement-signatures`, { agreementId, companyInstitution: EI, signedBy: 'tech-ana', signedOn: '2026-01-20' });
        await eventually(`agreement ${agreementId} at the company`, async () => !!(await read('insertion-company', 'ei-part', `/cases/${s.caseId}`)).body?.agreements?.[agreementId]);
      }
      return { body: { agreementId, signedBy: 'tutor-luis', signedOn: '2026-01-21' } };
    },
    'POST /cases/:caseId/agreement-signatures/person': () => ({ body: { agreementId: fresh('ag'), companyInstitution: EI, signedOn: '2026-01-20', evidence: SIGNATURE_EVIDENCE } }),
    'POST /cases/:caseId/itinerary/step-change-acceptances': ({ caller }) => {
      const who = holder(DECISION_HOLDERS, caller);
      return { body: { itineraryId: s.itineraryId, stepId: `chg-acc-${who}`, proposalId: `p-acc-${who}`, decidedOn: '2026-01-28' } };
    },
    'POST /cases/:caseId/itinerary/step-change-refusals': ({ caller }) => {
      const who = holder(DECISION_HOLDERS, caller);
      return { body: { itineraryId: s.itineraryId, stepId: `chg-ref-${who}`, proposalId: `p-ref-${who}`, decidedOn: '2026-01-28', reason: 'the step stays' } };
    },
    'POST /cases/:caseId/incident-acknowledgements': ({ caller }) => ({ body: { incidentId: `inc-ack-${holder(INCIDENT_HOLDERS, caller)}`, acknowledgedOn: '2026-03-04' } }),
    'POST /cases/:caseId/incident-resolutions': ({ caller }) => ({ body: { incidentId: `inc-res-${holder(INCIDENT_HOLDERS, caller)}`, resolvedOn: '2026-03-05', resolution: 'attendance plan' } }),
    // Consents for an institution no column depends on (a fresh one each time, so that each is recorded).
    'POST /cases/:caseId/consents': () => ({ body: { institutionId: fresh('ss-elsewhere'), purpose: 'follow-up', on: '2026-01-22' } }),
    'POST /cases/:caseId/consent-withdrawals': () => ({ body: { institutionId: fresh('ss-elsewhere'), purpose: 'statistics', on: '2026-01-22' } }),
    'POST /cases/:caseId/closure': async ({ who }) => ({ path: `/cases/${who.institutionId === SS ? (await ownersSpareCase(false)).caseId : s.caseId}/closure`, body: { closedOn: '2026-06-30', outcome: 'other' } }),
    'POST /persons/:personId/erasure': async ({ who }) => ({ path: `/persons/${who.institutionId === SS ? (await ownersSpareCase(false)).personId : s.personId}/erasure`, body: { erasedOn: '2026-07-01', reason: 'request' } }),
    // employment office
    'POST /cases/:caseId/orientation-sessions': () => ({ body: { sessionId: fresh('talk'), heldOn: '2026-02-05', topic: 'Rights at work' } }),
    'POST /cases/:caseId/trainings': () => ({ body: { trainingId: fresh('tr'), course: 'Gardening', hours: 40, startsOn: '2026-02-10' } }),
    'POST /cases/:caseId/completed-trainings': () => ({ body: { trainingId: 'tr-complete', completedOn: '2026-03-20', hoursAttended: 58 } }),
    'POST /cases/:caseId/training-drop-outs': () => ({ body: { trainingId: 'tr-drop', droppedOn: '2026-02-25', reason: 'childcare' } }),
    'POST /cases/:caseId/referrals': () => ({ body: { referralId: fresh('ref'), jobOffer: 'Gardener', employer: 'Ayuntamiento', referredOn: '2026-02-15' } }),
    'POST /cases/:caseId/referral-results': () => ({ body: { referralId: 'ref-result', result: 'hired', recordedOn: '2026-02-20' } }),
    'POST /cases/:caseId/contract-documents': () => ({ body: { documentId: fresh('doc'), contractKind: 'insertion-company', employer: EI, registeredOn: '2026-02-01' } }),
    'POST /cases/:caseId/joint-assessment-decisions': () => ({ body: { assessmentId: `ja-${s.placementAssessed}`, decidedOn: '2026-07-05', decision: 'continue', reasons: 'joint assessment' } }),
    // insertion company
    'POST /placements': () => ({ body: { caseId: s.caseId, placementId: fresh('pl'), agreementId: s.agreementId, contractStart: '2026-02-01', position: 'gardener', weeklyHours: 20, tutorId: 'tutor-luis' } }),
    'POST /placements/:placementId/follow-up-meetings': () => ({ body: { meetingId: fresh('fu'), heldOn: '2026-03-01', tutorId: 'tutor-luis', notes: 'fine', scores } }),
    'POST /placements/:placementId/incidents': () => ({ body: { incidentId: fresh('inc'), kind: 'absenteeism', severity: 'low', observedOn: '2026-03-03', description: 'late' } }),
    'POST /placements/:placementId/job-adaptations': () => ({ body: { placementId: s.placement, adaptedOn: '2026-03-05', reason: 'health', fromTask: 'loading', toTask: 'irrigation' } }),
    'POST /placements/:placementId/contract-end': () => ({ path: `/placements/${s.placementToEnd}/contract-end`, body: { endedOn: '2026-07-31', reason: 'term-completed' } }),
    'POST /placements/:placementId/final-evaluation': () => ({ body: { placementId: s.placement, evaluatedOn: '2026-07-20', scores, recommendation: 'ordinary-labour-market', summary: 'final evaluation' } }),
    // regional delegation
    'POST /programmes': () => ({ body: { programmeId: fresh('prog'), name: 'Another programme', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 10 } }),
    'POST /programmes/:programmeId/projects': () => ({ body: { projectId: fresh('prj'), name: 'Another project', runByInstitution: SS, line: 'employment' } }),
    'POST /programmes/:programmeId/enrolments': async ({ who }) => {
      let projectId = s.projectId;
      if (who.institutionId === RD) {
        projectId = fresh('prj');
        await ok('regional-delegation', 'rd-coord', `/programmes/${s.programmeId}/projects`, { projectId, name: 'Enrolment project', runByInstitution: SS, line: 'employment' });
      }
      return { body: { projectId, caseId: s.caseId, enrolledOn: '2026-01-16' } };
    },
    'POST /programmes/:programmeId/results-meeting': async ({ who }) => {
      let programmeId = s.programmeId;
      if (who.institutionId === RD) {
        programmeId = fresh('prog');
        await ok('regional-delegation', 'rd-coord', '/programmes', { programmeId, name: 'To close', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 10 });
      }
      return { path: `/programmes/${programmeId}/results-meeting`, body: { heldOn: '2026-12-15', summary: 'results', improvements: [] } };
    },
    // every service: itinerary steps, tables, audit
    'POST /cases/:caseId/steps/started': ({ caller }) => ({ body: { itineraryId: s.itineraryId, stepId: `start-${holder(STEP_HOLDERS, caller)}`, startedOn: '2026-02-01' } }),
    'POST /cases/:caseId/steps/completed': ({ caller }) => ({ body: { itineraryId: s.itineraryId, stepId: `done-${holder(STEP_HOLDERS, caller)}`, completedOn: '2026-03-01', result: 'achieved' } }),
    'POST /cases/:caseId/steps/started (unknown step)': () => ({ body: { itineraryId: s.itineraryId, stepId: fresh('no-such-step'), startedOn: '2026-02-01' } }),
    'POST /cases/:caseId/steps/accepted': ({ caller }) => ({ body: { itineraryId: s.itineraryId, stepId: `accept-${holder(STEP_HOLDERS, caller)}`, acceptedOn: '2026-01-25' } }),
    'POST /cases/:caseId/steps/declined': ({ caller }) => ({ body: { itineraryId: s.itineraryId, stepId: `decline-${holder(STEP_HOLDERS, caller)}`, declinedOn: '2026-01-25', reason: 'no places' } }),
    'POST /cases/:caseId/steps/change-proposals': ({ caller }) => ({
      body: { itineraryId: s.itineraryId, stepId: `propose-${holder(STEP_HOLDERS, caller)}`, proposalId: fresh('p'), proposedOn: '2026-01-25', reason: 'later', change: { plannedEnd: '2026-12-31', description: 'later' } },
    }),
    'POST /tables (case level)': ({ who }) => ({ body: { tableId: fresh('table'), level: 'case', scopeId: s.caseId, members: [{ institutionId: who.institutionId ?? SS, people: ['x'] }] } }),
    'POST /tables (programme level)': ({ who }) => ({ body: { tableId: fresh('table'), level: 'programme', scopeId: s.programmeId, members: [{ institutionId: who.institutionId ?? RD, people: ['x'] }] } }),
    // A member no column depends on (a fresh one each time, so that each is recorded).
    'POST /tables/:tableId/members': () => ({ body: { member: { institutionId: fresh('ss-elsewhere'), people: ['y'] } } }),
    'POST /tables/:tableId/meetings': () => ({ body: { meetingId: fresh('m'), date: '2026-03-10', agenda: ['follow-up'] } }),
    'POST /tables/:tableId/held-meetings': ({ caller }) => ({ body: { meetingId: `m-hold-${holder(TABLE_HOLDERS, caller)}`, heldOn: '2026-03-02', attendees: [{ institutionId: SS, person: 'ana' }], minutes: 'held' } }),
    'POST /tables/:tableId/cancelled-meetings': ({ caller }) => ({ body: { meetingId: `m-cancel-${holder(TABLE_HOLDERS, caller)}`, reason: 'no quorum' } }),
    'POST /tables/:tableId/decisions': () => ({ body: { meetingId: 'm-setup', decisionId: fresh('d'), text: 'carry on' } }),
    'POST /tables/:tableId/actions': ({ caller }) => ({
      body: { meetingId: 'm-setup', actionId: fresh('a'), description: 'call the person', ownerInstitution: CALLERS[holder(TABLE_HOLDERS, caller)].institutionId, dueOn: '2026-04-01' },
    }),
    'POST /tables/:tableId/completed-actions': ({ caller }) => ({ body: { actionId: `a-${holder(TABLE_HOLDERS, caller)}`, completedOn: '2026-03-20' } }),
    'POST /audit/verification': () => ({ body: { institutionId: SS, checkpoints: [] } }),
    'POST /audit/checkpoints': () => ({ body: {} }),
    // every service: mandates (servizi in delega), granted and revoked by a coordinator of the grantor at its own service
    'POST /mandates': ({ who }) => ({ body: mandateFor(who) }),
    'POST /mandates/:mandateId/revocations': async ({ who, row }) => {
      const mandate = mandateFor(who);
      // A caller who may grant grants one first (the others are refused before any mandate is looked up).
      await send(row.service, who, 'POST', '/mandates', mandate);
      return { path: `/mandates/${mandate.mandateId}/revocations`, body: { revokedOn: today, reason: 'service taken back' } };
    },
    // every service: territorial plans (the shared one led by the delegation, its partners the three others)
    'POST /territorial-plans': () => ({ body: { planId: fresh('plis'), name: 'Another plan', territory: 'Hellín', programmeId: s.programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [] } }),
    // A partner no column depends on (a fresh one each time, so that each is recorded).
    'POST /territorial-plans/:planId/partners': () => ({ body: { institutionId: fresh('third-sector'), role: 'third-sector entity' } }),
    'POST /territorial-plans/:planId/phases': async (call) => ({ path: `/territorial-plans/${await planFor(call, 0)}/phases`, body: { phase: 1, startedOn: today } }),
    'POST /territorial-plans/:planId/context': () => ({ body: { figures: [{ topic: 'population', label: 'inhabitants', value: 173000, unit: 'people', source: 'INE', year: 2025 }] } }),
    'POST /territorial-plans/:planId/findings': () => ({ body: { findingId: fresh('f'), line: 'employment', affectedGroup: 'long-term unemployed', text: 'no qualifications' } }),
    'POST /territorial-plans/:planId/consultation-meetings': () => ({ body: { meetingId: fresh('m'), heldOn: '2026-06-01', topic: 'unions', participants: ['CCOO'], summary: 'work first' } }),
    'POST /territorial-plans/:planId/drafts': async (call) => ({ path: `/territorial-plans/${await planFor(call, 1)}/drafts`, body: { text: 'Borrador', openUntil: '2099-12-31', incorporates: [] } }),
    'POST /territorial-plans/:planId/contribution-answers': ({ caller }) => ({ body: { contributionId: contributions[holder(PLAN_LEADS, caller)], outcome: 'noted', answer: 'thank you' } }),
    'POST /territorial-plans/:planId/consultation-closure': async (call) => {
      const planId = await planFor(call, 1, (id) => ok('regional-delegation', 'rd-coord', `/territorial-plans/${id}/drafts`, { text: 'Borrador', openUntil: '2099-12-31', incorporates: [] }));
      return { path: `/territorial-plans/${planId}/consultation-closure`, body: { closedOn: today } };
    },
    'POST /territorial-plans/:planId/technical-table': async (call) => {
      const tableId = fresh('mesa');
      const planId = await planFor(call, 2, (id) => ok('regional-delegation', 'rd-coord', '/tables', { tableId, level: 'programme', scopeId: id, members: [{ institutionId: RD, people: ['x'] }] }));
      return { path: `/territorial-plans/${planId}/technical-table`, body: { tableId, functions: ['execution', 'coordination'] } };
    },
    'POST /territorial-plans/:planId/lines': async (call) => ({ path: `/territorial-plans/${await planFor(call, 2)}/lines`, body: { line: 'housing', rationale: 'evictions' } }),
    'POST /territorial-plans/:planId/objectives': async (call) => ({ path: `/territorial-plans/${await planFor(call, 2)}/objectives`, body: { objectiveId: fresh('o'), line: 'employment', kind: 'specific', text: 'training' } }),
    'POST /territorial-plans/:planId/priority-scorings': async (call) => ({
      path: `/territorial-plans/${await planFor(call, 2)}/priority-scorings`,
      body: { scores: [{ objectiveId: 'o-1', demographicWeight: 4, severity: 5, likelihood: 3 }], rationale: 'technical table' },
    }),
    'POST /territorial-plans/:planId/targets': async (call) => ({
      path: `/territorial-plans/${await planFor(call, 3)}/targets`,
      body: { targetId: fresh('t'), objectiveId: 'o-1', indicator: 'people-trained', direction: 'at-least', value: 5, dueBy: '2027-12-31' },
    }),
    'POST /territorial-plans/:planId/annual-plans': async (call) => ({ path: `/territorial-plans/${await planFor(call, 3)}/annual-plans`, body: { year: 2027, objectives: ['o-1'], carriesDecisions: [], text: 'annual plan 2027' } }),
    'POST /territorial-plans/:planId/actions': async (call) => ({
      path: `/territorial-plans/${await planFor(call, 3)}/actions`,
      body: { actionId: fresh('a'), year: 2026, line: 'employment', objectives: ['o-1'], description: 'mediation', ownerInstitution: RD, dueOn: '2026-12-20' },
    }),
    'POST /territorial-plans/:planId/follow-up-reviews': async (call) => ({
      path: `/territorial-plans/${await planFor(call, 4)}/follow-up-reviews`,
      body: { reviewId: fresh('r'), heldOn: today, periodFrom: '2026-01-01', periodTo: today, actuals: [{ targetId: 't-1', actual: 0 }], decisions: [] },
    }),
    'POST /territorial-plans/:planId/completed-actions': async (call) => {
      const owner = leadHere(call) ? RD : call.who.institutionId;
      const planId = await ownPlanFor(call, 3, (id) => ok('regional-delegation', 'rd-coord', planPath(id, '/actions'), { actionId: 'a-done', year: 2026, line: 'employment', objectives: ['o-1'], description: 'x', ownerInstitution: owner, dueOn: '2026-12-20' }), (view) => view.actions?.length === 1);
      return { path: planPath(planId, '/completed-actions'), body: { actionId: 'a-done', completedOn: today, result: 'done' } };
    },
    'POST /territorial-plans/:planId/agreement': async (call) => ({ path: planPath(await planFor(call, 2), '/agreement'), body: { text: 'Convenio plurianual', signatories: [SS], proposedOn: today } }),
    'POST /territorial-plans/:planId/agreement-signatures': async (call) => {
      const planId = await ownPlanFor(call, 2, (id) => ok('regional-delegation', 'rd-coord', planPath(id, '/agreement'), { text: 'Convenio', signatories: [SS, EO, EI], proposedOn: today }), (view) => !!view.approval?.agreement);
      return { path: planPath(planId, '/agreement-signatures'), body: { signedOn: today, capacity: 'representative' } };
    },
    'POST /territorial-plans/:planId/approval-votes': async (call) => {
      const planId = await planFor(call, 2, async (id) => {
        await ok('regional-delegation', 'rd-coord', planPath(id, '/agreement'), { text: 'Convenio', signatories: [], proposedOn: today });
        await ok('regional-delegation', 'rd-coord', planPath(id, '/agreement-signatures'), { signedOn: today, capacity: 'Delegada' });
      });
      return { path: planPath(planId, '/approval-votes'), body: { decisionId: fresh('d'), body: 'mayors-committee', decidedOn: today, leadMunicipality: 'Albacete', president: 'Alcalde', votes: [{ municipality: 'Albacete', vote: 'for' }] } };
    },
    'POST /territorial-plans/:planId/coordinator': () => ({ body: { userId: 'coord-rosa', institutionId: RD, appointedOn: today } }),
    'POST /territorial-plans/:planId/office-staff': () => ({ body: { userId: fresh('staff'), institutionId: SS, sector: 'local-body', role: 'técnica', joinedOn: today } }),
    'POST /territorial-plans/:planId/office-staff-departures': async (call) => {
      const userId = fresh('staff');
      if (leadHere(call)) await ok('regional-delegation', 'rd-coord', planPath(s.planId, '/office-staff'), { userId, institutionId: SS, sector: 'health', role: 'x', joinedOn: today });
      return { body: { userId, leftOn: today } };
    },
    'POST /territorial-plans/:planId/groups': () => ({ body: { groupId: fresh('g'), kind: 'consultation-table', name: 'Tavolo terzo settore', formedOn: today } }),
    'POST /territorial-plans/:planId/group-members': async (call) => {
      const groupId = fresh('g');
      if (leadHere(call)) await ok('regional-delegation', 'rd-coord', planPath(s.planId, '/groups'), { groupId, kind: 'working-group', name: 'x', formedOn: today });
      return { body: { groupId, institutionId: EI, joinedOn: today } };
    },
    'POST /territorial-plans/:planId/group-departures': async (call) => {
      const groupId = fresh('g');
      if (leadHere(call)) {
        await ok('regional-delegation', 'rd-coord', planPath(s.planId, '/groups'), { groupId, kind: 'working-group', name: 'x', formedOn: today });
        await ok('regional-delegation', 'rd-coord', planPath(s.planId, '/group-members'), { groupId, institutionId: EI, joinedOn: today });
      }
      return { body: { groupId, institutionId: EI, leftOn: today } };
    },
    'POST /public/territorial-plans/:planId/contributions': () => ({ body: { text: 'a contribution', contributor: { name: 'Pablo' } } }),
    // the municipal Plan de Empleo: social services' and the office's parts on the case, the employer's plan and contract (no column is its employer)
    'POST /cases/:caseId/employment-plan-proposals': () => ({ body: { planId: fresh('pe'), employerInstitution: SME, proposedOn: '2026-01-20', reason: 'long-term unemployed' } }),
    'POST /cases/:caseId/job-adaptation-agreements': () => ({
      body: { adaptationId: fresh('ad'), contractId: s.contract, incidentId: 'inc-plan', agreedOn: '2026-03-06', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' },
    }),
    'POST /cases/:caseId/joint-assessment-agreements': ({ caller }) => ({
      body: { assessmentId: `ja-${s.contract}-${holder(ASSESSMENT_HOLDERS, caller)}`, itineraryId: s.itineraryId, agreedOn: '2026-08-05', decision: 'continue', keepIntegralSupport: false, socialServicesAssessment: 'carry on', employmentOffice: EO },
    }),
    'POST /cases/:caseId/joint-assessment-parts': () => ({ body: { assessmentId: `ja-${s.contract}-part`, recordedOn: '2026-08-01', proposal: 'continue', keepIntegralSupport: false, assessment: 'orientation completed' } }),
    // PACT referrals: each caller refers a fresh person to social services; answers to a referral nobody received are refused
    'POST /referrals': () => ({ body: { referralId: fresh('ref'), toInstitution: SS, personId: fresh('p-ref').replace(/[^A-Za-z0-9_-]/g, '-'), municipality: 'Albacete', signals: ['income-loss'], urgency: 'low', sentOn: '2026-03-01', situation: 'lost the job' } }),
    'POST /referrals/:referralId/acceptance': () => ({ body: { acceptedOn: '2026-03-02', caseId: s.caseId } }),
    'POST /referrals/:referralId/decline': () => ({ body: { declinedOn: '2026-03-02', reason: 'not ours' } }),
    // PACT: a proposal no column holds (a fresh id): the owner reaches the rule (404 PROPOSAL.NOT_FOUND), everyone else is refused first
    'POST /cases/:caseId/proactive-proposals/acceptances': () => ({ body: { proposalId: fresh('pp'), acceptedOn: '2026-03-10', reviewBy: '2026-04-01' } }),
    'POST /cases/:caseId/proactive-proposals/dismissals': () => ({ body: { proposalId: fresh('pp'), dismissedOn: '2026-03-10', reason: 'already reviewed' } }),
    'POST /employment-plans': () => ({ body: { planId: fresh('pe'), name: 'Another plan', periodStart: '2026-02-01', periodEnd: '2026-07-31', socialServices: [SS], employmentOffices: [EO], positions: 2 } }),
    'POST /employment-plans/:planId/preparatory-meetings': () => ({ body: { meetingId: fresh('prep'), heldOn: '2026-01-15', attendees: [{ institutionId: SS, person: 'ana' }], agreements: ['calendar'] } }),
    'POST /employment-plans/:planId/selections': () => ({ body: { planId: s.employmentPlanId, caseId: s.caseId, selectedOn: '2026-01-25', proposedBy: SS } }),
    'POST /employment-plans/:planId/start-assemblies': () => ({ body: { assemblyId: fresh('start'), heldOn: '2026-01-30', attendingCases: [s.caseId], institutions: [{ institutionId: SS, person: 'ana' }], topics: ['the rules'] } }),
    'POST /plan-contracts': () => ({ body: { caseId: s.caseId, contractId: fresh('pc'), planId: s.employmentPlanId, contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'gardener', weeklyHours: 35, tutorId: 'tutor-luis' } }),
    'POST /plan-contracts/:contractId/tutor-follow-ups': () => ({ body: { contractId: s.contract, meetingId: fresh('fu'), heldOn: '2026-03-01', tutorId: 'tutor-luis', notes: 'fine', scores } }),
    'POST /plan-contracts/:contractId/incidents': () => ({ body: { incidentId: fresh('inc'), contractId: s.contract, kind: 'absenteeism', severity: 'low', observedOn: '2026-03-03', description: 'late' } }),
    'POST /plan-contracts/:contractId/job-adaptations': () => ({
      body: { adaptationId: fresh('ad'), contractId: s.contract, incidentId: 'inc-plan', adaptedOn: '2026-03-07', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' },
    }),
    'POST /plan-contracts/:contractId/contract-end': () => ({ body: { contractId: s.contract, endedOn: '2026-07-31', reason: 'term-completed' } }),
    'POST /plan-contracts/:contractId/final-evaluation': () => ({
      body: { contractId: s.contract, evaluatedOn: '2026-07-20', tutorId: 'tutor-luis', scores, recommendation: 'continue-itinerary', summary: 'final evaluation' },
    }),
  };

  it('names every caller the test knows, and only those', () => {
    expect(matrix.callers).toEqual(Object.keys(CALLERS));
  });

  it('lists every route each service serves, and only those', async () => {
    const problems: string[] = [];
    for (const name of SERVICE_NAMES) {
      const document = (await read<{ paths: Record<string, Record<string, unknown>> }>(name, 'none', '/docs/json')).body;
      const served = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)));
      const listed = new Set(matrix.rows.filter((row) => row.service === name).map((row) => `${row.method} ${row.path.split('?')[0]}`));
      for (const route of served) if (!listed.has(route)) problems.push(`${name} serves ${route}, which the matrix does not list`);
      for (const route of listed) if (!served.has(route) && !NOT_IN_OPENAPI.has(route)) problems.push(`the matrix lists ${route} at ${name}, which it does not serve`);
    }
    for (const row of matrix.rows) if (row.method !== 'GET' && !WRITES[row.key]) problems.push(`no request for ${row.key} (docs/security.md line ${row.line}): add it to WRITES`);
    for (const key of Object.keys(WRITES)) if (!matrix.rows.some((row) => row.key === key)) problems.push(`WRITES has ${key}, which the matrix does not list`);
    expect(problems).toEqual([]);
  });

  it('answers every route, for every caller, as the matrix says', async () => {
    const mismatches: { at: number; message: string }[] = [];
    let sent = 0;
    const began = Date.now();
    const check = async (row: MatrixRow, index: number, caller: string) => {
      const expected = row.cells[caller];
      if (expected.kind === 'skip') return;
      const who = CALLERS[caller];
      const what = `${row.service} ${row.key} as ${caller}`;
      const mismatch = (message: string) => mismatches.push({ at: index, message: `${what}: expected ${expected.text}, ${message}` });
      let reply: Reply;
      try {
        const request: Request = row.method === 'GET' ? {} : await WRITES[row.key]({ caller, who, row });
        reply = await send(row.service, who, row.method, request.path ?? fill(row.path, row.service), request.body);
        sent += 1;
      } catch (error) {
        return mismatch(`the request failed: ${(error as Error).message}`);
      }
      const detail = `${reply.status}${reply.code ? ` ${reply.code}` : ''}`;
      const note = expected.known ? ' [a known discrepancy, see the notes under the matrix in docs/security.md]' : '';
      if (!satisfies(expected, reply.status)) return mismatch(`got ${detail}${note}${reply.status >= 500 ? `: ${reply.text.slice(0, 300)}` : ''}`);
      // An allowed command records something: a 2xx that recorded nothing proves nothing.
      if (row.method === 'POST' && reply.status < 300 && /"events":\[\]/.test(reply.text)) mismatch(`got ${detail}, which recorded no event (the body must be one that records)`);
      // The access rules let it through; only the missing signing key stopped it.
      if (reply.code === 'ACCESS.NOT_HOSTED_HERE') mismatch(`got ${detail} (refused only when signing: no access rule refused it)`);
    };
    // One lane per service, in the table's order within each: the services answer in parallel.
    await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        for (const [index, row] of matrix.rows.entries()) {
          if (row.service !== service) continue;
          for (const caller of matrix.callers) await check(row, index, caller);
        }
      }),
    );
    process.stderr.write(`[authorization matrix] ${matrix.rows.length} route rows, ${sent} requests in ${((Date.now() - began) / 1000).toFixed(1)} s, ${mismatches.length} mismatches\n`);
    expect(mismatches.sort((a, b) => a.at - b.at).map((m) => m.message)).toEqual([]);
  }, 240_000);
});
