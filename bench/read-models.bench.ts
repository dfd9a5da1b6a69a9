import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, EventEnvelope } from '@inclusion/contracts';
import { NetworkLog, networkLogChannelOf } from '@inclusion/network-log';
import { authenticityDoubt, ensureTopics, EventConsumer } from '@inclusion/messaging';
import { albaceteProgramme } from '../libs/read-models/src/testing/scenario';
import { benchDirectory, benchStore, caseOpenedPayload, compare, context, deleteTopics, freshTopic, kafkaClient, Line, publishOutbox, seconds, waitUntil } from './support';

/**
 * The regional delegation's read models: a rebuild of every projection from the log against a
 * raw sequential read of the network_log table (repeated rounds after a warm-up).
 */
export async function readModelRebuildVsRawRead(programmes = 8): Promise<Line[]> {
  const b = await benchStore('readmodels');
  try {
    const log = new NetworkLog(b.dataSource, networkLogChannelOf(b.schema), EVENT_CATALOGUE);
    const events = Array.from({ length: programmes }, (_, p) =>
      albaceteProgramme(undefined, `programme-${p}`).events.map((e) => ({
        ...e,
        eventId: `${e.eventId.slice(0, 24)}${String(p).padStart(4, '0')}${e.eventId.slice(28)}`,
        caseId: e.caseId ? `${e.caseId}-p${p}` : null,
        payload: e.type === 'programme.case-enrolled' ? { ...e.payload, caseId: `${(e.payload as { caseId: string }).caseId}-p${p}` } : e.payload,
      })),
    ).flat();
    for (const event of events) await b.dataSource.transaction((tx) => log.record(event, tx));

    const line = await compare(
      { name: `read models rebuilt from the network log (${events.length} events, 3 projections)`, unit: 'events/s', baselineName: 'raw sequential read of network_log', higherIsBetter: true },
      async () => {
        let documents = 0;
        const rebuildSeconds = await seconds(async () => (documents = (await log.rebuild())[0].documents));
        if (documents !== programmes * 71) throw new Error(`rebuild gave ${documents} case documents, expected ${programmes * 71}`);
        let rows = 0;
        const rawSeconds = await seconds(async () => {
          for (let position = 0; ; ) {
            const page: { position: string }[] = await b.dataSource.query(`SELECT * FROM network_log WHERE position > $1 ORDER BY position LIMIT 1000`, [position]);
            if (page.length === 0) break;
            rows += page.length;
            position = Number(page[page.length - 1].position);
          }
        });
        if (rows !== events.length) throw new Error(`network log holds ${rows} events, expected ${events.length}`);
        return { value: events.length / rebuildSeconds, baseline: rows / rawSeconds };
      },
    );
    return [line];
  } finally {
    await b.drop();
  }
}

/**
 * Live recording as the delegation does it: an EventConsumer on Kafka (eachBatch, decode, the
 * authenticity check of each event's hash and inclusion proof against the registry, inbox,
 * then NetworkLog.recordAll per fetched run: lock, one append, one read and one write of the projections they touch) vs a raw kafkajs
 * eachBatch doing the same durable work without the folds: JSON.parse, the same authenticity
 * check, inbox rows in one statement and one INSERT of the same network_log row per event, one
 * transaction per batch. The events are real store events (case openings and assignments,
 * with their proofs) published from the outbox; each round is a fresh consumer group on an
 * emptied log.
 */
export async function liveRecordingVsRawEachBatch(total = Number(process.env.BENCH_RECORDING_EVENTS ?? 1500)): Promise<Line[]> {
  const kafka = kafkaClient();
  const topic = await freshTopic(kafka, 'recording', 3);
  await ensureTopics(kafka, [`${topic}.dead-letter`], 1);
  const b = await benchStore('recording', topic);
  try {
    const log = new NetworkLog(b.dataSource, networkLogChannelOf(b.schema), EVENT_CATALOGUE);
    for (let c = 0; c < total / 3; c++) {
      await b.store.append(
        `case-${c}`,
        [
          { type: 'case.opened', schemaVersion: 2, caseId: `c-${c}`, payload: caseOpenedPayload(c) },
          ...[1, 2].map((j) => ({ type: 'case.reference-technician-assigned', schemaVersion: 1, caseId: `c-${c}`, payload: { technicianId: `tech-${j}` } })),
        ],
        'no-stream',
        context(c),
      );
    }
    const messages = await publishOutbox(kafka, b.dataSource, topic);
    await b.dataSource.query(`CREATE TABLE network_log_raw (LIKE network_log INCLUDING ALL)`);
    await b.dataSource.query(`CREATE TABLE raw_inbox (LIKE inbox INCLUDING ALL)`);
    const directory = benchDirectory();
    const doubt = (event: EventEnvelope) => authenticityDoubt(directory, event)?.reason ?? null;

    const line = await compare(
      {
        name: 'live recording into the network log (Kafka, decode, proof check, inbox, append, fold into 3 projections)',
        unit: 'events/s',
        baselineName: 'raw kafkajs eachBatch: parse, same proof check, inbox + one INSERT of the same rows, one transaction per batch',
        higherIsBetter: true,
      },
      async () => {
        await b.dataSource.query(`TRUNCATE network_log, network_log_raw, projection_documents, network_log_enrolments, network_log_participants, raw_inbox`);
        let recorded = 0;
        const consumer = new EventConsumer({
          name: `bench-recording-${randomUUID()}`,
          kafka,
          dataSource: b.dataSource,
          catalogue: EVENT_CATALOGUE,
          topics: [topic],
          deadLetterTopic: `${topic}.dead-letter`,
          authenticate: async (event) => doubt(event),
          handlers: Object.fromEntries(
            EVENT_CATALOGUE.types().map((type) => [
              type,
              async (event: EventEnvelope, tx, source) => {
                await log.record(event, tx, source.sent);
                recorded += 1;
              },
            ]),
          ),
          // as the delegation's feed does (network-log.feed.ts): a fetched batch recorded set-based
          handleRun: async (items, tx) => {
            await log.recordAll(items.map(({ event, source }) => ({ event, sent: source.sent })), tx);
            recorded += items.length;
          },
        });
        let value: number;
        try {
          await consumer.start();
          value = messages / (await seconds(() => waitUntil(() => recorded >= messages, 60_000, () => ({ recorded, ...consumer.stats }))));
        } finally {
          await consumer.stop();
        }

        let rawRecorded = 0;
        let position = 0;
        const group = `bench-raw-${randomUUID()}`;
        const raw = kafka.consumer({ groupId: group, maxWaitTimeInMs: 1_000 });
        try {
          await raw.connect();
          await raw.subscribe({ topics: [topic], fromBeginning: true });
          await raw.run({
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              const events = batch.messages.map((m) => JSON.parse(m.value!.toString('utf8')) as EventEnvelope);
              for (const event of events) if (doubt(event)) throw new Error(`bench event ${event.eventId} does not verify`);
              await b.dataSource.transaction(async (tx) => {
                await tx.query(
                  `INSERT INTO raw_inbox (consumer, event_id, event_type, source_topic)
                   SELECT $1, e.event_id, e.event_type, e.source_topic FROM unnest($2::uuid[], $3::text[], $4::text[]) AS e(event_id, event_type, source_topic)
                   ON CONFLICT (consumer, event_id) DO NOTHING`,
                  [group, events.map((e) => e.eventId), events.map((e) => e.type), events.map(() => batch.topic)],
                );
                // the rows in one statement, as the network log writes them
                await tx.query(
                  `INSERT INTO network_log_raw (position, event_id, type, institution_id, case_id, project_id, programme_id, recorded_at, envelope)
                   SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::jsonb[])`,
                  [
                    events.map(() => ++position),
                    events.map((e) => e.eventId),
                    events.map((e) => e.type),
                    events.map((e) => e.institutionId),
                    events.map((e) => e.caseId),
                    events.map((e) => e.projectId),
                    events.map((e) => e.programmeId),
                    events.map((e) => e.recordedAt),
                    events.map((e) => JSON.stringify(e)),
                  ],
                );
              });
              resolveOffset(batch.lastOffset());
              rawRecorded += events.length;
            },
          });
          const baseline = messages / (await seconds(() => waitUntil(() => rawRecorded >= messages)));
          return { value, baseline };
        } finally {
          await raw.disconnect();
        }
      },
    );
    await deleteTopics(kafka, [topic, `${topic}.dead-letter`]);
    return [line];
  } finally {
    await b.drop();
  }
}
