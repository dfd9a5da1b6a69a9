import { randomUUID } from 'node:crypto';
import { authenticityByCheckpoints, EventConsumer, ensureTopics } from '@inclusion/messaging';
import { context, openTestStore, TestStore } from '../support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../support/kafka';

/** A Kafka message whose claimed institution does not match its signature goes to the dead-letter topic. */
describe('authenticity of received events', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('authenticity');
  const deadLetters = uniqueTopic('authenticity-dlt');
  let company: TestStore;
  let social: TestStore;
  let consumer: EventConsumer;
  const handled: string[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [topic, deadLetters], 1);
    company = await openTestStore('auth_company', topic);
    social = await openTestStore('auth_social');
    consumer = new EventConsumer({
      name: `authenticity-${randomUUID()}`,
      kafka,
      dataSource: social.dataSource,
      catalogue: social.store.catalogue,
      topics: [topic],
      deadLetterTopic: deadLetters,
      authenticate: authenticityByCheckpoints(social.dataSource),
      handlers: { 'incident.reported': async (event) => void handled.push(event.eventId) },
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await company.close();
    await social.close();
  });

  it('handles a genuine event and dead-letters a forged claim and a tampered payload', async () => {
    const caseId = randomUUID();
    const report = (incidentId: string) => ({ type: 'incident.reported', schemaVersion: 1, caseId, payload: { incidentId, placementId: 'pl-1', kind: 'disciplinary', severity: 'high', observedOn: '2026-04-01', description: 'fight' } });
    const { events } = await company.store.append(`placement-${caseId}`, [report('inc-1')], 'no-stream', context('ei-solidaria'));
    await company.store.append(`other-${caseId}`, [report('inc-x')], 'no-stream', context('ei-other'));
    // the receiving service has the companies' checkpoints, hence their pinned keys
    for (const institutionId of ['ei-solidaria', 'ei-other']) {
      const [{ public_key }] = await company.dataSource.query(`SELECT public_key FROM signing_keys WHERE institution_id = $1`, [institutionId]);
      await social.dataSource.query(`INSERT INTO audit_checkpoints (institution_id, sequence, head_hash, public_key, signature, service, issued_at) VALUES ($1, 1, 'h', $2, 's', 'insertion-company', now())`, [institutionId, public_key]);
    }
    const genuine = events[0];
    const forged = { ...genuine, eventId: randomUUID(), institutionId: 'ei-other' }; // claims another company, keeps the signature
    const tampered = { ...genuine, eventId: randomUUID(), payload: { ...genuine.payload, severity: 'low' } };
    const dlt = await collectTopic(kafka, deadLetters);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [genuine, forged, tampered].map((e) => ({ key: caseId, value: JSON.stringify(e) })) });
    await producer.disconnect();

    await waitFor(() => dlt.messages.length === 2 && handled.length === 1, 30_000, 'one handled, two dead letters');
    await dlt.stop();
    expect(handled).toEqual([genuine.eventId]);
    const reasons = dlt.messages.map((m) => String(m.headers!['dlt-reason']));
    expect(reasons[0]).toMatch(/^not authentic: .* (is not signed by ei-other|does not match its hash)/);
    expect(reasons[1]).toMatch(/^not authentic: the content of event .* does not match its hash/);
  });
});
