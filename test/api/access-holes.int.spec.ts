import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { OutboxRelay } from '@inclusion/messaging';
import { openTestStore, TestStore } from '../support/event-store';
import { client } from '../support/http';
import { testKafka, waitFor } from '../support/kafka';
import { testTopicPrefix, TestNetwork } from '../support/service-process';

/**
 * The access holes a black-box probe found, each closed at its rule in the access policy
 * (libs/domain/src/access/access-policy.ts), proven on the four real services over Kafka:
 * nobody joins a case by writing about it, a person's data is erased only by its holder, a
 * consent counts only when the case's owner records it, access is checked before anything
 * else is answered, disclosure follows the purpose, and reactions never act for an invented
 * institution.
 */
describe('the access policy holds across the network', () => {
  const prefix = testTopicPrefix();
  let network: TestNetwork<'social-services' | 'employment-office' | 'insertion-company' | 'regional-delegation'>;
  let db: Client;
  let forger: TestStore;
  let relay: OutboxRelay;
  const SS = 'ss-albacete';
  const caseId = `case-${randomUUID()}`;
  const personId = `p-${randomUUID().slice(0, 8)}`;
  const identity = { name: 'María Pérez', idNumber: '12345678Z' };

  const ss = () => client(network.services['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
  const hellin = (role: 'technician' | 'coordinator' = 'technician') => client(network.services['social-services'], { institutionId: 'ss-hellin', userId: 'tech-pau', role });
  const supervisorAt = (service: 'social-services' | 'regional-delegation') => client(network.services[service], { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
  const office = (service: 'social-services' | 'employment-office' = 'social-services') => client(network.services[service], { institutionId: 'eo-albacete', userId: 'orient-eva', role: 'technician' });

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'employment-office', 'insertion-company', 'regional-delegation'] as const, 'holes', { KAFKA_TOPIC_PREFIX: prefix });
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    forger = await openTestStore('holes_forger', eventTopicOf('social-services', prefix));
    relay = new OutboxRelay({ dataSource: forger.dataSource, kafka: testKafka(), connectionString: process.env.DATABASE_URL!, notifyChannel: forger.store.notifyChannel, idlePollMs: 200 });
    await relay.start();
    await ss().ok('/cases', { caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [], identity, openedOn: '2026-01-10' });
    await ss().ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-01-20', dimensions: [{ dimension: 'health', score: 8, critical: true }], healthDetails: 'type 1 diabetes' });
    await ss().ok(`/cases/${caseId}/itinerary`, { itineraryId: 'it-1', steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] });
  }, 180_000);
  afterAll(async () => {
    await relay?.stop();
    await forger?.close();
    await db?.end();
    await network?.stop();
  });

  it('an institution does not join a case by creating a case table for it (social services, and a company at its own service)', async () => {
    expect((await hellin().get(`/cases/${caseId}/timeline`)).status).toBe(403);
    const table = await hellin().post('/tables', { tableId: `t-${randomUUID()}`, level: 'case', scopeId: caseId, members: [{ institutionId: 'ss-hellin', people: ['pau'] }] });
    expect(table).toMatchObject({ status: 403, body: { code: 'ACCESS.DENIED' } });
    expect((await hellin().get(`/cases/${caseId}/timeline`)).status).toBe(403);

    const other = client(network.services['insertion-company'], { institutionId: 'ei-other', userId: 'tutor-x', role: 'tutor' });
    const atCompany = await other.post('/tables', { tableId: `t-${randomUUID()}`, level: 'case', scopeId: caseId, members: [{ institutionId: 'ei-other', people: ['x'] }] });
    expect(atCompany).toMatchObject({ status: 403, body: { code: 'ACCESS.DENIED' } });
    expect((await other.get(`/cases/${caseId}/timeline`)).status).toBe(403);
  });

  it("another institution cannot become a holder of the person's data, nor erase it", async () => {
    const throwaway = await hellin().post('/cases', { caseId: `case-${randomUUID()}`, personId, municipality: 'Hellín', gender: 'female', birthYear: 1980, incidenceGroups: [] });
    expect(throwaway).toMatchObject({ status: 403, body: { code: 'ACCESS.PERSON_HELD_ELSEWHERE' } });
    const erasure = await hellin('coordinator').post(`/persons/${personId}/erasure`, { erasedOn: '2026-11-22', reason: 'request' });
    expect(erasure).toMatchObject({ status: 403, body: { code: 'ACCESS.DENIED' } });
    const timeline = await ss().get(`/cases/${caseId}/timeline`);
    expect(timeline.body.events[0].payload.identity).toEqual(identity);
    expect((await ss().post(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' })).status).toBe(201);
  });

  it("checks access before the expected version: a stranger learns nothing of the case's existence or version", async () => {
    const stale = await hellin().post(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-pau' }, { 'x-expected-version': '99' });
    const missing = await hellin().post(`/cases/case-${randomUUID()}/reference-technician`, { technicianId: 'tech-pau' }, { 'x-expected-version': '99' });
    expect(stale.status).toBe(403);
    expect(stale.body).toEqual(missing.body);
    expect(JSON.stringify(stale.body)).not.toMatch(/version/);
  });

  it('discloses identity and health details only to the owner, for the case work; statistics never', async () => {
    const shown = async (reader: ReturnType<typeof ss>, purpose: string) => {
      const reply = await reader.get(`/cases/${caseId}/timeline`, { 'x-purpose': purpose });
      expect(reply.status).toBe(200);
      const opened = reply.body.events.find((e: { type: string }) => e.type === 'case.opened');
      const diagnosis = reply.body.events.find((e: { type: string }) => e.type === 'case.diagnosis-recorded');
      return { identity: opened.payload.identity, healthDetails: diagnosis.payload.healthDetails, diagnosis: diagnosis.payload };
    };
    const withheld = { $withheld: true, reason: expect.any(String) };
    expect(await shown(ss(), 'follow-up')).toMatchObject({ identity, healthDetails: 'type 1 diabetes' });
    const statistics = await shown(ss(), 'statistics');
    expect(statistics.identity).toEqual(withheld);
    expect(statistics.diagnosis).toMatchObject({ jobAdaptationNeeded: true });
    expect(JSON.stringify(statistics)).not.toMatch(/diabetes|María|"health"/);
    const byOffice = await shown(office(), 'follow-up');
    expect(byOffice.identity).toEqual(withheld);
    expect(byOffice.diagnosis).toMatchObject({ jobAdaptationNeeded: true });
    expect(JSON.stringify(byOffice)).not.toMatch(/diabetes|María/);
    expect((await shown(supervisorAt('social-services'), 'supervision')).identity).toEqual(withheld);
  });

  it("a consent recorded through Kafka by anyone but the case's owner has no effect", async () => {
    const supervisor = supervisorAt('regional-delegation');
    await ss().ok(`/cases/${caseId}/consent-withdrawals`, { institutionId: 'rd-albacete', purpose: 'supervision', on: '2026-11-22' });
    await waitFor(async () => (await supervisor.get(`/supervision/cases/${caseId}/timeline`)).status === 403, 60_000, 'the withdrawal to reach the delegation');
    // A registered social-services institution, validly signed, but not the case's owner.
    const { events } = await forger.store.append(
      `case-${caseId}`,
      [{ type: 'consent.given', schemaVersion: 1, caseId, payload: { institutionId: 'rd-albacete', purpose: 'supervision', on: '2026-11-23' } }],
      'any',
      { institutionId: 'ss-hellin', actor: { userId: 'tech-pau', role: 'technician' }, correlationId: randomUUID() },
    );
    const schema = network.schemas['regional-delegation'];
    await waitFor(async () => (await db.query(`SELECT 1 FROM "${schema}".network_log WHERE event_id = $1`, [events[0].eventId]).catch(() => ({ rowCount: 0 }))).rowCount === 1, 60_000, 'the forged consent to reach the delegation');
    const reply = await supervisor.get(`/supervision/cases/${caseId}/timeline`);
    expect(reply).toMatchObject({ status: 403, body: { code: 'ACCESS.CONSENT_WITHDRAWN' } });
    const participants = await db.query(`SELECT institution_id FROM "${schema}".network_log_participants WHERE case_id = $1`, [caseId]);
    expect(participants.rows.map((r) => r.institution_id)).not.toContain('ss-hellin');
  });

  it('a member of another kind records its table facts at its own service; every member sees them', async () => {
    const tableId = `t-${randomUUID()}`;
    await ss().ok('/tables', { tableId, level: 'case', scopeId: caseId, members: [SS, 'eo-albacete'].map((institutionId) => ({ institutionId, people: ['x'] })) });
    await ss().ok(`/tables/${tableId}/meetings`, { meetingId: 'm1', date: '2026-03-12', agenda: ['follow-up'] });
    await ss().ok(`/tables/${tableId}/held-meetings`, { meetingId: 'm1', heldOn: '2026-03-12', attendees: [{ institutionId: SS, person: 'ana' }, { institutionId: 'eo-albacete', person: 'eva' }], minutes: 'held' });
    await ss().ok(`/tables/${tableId}/actions`, { meetingId: 'm1', actionId: 'a-cv', description: 'Update the CV', ownerInstitution: 'eo-albacete', dueOn: '2026-03-31' });

    const atSocialServices = await office('social-services').post(`/tables/${tableId}/completed-actions`, { actionId: 'a-cv', completedOn: '2026-03-20' });
    expect(atSocialServices).toMatchObject({ status: 403, body: { code: 'ACCESS.WRONG_INSTITUTION_KIND' } });
    await waitFor(async () => (await office('employment-office').get(`/tables/${tableId}`)).body?.openActions?.length === 1, 60_000, 'the table to reach the employment office');
    const completed = await office('employment-office').ok(`/tables/${tableId}/completed-actions`, { actionId: 'a-cv', completedOn: '2026-03-20' });
    expect(completed.events[0]).toMatchObject({ type: 'table.action-completed', institutionId: 'eo-albacete' });
    await waitFor(async () => (await ss().get(`/tables/${tableId}`)).body?.openActions?.length === 0, 60_000, "the office's completion to reach social services");
  });

  it('a refused reaction is a recorded fact; a reaction that cannot name its institution waits, visibly, and never acts for an invented one', async () => {
    // The owner closes the itinerary, then a case-table decision tries to reorient it: the rules refuse, and say so in the trail.
    const tableId = `t-${randomUUID()}`;
    await ss().ok(`/cases/${caseId}/itinerary/closure`, { itineraryId: 'it-1', closedOn: '2026-04-01', reason: 'plan ended' });
    await ss().ok('/tables', { tableId, level: 'case', scopeId: caseId, members: [{ institutionId: SS, people: ['ana'] }] });
    await ss().ok(`/tables/${tableId}/meetings`, { meetingId: 'm1', date: '2026-04-02', agenda: ['reorientation'] });
    await ss().ok(`/tables/${tableId}/held-meetings`, { meetingId: 'm1', heldOn: '2026-04-02', attendees: [{ institutionId: SS, person: 'ana' }], minutes: 'held' });
    const decision = await ss().ok(`/tables/${tableId}/decisions`, {
      meetingId: 'm1', decisionId: 'd1', text: 'reorient',
      reorientsItinerary: { itineraryId: 'it-1', reason: 'health', steps: [{ stepId: 'adapted', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-05-01', plannedEnd: '2026-06-01' }] },
    });
    await waitFor(async () => (await ss().get(`/cases/${caseId}/timeline`)).body.events.some((e: { type: string }) => e.type === 'reaction.refused'), 60_000, 'the refusal in the trail');
    const refusal = (await ss().get(`/cases/${caseId}/timeline`)).body.events.find((e: { type: string }) => e.type === 'reaction.refused');
    expect(refusal).toMatchObject({ institutionId: SS, causationId: decision.events[0].eventId, payload: { reaction: 'reorient-after-table-decision', code: 'ITINERARY.CLOSED' } });

    // A plan with no employment office: its end opens no joint assessment, for nobody; the reaction waits, visibly.
    const lonely = `case-${randomUUID()}`;
    await ss().ok('/cases', { caseId: lonely, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'male', birthYear: 1975, incidenceGroups: [] });
    await ss().ok(`/cases/${lonely}/itinerary`, { itineraryId: 'it-l', steps: [{ stepId: 'job', kind: 'insertion-company-placement', responsibleInstitution: 'ei-solidaria', plannedStart: '2026-02-01', plannedEnd: '2026-06-01' }] });
    await ss().ok(`/cases/${lonely}/itinerary/closure`, { itineraryId: 'it-l', closedOn: '2026-06-02', reason: 'plan ended' });
    const eo = supervisorAt('social-services');
    const eoSupervisor = client(network.services['employment-office'], { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    await waitFor(async () => (await eoSupervisor.get(`/audit/pending-reactions?caseId=${lonely}`)).body?.entries?.length === 1, 60_000, 'the waiting reaction');
    const pending = await eoSupervisor.get(`/audit/pending-reactions?caseId=${lonely}`);
    expect(pending.body.entries[0]).toMatchObject({ reaction: 'open-joint-assessment', causeType: 'itinerary.closed', code: 'REACTION.NO_INSTITUTION', resolvedAt: null });
    const schema = network.schemas['employment-office'];
    const recorded = await db.query(`SELECT institution_id FROM "${schema}".events WHERE case_id = $1`, [lonely]);
    expect(recorded.rows).toEqual([]);
    expect((await eo.get('/audit/pending-reactions')).status).toBe(200);
    expect((await office('employment-office').get('/audit/pending-reactions')).status).toBe(403);
  });
});
