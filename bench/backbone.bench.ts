import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { cloudEventHeadersOf, EventConsumer, OutboxRelay } from '@inclusion/messaging';
import { openCasesTriggerSql } from '@inclusion/event-store';
import { Pool, PoolClient } from 'pg';
import { benchStore, caseOpenedPayload, compare, context, env, freshTopic, fromRounds, kafkaClient, Line, percentile, seconds } from './support';

/** A pool on the bench store's schema, for the baselines' prepared statements. */
const rawPool = (schema: string, max = 8) => new Pool({ connectionString: env().databaseUrl, max, options: `-c search_path="${schema}"` });

type Row = Record<string, unknown>;

/** A prepared multi-row INSERT of `rows` (every column they have) into `table`, `suffix` after its VALUES (an ON CONFLICT clause). */
function insertRows(client: PoolClient, table: string, rows: Row[], omit: string[] = [], suffix = '') {
  const columns = Object.keys(rows[0]).filter((c) => !omit.includes(c));
  const values: unknown[] = [];
  const asParameter = (value: unknown) => (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) ? JSON.stringify(value) : value);
  const tuples = rows.map((row) => `(${columns.map((c) => (values.push(asParameter(row[c])), `$${values.length}`)).join(',')})`);
  return client.query({ name: `insert-${table}-${rows.length}-${columns.length}${suffix ? '-upsert' : ''}`, text: `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}${suffix}`, values });
}

const opened = (i: number, caseId: string) => ({ type: 'case.opened', schemaVersion: 2, caseId, payload: caseOpenedPayload(i) });

/**
 * Appends/s through the event store vs the same durable work done raw: the same rows (every
 * column, copied from what the store wrote) into tables made `LIKE events INCLUDING ALL` and
 * `LIKE outbox INCLUDING ALL` (same constraints and indexes, and the same open-case trigger),
 * event and outbox row in one transaction. Single events: 8 writers each side, one transaction per event (the
 * issue's baseline: event and outbox row). Batched: 100 events per append vs prepared multi-row INSERTs of every row the
 * append wrote, in one transaction: the 100 events and outbox rows, the tree nodes and the signed tree head, the
 * stream's version and the chain head (upserted, as the store does).
 */
export async function appendVsRawInsert(perRound = 800, writers = 8, batches = 10): Promise<Line[]> {
  const b = await benchStore('append');
  const pool = rawPool(b.schema, writers);
  let round = 0;
  try {
    await b.dataSource.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
    await b.dataSource.query(`CREATE TABLE raw_outbox (LIKE outbox INCLUDING ALL)`);
    // The store's events table keeps open_cases (one open case per person) by trigger: the raw copy does the same work.
    await b.dataSource.query(`CREATE TABLE raw_open_cases (LIKE open_cases INCLUDING ALL)`);
    for (const sql of openCasesTriggerSql('raw_open_cases_track', 'raw_events', `"${b.schema}".raw_open_cases`)) await b.dataSource.query(sql);
    for (const table of ['tlog_nodes', 'tlog_heads', 'streams', 'chain_heads']) await b.dataSource.query(`CREATE TABLE raw_${table} (LIKE ${table} INCLUDING ALL)`);
    /** Each transparency log's size (leaves), by log id. */
    const treeSizes = async () => (await pool.query(`SELECT log_id, max(idx) + 1 AS size FROM tlog_nodes WHERE level = 0 GROUP BY log_id`)).rows.map((row) => [row.log_id, Number(row.size)] as [string, number]);
    /** The tree nodes and signed heads written since the trees had `before` sizes (a node is new when its last leaf is). */
    const treeRowsSince = async (before: [string, number][]) => {
      const sizes = [before.map(([log]) => log), before.map(([, size]) => size)];
      const since = `LEFT JOIN unnest($1::text[], $2::bigint[]) AS b(log_id, size) USING (log_id)`;
      return {
        nodes: (await pool.query(`SELECT t.* FROM tlog_nodes t ${since} WHERE ((t.idx + 1) << t.level) > coalesce(b.size, 0)`, sizes)).rows as Row[],
        heads: (await pool.query(`SELECT t.* FROM tlog_heads t ${since} WHERE t.tree_size > coalesce(b.size, 0)`, sizes)).rows as Row[],
      };
    };
    const written = async (after: number) => ({
      events: (await pool.query(`SELECT * FROM events WHERE global_position > $1 ORDER BY global_position`, [after])).rows as Row[],
      outbox: (await pool.query(`SELECT * FROM outbox WHERE global_position > $1 ORDER BY global_position`, [after])).rows as Row[],
    });
    const head = async () => Number((await pool.query(`SELECT coalesce(max(global_position), 0) AS p FROM events`)).rows[0].p);

    const single = await compare(
      { name: `event store append (1 event/append, ${writers} writers)`, unit: 'events/s', baselineName: `raw BEGIN; INSERT event; INSERT outbox; COMMIT (same rows and indexes, ${writers} writers)`, higherIsBetter: true, goal: 0.8 },
      async () => {
        const r = round++;
        const after = await head();
        let next = 0;
        const storeSeconds = await seconds(() =>
          Promise.all(
            Array.from({ length: writers }, async () => {
              for (let i = next++; i < perRound; i = next++) await b.store.append(`case-${r}-${i}`, [opened(i, `c-${r}-${i}`)], 'no-stream', context(i));
            }),
          ),
        );
        const rows = await written(after);
        let cursor = 0;
        const rawSeconds = await seconds(() =>
          Promise.all(
            Array.from({ length: writers }, async () => {
              const client = await pool.connect();
              try {
                for (let i = cursor++; i < rows.events.length; i = cursor++) {
                  await client.query('BEGIN');
                  await insertRows(client, 'raw_events', [rows.events[i]]);
                  await insertRows(client, 'raw_outbox', [rows.outbox[i]], ['id']);
                  await client.query('COMMIT');
                }
              } finally {
                client.release();
              }
            }),
          ),
        );
        return { value: perRound / storeSeconds, baseline: rows.events.length / rawSeconds };
      },
    );

    const batched = await compare(
      {
        name: 'event store append (100 events/append)',
        unit: 'events/s',
        baselineName: 'raw prepared multi-row INSERTs of the same rows (100 events, 100 outbox rows, their tree nodes and signed tree head, stream and chain head), one transaction',
        higherIsBetter: true,
        goal: 0.7,
      },
      async () => {
        const r = round++;
        const after = await head();
        const sizesBefore = await treeSizes();
        const storeSeconds = await seconds(async () => {
          for (let k = 0; k < batches; k++) await b.store.append(`batch-${r}-${k}`, Array.from({ length: 100 }, (_, j) => opened(j, `b-${r}-${k}`)), 'no-stream', context(k));
        });
        const rows = await written(after);
        const tree = await treeRowsSince(sizesBefore);
        // Each append's rows: its events are one institution's sequences first..last; its tree nodes are those whose last leaf is one of them.
        const lastLeaf = (node: Row) => (Number(node.idx) + 1) * 2 ** Number(node.level);
        const appends = Array.from({ length: batches }, (_, k) => {
          const events = rows.events.slice(k * 100, k * 100 + 100);
          const log = events[0].institution_id;
          const first = Number(events[0].institution_sequence);
          const lastEvent = events[events.length - 1];
          const last = Number(lastEvent.institution_sequence);
          return {
            events,
            outbox: rows.outbox.slice(k * 100, k * 100 + 100),
            nodes: tree.nodes.filter((node) => node.log_id === log && lastLeaf(node) >= first && lastLeaf(node) <= last),
            heads: tree.heads.filter((h) => h.log_id === log && Number(h.tree_size) === last),
            stream: { stream_id: lastEvent.stream_id, version: lastEvent.stream_version },
            chainHead: { institution_id: log, sequence: last, head_hash: lastEvent.hash },
          };
        });
        if (appends.some((a) => a.heads.length !== 1) || appends.reduce((n, a) => n + a.nodes.length, 0) !== tree.nodes.length) throw new Error('the baseline could not find every tree row each append wrote');
        const client = await pool.connect();
        try {
          const rawSeconds = await seconds(async () => {
            for (const a of appends) {
              await client.query('BEGIN');
              await insertRows(client, 'raw_events', a.events);
              await insertRows(client, 'raw_outbox', a.outbox, ['id']);
              await insertRows(client, 'raw_tlog_nodes', a.nodes);
              await insertRows(client, 'raw_tlog_heads', a.heads);
              await insertRows(client, 'raw_streams', [a.stream], [], ' ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version');
              await insertRows(client, 'raw_chain_heads', [a.chainHead], [], ' ON CONFLICT (institution_id) DO UPDATE SET sequence = EXCLUDED.sequence, head_hash = EXCLUDED.head_hash');
              await client.query('COMMIT');
            }
          });
          return { value: (batches * 100) / storeSeconds, baseline: rows.events.length / rawSeconds };
        } finally {
          client.release();
        }
      },
    );
    return [single, batched];
  } finally {
    await pool.end();
    await b.drop();
  }
}

/** A note event whose outbox message is about 1 KB. */
const noteOfAboutOneKb = (caseId: string, n: number) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { n, text: 'x'.repeat(16) } });

/**
 * The relay publishing a backlog that commits at once (batches of 100) vs a raw idempotent
 * kafkajs producer (acks=all) sending the same messages (the outbox rows' bytes) in batches of
 * 100 to a topic with as many partitions. Both producers are connected before the clock starts.
 */
export async function relayVsRawProducer(perRound = 2000): Promise<Line[]> {
  const kafka = kafkaClient();
  const topic = await freshTopic(kafka, 'relay', 6);
  const rawTopic = await freshTopic(kafka, 'raw-producer', 6);
  const b = await benchStore('relay', topic);
  const relay = new OutboxRelay({ dataSource: b.dataSource, kafka, connectionString: env().databaseUrl, notifyChannel: b.store.notifyChannel, batchSize: 100 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let round = 0;
  let meanBytes = 0;
  try {
    await producer.connect();
    await relay.start();
    // first row through: the relay leads, its producer is connected
    await b.store.append(`case-warm`, [noteOfAboutOneKb('warm', 0)], 'no-stream', context(0));
    while (relay.stats.published < 1) await new Promise((r) => setTimeout(r, 5));

    const line = await compare(
      { name: 'outbox relay publish (batches of 100, ~1 KB, acks=all)', unit: 'msgs/s', baselineName: 'raw idempotent kafkajs producer, acks=all, same messages in batches of 100', higherIsBetter: true, goal: 0.7 },
      async () => {
        const r = round++;
        const target = relay.stats.published + perRound;
        const [{ p: after }] = await b.dataSource.query(`SELECT coalesce(max(global_position), 0) AS p FROM outbox`);
        // the backlog becomes visible at one commit
        await b.dataSource.transaction(async (tx) => {
          for (let k = 0; k < perRound / 100; k++) {
            await b.store.append(`case-${r}-${k}`, Array.from({ length: 100 }, (_, j) => noteOfAboutOneKb(`c-${r}-${k}-${j % 10}`, j)), 'no-stream', context(k), tx);
          }
        });
        const relaySeconds = await seconds(async () => {
          while (relay.stats.published < target) await new Promise((resolve) => setImmediate(resolve));
        });
        const stored: { message_key: string; value: string }[] = await b.dataSource.query(
          `SELECT message_key, value FROM outbox WHERE global_position > $1 ORDER BY global_position`,
          [after],
        );
        // the same messages as the relay sends: its CloudEvents headers, computed outside the timing
        const rows = stored.map((row) => ({ ...row, headers: cloudEventHeadersOf(JSON.parse(row.value), { partitionKey: row.message_key }) }));
        meanBytes = rows.reduce((sum, row) => sum + Buffer.byteLength(row.value), 0) / rows.length;
        const rawSeconds = await seconds(async () => {
          for (let i = 0; i < rows.length; i += 100) {
            await producer.send({ topic: rawTopic, acks: -1, messages: rows.slice(i, i + 100).map((row) => ({ key: row.message_key, value: row.value, headers: row.headers })) });
          }
        });
        return { value: perRound / relaySeconds, baseline: rows.length / rawSeconds };
      },
    );
    line.name = `outbox relay publish (batches of 100, ${(meanBytes / 1024).toFixed(1)} KB messages, acks=all)`;
    return [line];
  } finally {
    await relay.stop();
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, rawTopic] }).catch(() => undefined);
    await admin.disconnect();
    await b.drop();
  }
}

/** Append -> relay -> Kafka -> consumer handled, at a fixed offered rate; vs raw produce -> consume. */
export async function endToEndLatency(rate = 50, seconds = 3, repetitions = 5): Promise<Line[]> {
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
    const rounds: { p50: number; p99: number; raw50: number; raw99: number }[] = [];
    for (let r = -1; r < repetitions; r++) {
      latencies.length = 0;
      rawLatencies.length = 0;
      await offered(async (i) => {
        const caseId = `e2e-${r}-${i}`;
        sentAt.set(caseId, performance.now());
        await b.store.append(`case-${caseId}`, [{ type: 'case.opened', schemaVersion: 2, caseId, payload: caseOpenedPayload(i) }], 'no-stream', context(i));
      });
      await offered(async (i) => {
        await rawProducer.send({ topic: rawTopic, acks: -1, messages: [{ key: `k-${i}`, value: String(performance.now()) }] });
      });
      const deadline = Date.now() + 30_000;
      while ((latencies.length < total || rawLatencies.length < total) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const sorted = [...latencies].sort((x, y) => x - y);
      const rawSorted = [...rawLatencies].sort((x, y) => x - y);
      if (r >= 0) rounds.push({ p50: percentile(sorted, 50), p99: percentile(sorted, 99), raw50: percentile(rawSorted, 50), raw99: percentile(rawSorted, 99) });
    }
    return [
      fromRounds(
        { name: `end-to-end p50 at ${rate}/s (append -> handled)`, unit: 'ms', baselineName: 'raw produce -> consume p50', higherIsBetter: false },
        rounds.map((x) => ({ value: x.p50, baseline: x.raw50 })),
      ),
      fromRounds(
        { name: `end-to-end p99 at ${rate}/s (append -> handled)`, unit: 'ms', baselineName: 'raw produce -> consume p99', higherIsBetter: false },
        rounds.map((x) => ({ value: x.p99, baseline: x.raw99 })),
      ),
    ];
  } finally {
    await consumer.stop();
    await relay.stop();
    await rawConsumer.disconnect();
    await rawProducer.disconnect();
    await b.drop();
  }
}
