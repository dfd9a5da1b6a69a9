import { randomUUID } from 'node:crypto';
import { eventTopicOf } from '@inclusion/contracts';
import { ensureTopics, OutboxRelay } from '@inclusion/messaging';
import { dropSchemas } from '../support/database';
import { caseOpened, openTestStore, TestStore } from '../support/event-store';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { testKafka, waitFor } from '../support/kafka';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

const NOT_DATE = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

/**
 * A reaction reaches the delegation before its cause, twice over: social services'
 * incident.follow-up-opened is published while the company's incident.reported that caused it
 * is held back (the topics arrive in either order), and social services' clock is 1.5 s behind
 * the company's (the effect's recording time is earlier than its cause's). The supervisor's
 * case timeline, the audit trail (whole and page by page) and the case as the delegation
 * knows it still list the cause first; the network log keeps the arrival positions.
 */
describe('supervision: an effect never before its cause', () => {
  const prefix = testTopicPrefix();
  const schema = uniqueSchema('causal_rd');
  const caseId = `case-causal-${randomUUID().slice(0, 8)}`;
  const SS = 'ss-albacete', EI = 'ei-solidaria', RD = 'rd-albacete';
  let company: TestStore;
  let socialServices: TestStore;
  let companyRelay: OutboxRelay;
  let ssRelay: OutboxRelay;
  let delegation: ServiceProcess;
  let supervisor: ReturnType<typeof client>;

  beforeAll(async () => {
    const kafka = testKafka();
    const eiTopic = eventTopicOf('insertion-company', prefix);
    const ssTopic = eventTopicOf('social-services', prefix);
    await ensureTopics(kafka, [eiTopic, ssTopic, eventTopicOf('employment-office', prefix), eventTopicOf('regional-delegation', prefix)], 3);
    company = await openTestStore('causal_company', eiTopic);
    socialServices = await openTestStore('causal_ss', ssTopic);
    const relayOf = (store: TestStore) => new OutboxRelay({ dataSource: store.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: store.store.notifyChannel, idlePollMs: 200 });
    companyRelay = relayOf(company);
    ssRelay = relayOf(socialServices);
    await ssRelay.start(); // the company's relay starts only once the effect has arrived
    delegation = await ServiceProcess.start('regional-delegation', { DATABASE_SCHEMA: schema, KAFKA_TOPIC_PREFIX: prefix });
    await delegation.waitHealthy(90_000);
    supervisor = client(delegation, { institutionId: RD, userId: 'sup-marta', role: 'supervisor' });
  }, 180_000);

  afterAll(async () => {
    jest.useRealTimers();
    await delegation?.stop();
    await companyRelay?.stop();
    await ssRelay?.stop();
    await company?.close();
    await socialServices?.close();
    await dropSchemas(schema);
  }, 60_000);

  const timeline = async () => (await supervisor.get(`/supervision/cases/${caseId}/timeline`)).body as { entries?: { position: number; eventId: string; type: string; causationId: string | null }[] };

  it('lists the incident report before the follow-up it caused, on the supervisor timeline, the audit trail and the case view', async () => {
    const ssContext = { institutionId: SS, actor: { userId: 'tech-ana', role: 'technician' as const }, correlationId: randomUUID() };
    await socialServices.store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', ssContext);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // social services' chain stays in time order with its clock 1.5 s behind
    const reported = (
      await company.store.append(
        `placement-${caseId}`,
        [{ type: 'incident.reported', schemaVersion: 1, caseId, payload: { incidentId: 'inc-1', placementId: `pl-${caseId}`, kind: 'absenteeism', severity: 'medium', observedOn: '2026-03-03', description: 'Three days absent' } }],
        'no-stream',
        { institutionId: EI, actor: { userId: 'tutor-luis', role: 'tutor' }, correlationId: ssContext.correlationId },
      )
    ).events[0];

    // Social services' clock is 1.5 s behind: its reaction is recorded "before" its cause.
    jest.useFakeTimers({ now: Date.parse(reported.recordedAt) - 1_500, advanceTimers: true, doNotFake: [...NOT_DATE] });
    const followUp = await socialServices.store
      .append(
        `case-${caseId}`,
        [{ type: 'incident.follow-up-opened', schemaVersion: 1, caseId, payload: { incidentId: 'inc-1', reportedByInstitution: EI, kind: 'absenteeism', severity: 'medium', referenceTechnician: 'tech-ana' } }],
        1,
        { ...ssContext, causationId: reported.eventId },
      )
      .finally(() => jest.useRealTimers());
    const effect = followUp.events[0];
    expect(effect.causationId).toBe(reported.eventId);
    expect(effect.recordedAt < reported.recordedAt).toBe(true);

    // The effect reaches the delegation's log first; then the company's topic catches up.
    await waitFor(async () => ((await timeline()).entries ?? []).some((e) => e.eventId === effect.eventId), 60_000, 'the follow-up at the delegation');
    await companyRelay.start();
    await waitFor(async () => ((await timeline()).entries ?? []).length === 3, 60_000, 'the incident report at the delegation');

    const { entries } = await timeline();
    expect(entries!.map((e) => e.type)).toEqual(['case.opened', 'incident.reported', 'incident.follow-up-opened']);
    const position = (eventId: string) => entries!.find((e) => e.eventId === eventId)!.position;
    // Positions are the arrival order, kept as they were: the cause arrived after its effect.
    expect(position(reported.eventId)).toBeGreaterThan(position(effect.eventId));
    expect(entries!.find((e) => e.eventId === effect.eventId)!.causationId).toBe(reported.eventId);

    // The audit trail is in recording time, where the effect is earlier: listed after its cause anyway.
    await waitFor(async () => ((await supervisor.get(`/audit/trail?caseId=${caseId}`)).body?.records ?? []).length === 3, 60_000, 'the trail at the delegation');
    const trail = (await supervisor.get(`/audit/trail?caseId=${caseId}`)).body.records as { eventId: string; type: string; when: { recordedAt: string } }[];
    expect(trail.map((r) => r.type)).toEqual(['case.opened', 'incident.reported', 'incident.follow-up-opened']);
    expect(trail[2].when.recordedAt < trail[1].when.recordedAt).toBe(true);

    // Page by page (one record of recording time per page): the effect waits for its cause's page.
    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const reply: { records: { eventId: string }[]; next: string | null } = (await supervisor.get(`/audit/trail?caseId=${caseId}&limit=1${after ? `&after=${after}` : ''}`)).body;
      paged.push(...reply.records.map((r) => r.eventId));
      if (!reply.next) break;
      after = reply.next;
    }
    expect(paged).toEqual(trail.map((r) => r.eventId));
    const exported = await fetch(`${delegation.url}/audit/trail?caseId=${caseId}&format=jsonl`, { headers: { authorization: `Bearer ${await tokenFor(RD, 'sup-marta', 'supervisor')}` } });
    expect((await exported.text()).trim().split('\n').map((line) => JSON.parse(line).type)).toEqual(['case.opened', 'incident.reported', 'incident.follow-up-opened']);

    // The case as the delegation's service knows it (CaseKnowledge, served by every service): the same order.
    const known = await supervisor.get(`/cases/${caseId}/timeline`);
    expect(known.status).toBe(200);
    expect(known.body.events.map((e: { type: string }) => e.type)).toEqual(['case.opened', 'incident.reported', 'incident.follow-up-opened']);
  }, 240_000);
});
