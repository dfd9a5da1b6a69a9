import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { cloudEventHeadersOf } from './cloudevent-headers';
import { EventConsumer, PermanentHandlerError } from './event-consumer';
import { ensureTopics } from './topic-admin';
import { context, openTestStore, TestStore } from '../../../test/support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../../../test/support/kafka';

/** One fetched batch: one transaction, a poison message isolated, unhandled types skipped, offsets after the commit. */
describe('EventConsumer on batches', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('batch');
  const deadLetters = uniqueTopic('batch-dlt');
  let t: TestStore;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    await ensureTopics(kafka, [topic, deadLetters], 1);
    t = await openTestStore('consumer_batch', topic);
    await t.dataSource.query(`CREATE TABLE batch_effects (event_id uuid PRIMARY KEY, birth_year int NOT NULL)`);
  });
  afterAll(async () => {
    await consumer?.stop();
    await t.close();
  });

  it('handles the batch in order once, dead-letters the poison message alone, skips types nobody handles, then commits the offsets', async () => {
    // events as the outbox publishes them (signed envelopes), sent in one request so they arrive in one batch
    const caseId = randomUUID();
    const opened = (birthYear: number) => ({ type: 'case.opened', schemaVersion: 2, caseId, payload: { personId: `p-${caseId}-${birthYear}`, municipality: 'Albacete', gender: 'male', birthYear, incidenceGroups: [] } });
    const designed = { type: 'itinerary.designed', schemaVersion: 1, caseId, payload: { itineraryId: `it-${caseId}`, steps: [] } };
    const ids: string[] = [];
    for (const event of [opened(1981), designed, opened(1982), opened(1983)]) {
      const { events } = await t.store.append(`case-${randomUUID()}`, [event], 'no-stream', context());
      ids.push(events[0].eventId);
    }
    const rows: { value: string; message_key: string }[] = await t.dataSource.query(`SELECT value, message_key FROM outbox ORDER BY global_position`);
    const messages = rows.map((r) => ({ key: r.message_key, value: r.value, headers: cloudEventHeadersOf(JSON.parse(r.value), { partitionKey: r.message_key }) }));
    // 1981, itinerary.designed (nobody handles it), 1982 (poison), 1983, and 1981 again (a duplicate)
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [...messages, messages[0]] });
    await producer.disconnect();

    const authenticated: string[] = [];
    const handlerCalls: number[] = [];
    const name = `batch-${randomUUID()}`;
    consumer = new EventConsumer({
      name,
      kafka,
      dataSource: t.dataSource,
      catalogue: t.store.catalogue,
      topics: [topic],
      deadLetterTopic: deadLetters,
      authenticate: async (event: EventEnvelope) => {
        authenticated.push(event.type);
        return null;
      },
      handlers: {
        'case.opened': async (event, tx) => {
          const year = (event.payload as { birthYear: number }).birthYear;
          handlerCalls.push(year);
          await tx.query(`INSERT INTO batch_effects (event_id, birth_year) VALUES ($1, $2)`, [event.eventId, year]);
          if (year === 1982) throw new PermanentHandlerError('poison');
        },
      },
    });
    const dlt = await collectTopic(kafka, deadLetters);
    await consumer.start();

    await waitFor(() => consumer!.stats.handled === 2 && consumer!.stats.duplicates === 1 && consumer!.stats.deadLettered === 1, 30_000, 'the batch');
    await waitFor(() => dlt.messages.length === 1, 15_000, 'the dead letter');
    await dlt.stop();

    // every handled effect exactly once; the poison one's rolled back with its inbox row
    const effects = await t.dataSource.query(`SELECT birth_year FROM batch_effects ORDER BY birth_year`);
    expect(effects.map((r: { birth_year: number }) => r.birth_year)).toEqual([1981, 1983]);
    const inbox = await t.dataSource.query(`SELECT event_id FROM inbox WHERE consumer = $1 ORDER BY event_id`, [name]);
    expect(inbox.map((r: { event_id: string }) => r.event_id)).toEqual([ids[0], ids[3]].sort());
    // the batch ran 1981 then the poison (rolled back); 1981 again in its own transaction; the poison alone, once; then 1983
    expect(handlerCalls).toEqual([1981, 1982, 1981, 1983]);
    expect(consumer.stats.ignored).toBe(1);
    // the type nobody handles was neither decoded nor verified
    expect(authenticated).toEqual(['case.opened', 'case.opened', 'case.opened', 'case.opened']);
    const headers = Object.fromEntries(Object.entries(dlt.messages[0].headers!).map(([k, v]) => [k, String(v)]));
    expect(headers).toMatchObject({ 'dlt-reason': 'handler rejected the event: poison', 'dlt-source-offset': '2', 'dlt-attempts': '1', 'dlt-consumer-group': name });

    // the offsets of the whole batch are committed
    const admin = kafka.admin();
    await admin.connect();
    await waitFor(async () => (await admin.fetchOffsets({ groupId: name, topics: [topic] }))[0].partitions[0].offset === '5', 15_000, 'the committed offset');
    await admin.disconnect();
  });

  it('a run handler takes the fresh events of a run at once; a failing run is halved until the poison event is alone and dead-lettered', async () => {
    const runTopic = uniqueTopic('batch-run');
    await ensureTopics(kafka, [runTopic], 1);
    const caseId = randomUUID();
    const opened = (birthYear: number) => ({ type: 'case.opened', schemaVersion: 2, caseId, payload: { personId: `p-${caseId}-${birthYear}`, municipality: 'Albacete', gender: 'male', birthYear, incidenceGroups: [] } });
    const designed = { type: 'itinerary.designed', schemaVersion: 1, caseId, payload: { itineraryId: `it-${caseId}`, steps: [] } };
    const before = Number((await t.dataSource.query(`SELECT coalesce(max(global_position), 0) AS p FROM outbox`))[0].p);
    for (const event of [opened(1991), designed, opened(1992), opened(1993)]) await t.store.append(`case-${randomUUID()}`, [event], 'no-stream', context());
    const rows: { value: string; message_key: string }[] = await t.dataSource.query(`SELECT value, message_key FROM outbox WHERE global_position > $1 ORDER BY global_position`, [before]);
    const messages = rows.map((r) => ({ key: r.message_key, value: r.value, headers: cloudEventHeadersOf(JSON.parse(r.value), { partitionKey: r.message_key }) }));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: runTopic, acks: -1, messages: [...messages, messages[0]] });
    await producer.disconnect();

    const runs: number[][] = [];
    const year = (event: EventEnvelope) => (event.payload as { birthYear: number }).birthYear;
    const name = `batch-run-${randomUUID()}`;
    const runConsumer = new EventConsumer({
      name,
      kafka,
      dataSource: t.dataSource,
      catalogue: t.store.catalogue,
      topics: [runTopic],
      deadLetterTopic: deadLetters,
      handlers: { 'case.opened': async () => { throw new Error('the run handler takes the events, not this one'); } },
      handleRun: async (items, tx) => {
        runs.push(items.map(({ event }) => year(event)));
        await tx.query(`INSERT INTO batch_effects (event_id, birth_year) SELECT * FROM unnest($1::uuid[], $2::int[])`, [items.map(({ event }) => event.eventId), items.map(({ event }) => year(event))]);
        if (items.some(({ event }) => year(event) === 1992)) throw new PermanentHandlerError('poison');
      },
    });
    try {
      await runConsumer.start();
      await waitFor(() => runConsumer.stats.handled === 2 && runConsumer.stats.deadLettered === 1 && runConsumer.stats.duplicates === 1, 30_000, 'the batch');
    } finally {
      await runConsumer.stop();
    }
    const effects = await t.dataSource.query(`SELECT birth_year FROM batch_effects WHERE birth_year > 1990 ORDER BY birth_year`);
    expect(effects.map((r: { birth_year: number }) => r.birth_year)).toEqual([1991, 1993]);
    // the whole run, then halves until the poison is alone; the copy of 1991 is a duplicate; nobody handles itinerary.designed
    expect(runs).toEqual([[1991, 1992, 1993], [1991, 1992], [1991], [1992], [1993]]);
    expect(runConsumer.stats.ignored).toBe(1);
  });
});
