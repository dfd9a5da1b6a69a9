import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { EventConsumer, OutboxRelay } from '@inclusion/messaging';
import { benchStore, caseOpenedPayload, context, env, freshTopic, kafkaClient, Line, percentile } from './support';

/** Appends/s through the event store (1 event per append, 8 concurrent writers) vs raw INSERT. */
export async function appendVsRawInsert(total = 3000, writers = 8): Promise<Line[]> {
  const b = await benchStore('append');
  try {
    let next = 0;
    const began = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = next++; i < total; i = next++) {
          await b.store.append(`case-${i}`, [{ type: 'case.opened', schemaVersion: 2, caseId: `c-${i}`, payload: caseOpenedPayload(i) }], 'no-stream', context(i));
        }
      }),
    );
    const storeSeconds = Number(process.hrtime.bigint() - began) / 1e9;

    // Baseline: the same rows (same shape, precomputed values) with single-row INSERTs from
    // the same number of concurrent writers, one transaction each, no lock, no hashing.
    await b.dataSource.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
    const rows = await b.store.readAll(0, total, { raw: true });
    let cursor = 0;
    const rawBegan = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = cursor++; i < rows.events.length; i = cursor++) {
          const e = rows.events[i];
          await b.dataSource.query(
            `INSERT INTO raw_events (global_position, event_id, stream_id, stream_version, type, schema_version, institution_id, institution_sequence,
               actor_user_id, actor_role, occurred_at, recorded_at, correlation_id, case_id, payload, metadata, previous_hash, hash, signature)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
            [e.globalPosition, e.eventId, e.streamId, e.streamVersion, e.type, e.schemaVersion, e.institutionId, e.institutionSequence,
              e.actor.userId, e.actor.role, e.occurredAt, e.recordedAt, e.correlationId, e.caseId, JSON.stringify(e.payload), '{}', e.previousHash, e.hash, e.signature],
          );
        }
      }),
    );
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;

    // Batched: 100 events per append vs one multi-row INSERT of 100 rows.
    const batches = 30;
    const batchBegan = process.hrtime.bigint();
    for (let k = 0; k < batches; k++) {
      await b.store.append(`batch-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `b-${k}`, payload: caseOpenedPayload(j) })), 'no-stream', context(k));
    }
    const batchSeconds = Number(process.hrtime.bigint() - batchBegan) / 1e9;
    await b.dataSource.query(`TRUNCATE raw_events`);
    const multiBegan = process.hrtime.bigint();
    for (let k = 0; k < batches; k++) {
      const slice = rows.events.slice((k * 100) % (rows.events.length - 100), ((k * 100) % (rows.events.length - 100)) + 100);
      const values: unknown[] = [];
      const tuples = slice.map((e, j) => {
        values.push(k * 1000 + j + 1, randomUUID(), `${e.streamId}-b${k}`, e.streamVersion, e.type, e.schemaVersion, e.institutionId, k * 1000 + j + 1, JSON.stringify(e.payload), e.previousHash, e.hash, e.signature, e.occurredAt, e.correlationId);
        const o = j * 14;
        return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7},$${o + 8},'u','technician',$${o + 13},$${o + 13},$${o + 14},$${o + 9},'{}',$${o + 10},$${o + 11},$${o + 12})`;
      });
      await b.dataSource.query(
        `INSERT INTO raw_events (global_position, event_id, stream_id, stream_version, type, schema_version, institution_id, institution_sequence,
           actor_user_id, actor_role, occurred_at, recorded_at, correlation_id, payload, metadata, previous_hash, hash, signature) VALUES ${tuples.join(',')}`,
        values,
      );
    }
    const multiSeconds = Number(process.hrtime.bigint() - multiBegan) / 1e9;

    return [
      { name: `event store append (1 event/append, ${writers} writers)`, value: total / storeSeconds, unit: 'events/s', baselineName: 'raw single-row INSERT, same writers', baseline: rows.events.length / rawSeconds, higherIsBetter: true },
      { name: 'event store append (100 events/append)', value: (batches * 100) / batchSeconds, unit: 'events/s', baselineName: 'raw multi-row INSERT of 100', baseline: (batches * 100) / multiSeconds, higherIsBetter: true },
    ];
  } finally {
    await b.drop();
  }
}

/** Relay publish rate of an outbox backlog vs a raw kafkajs producer sending the same messages. */
export async function relayVsRawProducer(total = 5000): Promise<Line[]> {
  const kafka = kafkaClient();
  const topic = await freshTopic(kafka, 'relay');
  const b = await benchStore('relay', topic);
  try {
    for (let k = 0; k < total / 100; k++) {
      await b.store.append(`case-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${k}-${j % 10}`, payload: caseOpenedPayload(j) })), 'no-stream', context(k));
    }
    const outbox: { message_key: string; headers: Record<string, string>; value: string }[] = await b.dataSource.query(`SELECT message_key, headers, value FROM outbox ORDER BY id`);
    const relay = new OutboxRelay({ dataSource: b.dataSource, kafka, connectionString: env().databaseUrl, notifyChannel: b.store.notifyChannel, batchSize: 200 });
    const began = process.hrtime.bigint();
    while ((await relay.publishBatch()) > 0);
    const relaySeconds = Number(process.hrtime.bigint() - began) / 1e9;

    const rawTopic = await freshTopic(kafka, 'raw-producer');
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const rawBegan = process.hrtime.bigint();
    for (let i = 0; i < outbox.length; i += 200) {
      await producer.send({ topic: rawTopic, acks: -1, messages: outbox.slice(i, i + 200).map((r) => ({ key: r.message_key, value: r.value, headers: r.headers })) });
    }
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, rawTopic] }).catch(() => undefined);
    await admin.disconnect();
    return [{ name: 'outbox relay publish (batches of 200)', value: total / relaySeconds, unit: 'msgs/s', baselineName: 'raw idempotent producer, same batches', baseline: outbox.length / rawSeconds, higherIsBetter: true }];
  } finally {
    await b.drop();
  }
}

/** Append -> relay -> Kafka -> consumer handled, at a fixed offered rate; vs raw produce -> consume. */
export async function endToEndLatency(rate = 50, seconds = 8): Promise<Line[]> {
  const kafka = kafkaClient();
  const topic = await freshTopic(kafka, 'e2e', 3);
  const b = await benchStore('e2e', topic);
  const relay = new OutboxRelay({ dataSource: b.dataSource, kafka, connectionString: env().databaseUrl, notifyChannel: b.store.notifyChannel });
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const consumer = new EventConsumer({
    name: `bench-e2e-${randomUUID()}`,
    kafka,
    dataSource: b.dataSource,
    catalogue: b.store.catalogue,
    topics: [topic],
    handlers: { 'case.opened': async (event: EventEnvelope) => void latencies.push(performance.now() - sentAt.get(event.caseId!)!) },
  });
  const rawLatencies: number[] = [];
  const rawTopic = await freshTopic(kafka, 'e2e-raw', 3);
  const rawConsumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
  const rawProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    await relay.start();
    await consumer.start();
    await rawConsumer.connect();
    await rawConsumer.subscribe({ topic: rawTopic, fromBeginning: true });
    await rawConsumer.run({ eachMessage: async ({ message }) => void rawLatencies.push(performance.now() - Number(message.value!.toString())) });
    await rawProducer.connect();
    await new Promise((r) => setTimeout(r, 3000)); // let both groups join

    const total = rate * seconds;
    const offered = async (send: (i: number) => Promise<void>) => {
      const start = performance.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(send(i));
      }
      await Promise.all(pending);
    };
    await offered(async (i) => {
      const caseId = `e2e-${i}`;
      sentAt.set(caseId, performance.now());
      await b.store.append(`case-${caseId}`, [{ type: 'case.opened', schemaVersion: 2, caseId, payload: caseOpenedPayload(i) }], 'no-stream', context(i));
    });
    await offered(async (i) => {
      await rawProducer.send({ topic: rawTopic, acks: -1, messages: [{ key: `k-${i}`, value: String(performance.now()) }] });
    });
    const deadline = Date.now() + 30_000;
    while ((latencies.length < total || rawLatencies.length < total) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    latencies.sort((x, y) => x - y);
    rawLatencies.sort((x, y) => x - y);
    return [
      { name: `end-to-end p50 at ${rate}/s (append -> handled)`, value: percentile(latencies, 50), unit: 'ms', baselineName: 'raw produce -> consume p50', baseline: percentile(rawLatencies, 50), higherIsBetter: false },
      { name: `end-to-end p99 at ${rate}/s (append -> handled)`, value: percentile(latencies, 99), unit: 'ms', baselineName: 'raw produce -> consume p99', baseline: percentile(rawLatencies, 99), higherIsBetter: false },
    ];
  } finally {
    await consumer.stop();
    await relay.stop();
    await rawConsumer.disconnect();
    await rawProducer.disconnect();
    await b.drop();
  }
}
