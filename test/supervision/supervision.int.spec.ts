import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { waitFor } from '../support/kafka';
import { ServiceProcess, TestNetwork } from '../support/service-process';
import { openSse, SseStream } from '../support/sse';
import { ROOT } from '../support/stack';

const exec = promisify(execFile);
const cli = (...args: string[]) =>
  exec(process.execPath, [join(ROOT, 'dist', 'scripts', 'cli.js'), ...args], { env: process.env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/**
 * Supervision at the regional delegation, across real service processes: the network log
 * fills from Kafka, the indicators match the scripted scenario, live streams resume at a
 * position without missing or repeating anything, filters and access rules hold on streams,
 * and a rebuild of the projections from the log equals the live ones.
 */
describe('supervision: network log, read models and live streams', () => {
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const names = ['social-services', 'employment-office', 'regional-delegation'] as const;
  type Name = (typeof names)[number];
  let network: TestNetwork<Name>;
  let services: Record<Name, ServiceProcess>;
  let schemas: Record<Name, string>;
  const SS = 'ss-albacete', EO = 'eo-albacete', RD = 'rd-albacete';
  const programme = id('plan');
  const project = id('cohort');
  const streams: SseStream[] = [];

  let ss: ReturnType<typeof client>;
  let eo: ReturnType<typeof client>;
  let rd: ReturnType<typeof client>;
  let supervisor: ReturnType<typeof client>;

  const headersOf = async (institutionId: string, userId: string, role: 'supervisor' | 'coordinator' | 'technician', purpose = 'supervision') => ({
    authorization: `Bearer ${await tokenFor(institutionId, userId, role)}`,
    'x-purpose': purpose,
  });
  const stream = async (query: string, headers: Record<string, string>) => {
    const s = await openSse(`${services['regional-delegation'].url}/streams/events?${query}`, headers);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    network = await TestNetwork.start(names, 'sup', { CHECKPOINT_INTERVAL_MS: '2000' });
    services = network.services;
    schemas = network.schemas;
    ss = client(services['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    eo = client(services['employment-office'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });
    rd = client(services['regional-delegation'], { institutionId: RD, userId: 'coord-rosa', role: 'coordinator' });
    supervisor = client(services['regional-delegation'], { institutionId: RD, userId: 'sup-marta', role: 'supervisor' });
  }, 180_000);

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await network?.stop();
  }, 60_000);

  const people = [
    { n: 1, gender: 'female', birthYear: 1980, trained: true },
    { n: 2, gender: 'female', birthYear: 1999, trained: true },
    { n: 3, gender: 'male', birthYear: 1970, trained: true },
    { n: 4, gender: 'female', birthYear: 1990, trained: false },
    { n: 5, gender: 'male', birthYear: 1985, trained: false },
  ];
  const caseOf = (n: number) => id(`case-${n}`);

  async function openAndEnrol(p: { n: number; gender: string; birthYear: number }) {
    const caseId = caseOf(p.n);
    await ss.ok('/cases', { caseId, personId: id(`p-${p.n}`), municipality: 'Albacete', gender: p.gender, birthYear: p.birthYear, incidenceGroups: ['long-term-unemployed'], openedOn: '2026-02-01' });
    await ss.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' });
    await ss.ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-02-05', dimensions: [{ dimension: 'employability', score: 7, critical: true }, { dimension: 'income', score: 6, critical: false }] });
    await ss.ok(`/cases/${caseId}/itinerary`, {
      itineraryId: `it-${caseId}`,
      steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: EO, plannedStart: '2026-03-01', plannedEnd: '2026-04-30' }],
    });
    await rd.ok(`/programmes/${programme}/enrolments`, { projectId: project, caseId, enrolledOn: '2026-02-10' });
  }

  async function train(n: number) {
    const body = { trainingId: 'forklift', course: 'Forklift operator', hours: 60, startsOn: '2026-03-02' };
    // The employment office takes part once social services' itinerary reaches it through Kafka.
    await waitFor(async () => (await eo.post(`/cases/${caseOf(n)}/trainings`, body)).status === 201, 60_000, `training of case ${n}`);
  }

  const indicators = async () => (await rd.get(`/programmes/${programme}/indicators`)).body;

  it('computes the indicators of the scripted scenario from the events of three institutions', async () => {
    await rd.ok('/programmes', { programmeId: programme, name: 'Plan de Empleo', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 100000 });
    await rd.ok(`/programmes/${programme}/projects`, { projectId: project, name: 'Cohort', runByInstitution: SS, line: 'employment' });
    for (const p of people) await openAndEnrol(p);
    for (const p of people.filter((x) => x.trained)) await train(p.n);

    // Every diagnosis too: an enrolment (the delegation's own topic) can arrive before the opening it refers to.
    await waitFor(async () => {
      const x = await indicators();
      return x?.trainings?.people === 3 && x.peopleAttended?.total === 5 && x.diagnosesDone === 5;
    }, 60_000, 'indicators to catch up');
    const x = await indicators();
    expect(x.programme).toMatchObject({ programmeId: programme, name: 'Plan de Empleo' });
    expect(x.peopleAttended).toMatchObject({ total: 5, byGender: { female: 3, male: 2 }, byIncidenceGroup: { 'long-term-unemployed': 5 } });
    expect(x.trainings).toMatchObject({ people: 3, peopleByGender: { female: 2, male: 1 }, started: 3, completed: 0, dropped: 0 });
    expect(x.diagnosesDone).toBe(5);
    expect(x.funnel.find((f: { stage: string }) => f.stage === 'in-progress').reached).toBe(3);

    const risk = await supervisor.get(`/programmes/${programme}/risk`);
    expect(risk.status).toBe(200);
    expect(risk.body.cases).toHaveLength(5);
    expect(risk.body.cases[0].risk).toMatchObject({ formula: 'pact-chronification', version: 1, components: { diagnosis: 31 } });

    const compliance = await supervisor.get(`/programmes/${programme}/compliance?asOf=2026-02-20T00:00:00Z`);
    expect(compliance.status).toBe(200);
    const rule = (rid: string) => compliance.body.rules.find((r: { id: string }) => r.id === rid);
    expect(rule('case.diagnosis')).toMatchObject({ checked: 5, compliant: 5 });
    // The technician assignment has no date of its own: it is held against the opening's recording time.
    const now = (await supervisor.get(`/programmes/${programme}/compliance`)).body;
    expect(now.rules.find((r: { id: string }) => r.id === 'case.reference-technician')).toMatchObject({ checked: 5, compliant: 5, byInstitution: [{ institutionId: SS, checked: 5, compliant: 5, offending: [] }] });
  });

  it('resumes a stream at a position with nothing missed and nothing repeated, while events keep coming', async () => {
    const headers = await headersOf(RD, 'sup-marta', 'supervisor');
    const everything = await stream(`programmeId=${programme}&after=0`, headers);
    // At least: programme, project, 5 enrolments, 3 trainings (a case's earlier events join if they reached the delegation after its enrolment).
    const first = await everything.waitFor(10);
    const positions = first.map((e) => Number(e.id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const resumeAt = positions[4];
    everything.close();

    // New events while nobody listens, then a resumed stream: catch-up, then live.
    await openAndEnrol({ n: 6, gender: 'male', birthYear: 2001 });
    const resumed = await stream(`programmeId=${programme}`, { ...headers, 'last-event-id': String(resumeAt) });
    await openAndEnrol({ n: 7, gender: 'female', birthYear: 1975 });
    await train(6);

    // The reference: a fresh stream from the beginning, read to the same point.
    await waitFor(async () => (await indicators())?.trainings?.people === 4 && (await indicators())?.peopleAttended?.total === 7, 60_000, 'the new events in the read models');
    const reference = await stream(`programmeId=${programme}&after=0`, headers);
    await waitFor(() => reference.events.some((e) => e.event === 'training.enrolled' && JSON.parse(e.data).caseId === caseOf(6)), 60_000, 'the reference stream to reach the last event');
    const expected = reference.events.filter((e) => Number(e.id) > resumeAt).map((e) => e.id);
    await resumed.waitFor(expected.length, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(resumed.events.map((e) => e.id)).toEqual(expected);
    expect(new Set(resumed.events.map((e) => JSON.parse(e.data).eventId)).size).toBe(resumed.events.length);
    // A case's events join the programme's stream from its enrolment on; each carries its envelope.
    const ofCase6 = resumed.events.filter((e) => JSON.parse(e.data).caseId === caseOf(6));
    expect(ofCase6.map((e) => e.event)).toEqual(expect.arrayContaining(['programme.case-enrolled', 'training.enrolled']));
    const enrolledAt = Number(ofCase6.find((e) => e.event === 'programme.case-enrolled')!.id);
    expect(ofCase6.every((e) => Number(e.id) >= enrolledAt)).toBe(true);
    const training = ofCase6.find((e) => e.event === 'training.enrolled')!;
    expect(JSON.parse(training.data)).toMatchObject({ institutionId: EO, actor: { userId: 'orient-eva', role: 'technician' }, caseId: caseOf(6), payload: { course: 'Forklift operator' } });
  });

  it('applies filters and the access rules to streams', async () => {
    const headers = await headersOf(RD, 'sup-marta', 'supervisor');
    const oneCase = await stream(`caseId=${caseOf(1)}&after=0`, headers);
    const byType = await stream(`type=training.enrolled,programme.case-enrolled&programmeId=${programme}&after=0`, headers);
    const byInstitution = await stream(`institutionId=${EO}&after=0`, headers);
    await oneCase.waitFor(5);
    await byType.waitFor(11); // 7 enrolments + 4 trainings
    await byInstitution.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(oneCase.events.every((e) => JSON.parse(e.data).caseId === caseOf(1))).toBe(true);
    expect(new Set(byType.events.map((e) => e.event))).toEqual(new Set(['training.enrolled', 'programme.case-enrolled']));
    expect(byType.events).toHaveLength(11);
    expect(byInstitution.events.every((e) => JSON.parse(e.data).institutionId === EO)).toBe(true);

    const refused = async (query: string, h: Record<string, string>) => {
      const s = await stream(query, h);
      return { status: s.status, code: (s.body as { code?: string } | undefined)?.code };
    };
    expect(await refused('after=0', { 'x-purpose': 'supervision' })).toEqual({ status: 401, code: 'AUTH.MISSING_TOKEN' });
    expect(await refused('after=0', await headersOf(SS, 'tech-ana', 'technician', 'supervision'))).toEqual({ status: 403, code: 'ACCESS.PURPOSE_NOT_ALLOWED' });
    expect(await refused('after=0', await headersOf(RD, 'coord-rosa', 'coordinator'))).toEqual({ status: 403, code: 'ACCESS.SUPERVISORS_ONLY' });
    expect(await refused('after=0', await headersOf(RD, 'sup-marta', 'supervisor', ''))).toEqual({ status: 400, code: 'ACCESS.PURPOSE_REQUIRED' });
    expect(await refused(`programmeId=${programme}`, await headersOf('rd-toledo', 'sup-toledo', 'supervisor'))).toEqual({ status: 403, code: 'ACCESS.DENIED' });
    expect(await refused('after=-1&type=', headers)).toMatchObject({ status: 400 });
    expect(await refused('after=0', { ...headers, 'last-event-id': 'yesterday' })).toEqual({ status: 400, code: 'REQUEST.INVALID_HEADERS' });
    // Another institution follows only the cases it takes part in, from the moment it joined them:
    // the employment office from the itinerary that gave it a step, not the opening or the diagnosis.
    const office = await stream(`caseId=${caseOf(1)}&after=0`, await headersOf(EO, 'orient-eva', 'technician', 'follow-up'));
    expect(office.status).toBe(200);
    await waitFor(() => office.events.some((e) => e.event === 'training.enrolled'), 30_000, "the office's own training in its stream");
    const seen = office.events.map((e) => e.event);
    expect(seen).toContain('itinerary.designed');
    expect(seen).not.toContain('case.opened');
    expect(seen).not.toContain('case.diagnosis-recorded');
    const stranger = await stream('after=0', await headersOf('ss-hellin', 'tech-bea', 'technician', 'follow-up'));
    expect(stranger.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stranger.events).toHaveLength(0);
    // Indicators: the other delegation gets the same 403 for this programme as for one that does not exist.
    const toledo = client(services['regional-delegation'], { institutionId: 'rd-toledo', userId: 'sup-toledo', role: 'supervisor' });
    expect((await toledo.get(`/programmes/${programme}/indicators`)).status).toBe(403);
    expect((await toledo.get(`/programmes/no-such-programme/indicators`)).status).toBe(403);
  });

  it('shows a case timeline across institutions with each event verified', async () => {
    await waitFor(async () => {
      const t = await supervisor.get(`/supervision/cases/${caseOf(1)}/timeline`);
      return t.status === 200 && t.body.entries.every((e: { verification: { status: string } }) => e.verification.status === 'verified');
    }, 60_000, 'checkpoints of every institution to pin their keys');
    const { body } = await supervisor.get(`/supervision/cases/${caseOf(1)}/timeline`);
    expect(new Set(body.entries.map((e: { institutionId: string }) => e.institutionId))).toEqual(new Set([SS, EO, RD]));
    expect(body.entries.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['case.opened', 'case.diagnosis-recorded', 'programme.case-enrolled', 'training.enrolled']));
    expect(body.facts).toMatchObject({ caseId: caseOf(1), programmeId: programme, gender: 'female' });
    expect((await supervisor.get(`/supervision/cases/${id('nobody')}/timeline`)).status).toBe(404);
  });

  it("hides a case from the person's withdrawal of consent for supervision on, as the rest of the API does", async () => {
    const caseId = caseOf(2);
    const headers = await headersOf(RD, 'sup-marta', 'supervisor');
    await ss.ok(`/cases/${caseId}/consent-withdrawals`, { institutionId: RD, purpose: 'supervision', on: '2026-03-10' });
    await ss.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-hidden' });
    await waitFor(async () => (await supervisor.get(`/supervision/cases/${caseId}/timeline`)).status === 403, 60_000, 'the withdrawal to reach the delegation');
    expect((await supervisor.get(`/supervision/cases/${caseId}/timeline`)).body.code).toBe('ACCESS.CONSENT_WITHDRAWN');
    expect(((await supervisor.get(`/programmes/${programme}/risk`)).body.cases as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);

    await ss.ok(`/cases/${caseId}/consents`, { institutionId: RD, purpose: 'supervision', on: '2026-03-20' });
    await ss.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-visible' });
    await waitFor(async () => (await supervisor.get(`/supervision/cases/${caseId}/timeline`)).status === 200, 60_000, 'the new consent to reach the delegation');
    const replay = await stream(`caseId=${caseId}&after=0`, headers);
    await waitFor(() => replay.events.some((e) => JSON.parse(e.data).payload?.technicianId === 'tech-visible'), 60_000, 'the event after the new consent');
    const technicians = replay.events.filter((e) => e.event === 'case.reference-technician-assigned').map((e) => JSON.parse(e.data).payload.technicianId);
    expect(technicians).toEqual(['tech-ana', 'tech-visible']);
    expect(replay.events.map((e) => e.event)).not.toContain('consent.withdrawn');
    // Aggregates still count the case (no personal data): the indicators do not change.
    expect((await indicators()).peopleAttended.total).toBe(7);
  });

  it('documents the query parameters in OpenAPI from their validation rules', async () => {
    const openapi = await (await fetch(`${services['regional-delegation'].url}/docs/json`)).json();
    const parameters = (path: string) => (openapi.paths[path].get.parameters as { name: string; in: string; schema: Record<string, unknown> }[]).filter((p) => p.in === 'query');
    expect(parameters('/programmes/{programmeId}/indicators').map((p) => p.name).sort()).toEqual(['asOf', 'from', 'institutionId', 'projectId', 'to']);
    expect(parameters('/programmes/{programmeId}/compliance').find((p) => p.name === 'acknowledgeWithinHours')!.schema).toMatchObject({ minimum: 1, maximum: 8760 });
    expect(parameters('/streams/events').map((p) => p.name)).toEqual(expect.arrayContaining(['programmeId', 'caseId', 'type', 'after']));
    expect(parameters('/audit/trail').find((p) => p.name === 'format')!.schema).toMatchObject({ enum: ['json', 'jsonl', 'csv'] });
  });

  it('rebuilds the projections from the log with exactly the live result', async () => {
    const schema = schemas['regional-delegation'];
    const check = await cli('rebuild-projection', '--schema', schema, '--check');
    expect(check.stderr).toMatch(/every projection equals a fresh fold of the log/);
    expect(check.code).toBe(0);
    const before = await supervisor.get(`/programmes/${programme}/indicators?asOf=2026-12-31T00:00:00Z`);
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const participants = async () => (await db.query(`SELECT case_id, institution_id, from_position, owner FROM "${schema}".network_log_participants ORDER BY 1, 2`)).rows;
    const participantsBefore = await participants();
    expect(participantsBefore.length).toBeGreaterThan(0);
    const rebuilt = await cli('rebuild-projection', '--schema', schema);
    expect(await participants()).toEqual(participantsBefore);
    await db.end();
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/folded \d+\/\d+ events/);
    const reports = rebuilt.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(reports.map((r: { projection: string }) => r.projection)).toEqual(['case-facts', 'table-facts', 'programme-facts']);
    expect(reports[0].documents).toBe(7);
    const after = await supervisor.get(`/programmes/${programme}/indicators?asOf=2026-12-31T00:00:00Z`);
    expect(after.body).toEqual(before.body);
    expect((await cli('rebuild-projection', '--schema', schema, '--check')).code).toBe(0);
  });

  it('ends open streams when the service shuts down, so the drain does not wait for them', async () => {
    const rdService = services['regional-delegation'];
    const open = await stream('after=0', await headersOf(RD, 'sup-marta', 'supervisor'));
    await open.waitFor(1);
    rdService.child.kill('SIGTERM');
    expect(await rdService.exited(30_000)).toBe(0);
    await waitFor(() => open.ended, 10_000, 'the stream to end');
    expect(rdService.log).not.toMatch(/still unanswered/);
  });
});
