import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { cloudEventHeadersOf, EventConsumer } from '@inclusion/messaging';
import { benchStore, caseOpenedPayload, compare, context, freshTopic, kafkaClient, Line, seconds } from './support';

const waitUntil = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
};

/**
 * EventConsumer (eachBatch: decode, one transaction per batch with the inbox rows in one
 * statement and the handler's INSERT per event, offsets after the commit) vs a raw kafkajs
 * eachBatch doing the same inserts in one transaction per batch (inbox rows in one statement,
 * one INSERT per event) and resolving offsets after the commit. Each round is a fresh consumer
 * group on each side reading the same messages; the clock starts once the group has joined.
 */
export async function consumerVsRawEachBatch(messages = 3000): Promise<Line[]> {
  const kafka: Kafka = kafkaClient();
  const topic = await freshTopic(kafka, 'consumer', 3);
  const b = await benchStore('consumer', topic);
  try {
    await b.dataSource.query(`CREATE TABLE bench_effects (event_id uuid PRIMARY KEY, case_id text NOT NULL, birth_year int NOT NULL)`);
    await b.dataSource.query(`CREATE TABLE raw_effects (LIKE bench_effects INCLUDING ALL)`);
    await b.dataSource.query(`CREATE TABLE raw_inbox (LIKE inbox INCLUDING ALL)`);
    // the messages: the store's events as its outbox publishes them
    for (let k = 0; k < messages / 100; k++) {
      await b.store.append(`case-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${k}-${j}`, payload: caseOpenedPayload(j) })), 'no-stream', context(k));
    }
    const stored: { message_key: string; value: string }[] = await b.dataSource.query(`SELECT message_key, value FROM outbox ORDER BY global_position`);
    const rows = stored.map((row) => ({ ...row, headers: cloudEventHeadersOf(JSON.parse(row.value), { partitionKey: row.message_key }) }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < rows.length; i += 500) {
      await producer.send({ topic, acks: -1, messages: rows.slice(i, i + 500).map((r) => ({ key: r.message_key, value: r.value, headers: r.headers })) });
    }
    await producer.disconnect();

    const line = await compare(
      { name: 'consumer with its database work (eachBatch, decode, inbox + 1 INSERT per event)', unit: 'events/s', baselineName: 'raw kafkajs eachBatch, same inserts, one transaction per batch', higherIsBetter: true, goal: 0.4 },
      async () => {
        let handled = 0;
        const consumer = new EventConsumer({
          name: `bench-consumer-${randomUUID()}`,
          kafka,
          dataSource: b.dataSource,
          catalogue: b.store.catalogue,
          topics: [topic],
          handlers: {
            'case.opened': async (event, tx) => {
              await tx.query(`INSERT INTO bench_effects (event_id, case_id, birth_year) VALUES ($1, $2, $3)`, [event.eventId, event.caseId, (event.payload as { birthYear: number }).birthYear]);
              handled += 1;
            },
          },
        });
        let value: number;
        try {
          await consumer.start(); // resolves once the group has joined
          value = messages / (await seconds(() => waitUntil(() => handled >= messages)));
        } finally {
          await consumer.stop();
        }

        let rawHandled = 0;
        const group = `bench-raw-${randomUUID()}`;
        const raw = kafka.consumer({ groupId: group, maxWaitTimeInMs: 1_000 });
        try {
          await raw.connect();
          await raw.subscribe({ topics: [topic], fromBeginning: true });
          await raw.run({
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              const events = batch.messages.map((m) => JSON.parse(m.value!.toString('utf8')) as { eventId: string; type: string; caseId: string; payload: { birthYear: number } });
              await b.dataSource.transaction(async (tx) => {
                await tx.query(
                  `INSERT INTO raw_inbox (consumer, event_id, event_type, source_topic)
                   SELECT $1, e.event_id, e.event_type, e.source_topic FROM unnest($2::uuid[], $3::text[], $4::text[]) AS e(event_id, event_type, source_topic)
                   ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
                  [group, events.map((e) => e.eventId), events.map((e) => e.type), events.map(() => batch.topic)],
                );
                for (const e of events) await tx.query(`INSERT INTO raw_effects (event_id, case_id, birth_year) VALUES ($1, $2, $3)`, [e.eventId, e.caseId, e.payload.birthYear]);
              });
              resolveOffset(batch.lastOffset());
              rawHandled += events.length;
            },
          });
          const baseline = messages / (await seconds(() => waitUntil(() => rawHandled >= messages)));
          await b.dataSource.query(`TRUNCATE bench_effects, raw_effects`);
          return { value, baseline };
        } finally {
          await raw.disconnect();
        }
      },
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    return [line];
  } finally {
    await b.drop();
  }
}
