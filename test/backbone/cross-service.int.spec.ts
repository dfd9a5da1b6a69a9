import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { EventConsumer, ensureTopics, OutboxRelay } from '@inclusion/messaging';
import { context, openTestStore, TestStore } from '../support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../support/kafka';

/**
 * An event appended in one service's store (the insertion company's) is published by its
 * outbox relay, travels through the real broker, and is consumed by another service's
 * consumer (social services), which records its reaction in its own store, linked by
 * causation id, in the same transaction as its inbox entry.
 */
describe('an event crosses from one service to another through Kafka', () => {
  const kafka = testKafka();
  const companyTopic = uniqueTopic('insertion-company');
  const deadLetters = uniqueTopic('dead-letter');
  let company: TestStore;
  let social: TestStore;
  let relay: OutboxRelay;
  let consumer: EventConsumer;

  const reported = (caseId: string, incidentId = randomUUID()) => ({
    type: 'incident.reported',
    schemaVersion: 1,
    caseId,
    payload: { incidentId, placementId: 'pl-1', kind: 'absenteeism', severity: 'medium', observedOn: '2026-03-02', description: 'Three days absent without notice' },
  });

  beforeAll(async () => {
    await ensureTopics(kafka, [companyTopic, deadLetters], 3);
    company = await openTestStore('company', companyTopic);
    social = await openTestStore('social');
    relay = new OutboxRelay({
      dataSource: company.dataSource,
      kafka,
      connectionString: process.env.DATABASE_URL!,
      notifyChannel: company.store.notifyChannel,
      idlePollMs: 500,
    });
    consumer = new EventConsumer({
      name: `social-services-${randomUUID()}`,
      kafka,
      dataSource: social.dataSource,
      catalogue: social.store.catalogue,
      topics: [companyTopic],
      deadLetterTopic: deadLetters,
      handlers: {
        'incident.reported': async (event, tx) => {
          const payload = event.payload as { incidentId: string; kind: string; severity: string };
          await social.store.append(
            `case-${event.caseId}`,
            [
              {
                type: 'incident.follow-up-opened',
                schemaVersion: 1,
                caseId: event.caseId,
                payload: { incidentId: payload.incidentId, reportedByInstitution: event.institutionId, kind: payload.kind, severity: payload.severity },
              },
            ],
            'any',
            { institutionId: 'ss-albacete', actor: { userId: 'system', role: 'system' }, correlationId: event.correlationId, causationId: event.eventId },
            tx,
          );
        },
      },
    });
    await relay.start();
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await relay.stop();
    await company.close();
    await social.close();
  });

  const followUps = async (caseId: string): Promise<EventEnvelope[]> =>
    (await social.store.readStream(`case-${caseId}`)).filter((e) => e.type === 'incident.follow-up-opened');

  it("reaches the other service's store as a reaction linked by causation and correlation", async () => {
    const caseId = randomUUID();
    const correlationId = randomUUID();
    const { events } = await company.store.append(`incident-${caseId}`, [reported(caseId)], 'no-stream', {
      ...context('ei-solidaria', correlationId),
      actor: { userId: 'tutor-luis', role: 'tutor' },
    });

    await waitFor(async () => (await followUps(caseId)).length === 1, 30_000, 'the follow-up in social services');
    const [followUp] = await followUps(caseId);
    expect(followUp).toMatchObject({
      causationId: events[0].eventId,
      correlationId,
      institutionId: 'ss-albacete',
      payload: { reportedByInstitution: 'ei-solidaria', kind: 'absenteeism', severity: 'medium' },
    });
    expect(Number((await company.dataSource.query(`SELECT position FROM relay_cursor`))[0].position)).toBeGreaterThanOrEqual(events[0].globalPosition);
    expect(await relay.lag()).toEqual({ unpublished: 0, oldestAgeMs: 0 });
  });

  it('has one effect when the same event is delivered twice (republished by the relay, and sent again raw)', async () => {
    const caseId = randomUUID();
    const { events } = await company.store.append(`incident-${caseId}`, [reported(caseId)], 'no-stream', context('ei-solidaria'));
    await waitFor(async () => (await followUps(caseId)).length === 1, 30_000, 'the first follow-up');
    const duplicatesBefore = consumer.stats.duplicates;

    // the relay crashed after sending and before advancing its cursor: the row goes out again
    await company.dataSource.query(`UPDATE relay_cursor SET position = $1`, [events[0].globalPosition - 1]);
    // and someone replays the same message by hand
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: companyTopic, messages: [{ key: caseId, value: JSON.stringify(events[0]) }] });
    await producer.disconnect();

    await waitFor(() => consumer.stats.duplicates >= duplicatesBefore + 2, 30_000, 'both duplicates to arrive');
    expect(await followUps(caseId)).toHaveLength(1);
    const [inbox] = await social.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = $1`, [events[0].eventId]);
    expect(Number(inbox.n)).toBe(1);
  });

  it('dead-letters poison, unknown types, wrong schema versions and oversized payloads with the reason and source, and goes on with the next one', async () => {
    const dlt = await collectTopic(kafka, deadLetters);
    const caseId = randomUUID();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: companyTopic, messages: [{ key: caseId, value: '{"this is": not json' }] });
    const invalid = { ...(await company.store.readAll(0, 1)).events[0], eventId: randomUUID(), type: 'incident.reported', schemaVersion: 1, payload: { kind: 'boredom' } };
    await producer.send({ topic: companyTopic, messages: [{ key: caseId, value: JSON.stringify(invalid) }] });
    const valid = (await company.store.readAll(0, 1)).events[0];
    await producer.send({
      topic: companyTopic,
      messages: [
        { key: caseId, value: JSON.stringify({ ...valid, eventId: randomUUID(), type: 'incident.teleported' }) },
        { key: caseId, value: JSON.stringify({ ...valid, eventId: randomUUID(), schemaVersion: 9 }) },
        { key: caseId, value: JSON.stringify({ ...valid, eventId: randomUUID(), payload: { ...valid.payload, description: 'x'.repeat(200_000) } }) },
      ],
    });
    await producer.disconnect();
    await company.store.append(`incident-${caseId}`, [reported(caseId)], 'no-stream', context('ei-solidaria'));

    await waitFor(async () => (await followUps(caseId)).length === 1, 30_000, 'the valid message after the poison ones');
    await waitFor(() => dlt.messages.length >= 5, 15_000, 'five dead letters');
    await dlt.stop();

    const headers = (i: number) => Object.fromEntries(Object.entries(dlt.messages[i].headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(headers(0)).toMatchObject({ 'dlt-source-topic': companyTopic, 'dlt-consumer-group': expect.stringMatching(/^social-services-/) });
    expect(headers(0)['dlt-reason']).toMatch(/^not JSON/);
    expect(Number(headers(0)['dlt-source-offset'])).toBeGreaterThanOrEqual(0);
    expect(headers(0)['dlt-source-partition']).toMatch(/^\d+$/);
    expect(dlt.messages[0].value!.toString()).toBe('{"this is": not json');
    expect(headers(1)['dlt-reason']).toMatch(/^invalid payload for incident\.reported v1: incidentId: .*; kind: /);
    expect(headers(2)['dlt-reason']).toBe('unknown event type incident.teleported v1');
    expect(headers(3)['dlt-reason']).toBe('unknown event type incident.reported v9');
    expect(headers(4)['dlt-reason']).toMatch(/^invalid payload for incident\.reported v1: description: description must be shorter than or equal to 4000 characters/);
  });
});
