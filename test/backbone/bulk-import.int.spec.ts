import { randomUUID } from 'node:crypto';
import { ImportLineError, verifyInstitutionLog, verifyStream } from '@inclusion/event-store';
import { authenticityDoubt, ensureTopics, OutboxRelay } from '@inclusion/messaging';
import { EventEnvelope } from '@inclusion/contracts';
import { caseOpened, context, openTestStore, testKeyBook, TestStore } from '../support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../support/kafka';

/**
 * Bulk import (backfill of an institution's history): COPY-based, chained and signed like any
 * append, relayed to Kafka in order; a bad line rejects the whole import, naming the line.
 */
describe('bulk import of an institution history (real PostgreSQL and Kafka)', () => {
  const kafka = testKafka();
  const stores: TestStore[] = [];
  const relays: OutboxRelay[] = [];
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(stores.map((t) => t.close()));
  });

  /** Text COPY must escape (backslash, tab, newline) beside quotes and characters beyond ASCII and Latin-1. */
  const TRICKY_REASON = 'Reprise\t« urgent » — C:\\dossiers\\2019\n"vu" \\N';

  /** A history of `cases` cases: each opened in 2019, then three reference technicians assigned (4 lines per case; the first case's second one gives a reason, TRICKY_REASON). */
  const history = (cases: number, prefix = randomUUID().slice(0, 8)) =>
    Array.from({ length: cases }, (_, c) => {
      const caseId = `${prefix}-${c}`;
      const opened = caseOpened(caseId);
      return [
        { streamId: `case-${caseId}`, ...opened, occurredAt: '2019-03-01T09:00:00.000Z', actor: { userId: 'legacy-tech', role: 'technician' } },
        ...[1, 2, 3].map((n) => ({ streamId: `case-${caseId}`, type: 'case.reference-technician-assigned', schemaVersion: 1, caseId, payload: { technicianId: `tech-${n}`, ...(c === 0 && n === 2 ? { reason: TRICKY_REASON } : {}) }, occurredAt: `2019-0${3 + n}-01T09:00:00.000Z` })),
      ];
    })
      .flat()
      .map((line) => JSON.stringify(line));

  it('writes the events in the institution chain and transparency log (verifies intact), after the events already there, and the relay publishes them in order', async () => {
    const topic = uniqueTopic('bulk-import');
    await ensureTopics(kafka, [topic], 3);
    const t = await openTestStore('bulk_import', topic);
    stores.push(t);
    const institution = `ss-${randomUUID().slice(0, 8)}`;
    // the institution already recorded an event through the normal append: the import continues its chain and tree
    const before = randomUUID();
    await t.store.append(`case-${before}`, [caseOpened(before)], 'no-stream', context(institution));

    const progress: { lines: number; events: number }[] = [];
    const lines = history(300);
    const report = await t.store.bulkImport(institution, lines, { chunkEvents: 500, onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ institutionId: institution, events: 1200, signedHeads: 3 });
    expect(progress.map((p) => p.events)).toEqual([500, 1000, 1200]);
    expect(report.lastPosition - report.firstPosition).toBe(1199);

    const verified = await verifyInstitutionLog(t.store, institution);
    expect(verified).toMatchObject({ intact: true, eventsChecked: 1201, headSequence: 1201 });
    const firstCase = JSON.parse(lines[0]).streamId as string;
    expect(await verifyStream(t.store, firstCase)).toEqual({ intact: true, streamId: firstCase, eventsChecked: 4 });
    const [stored, , second] = await t.store.readStream(firstCase);
    expect(stored).toMatchObject({ occurredAt: '2019-03-01T09:00:00.000Z', actor: { userId: 'legacy-tech', role: 'technician' }, institutionSequence: 2 });
    // text with COPY's special characters reads back as it was given
    expect(second.payload).toEqual({ technicianId: 'tech-2', reason: TRICKY_REASON });

    // the normal append goes on after the import, on the same chain
    await t.store.append(firstCase, [{ type: 'case.reference-technician-assigned', schemaVersion: 1, caseId: stored.caseId, payload: { technicianId: 'tech-4' } }], 4, context(institution));
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true, eventsChecked: 1202 });

    const collector = await collectTopic(kafka, topic);
    const relay = new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, batchSize: 200 });
    relays.push(relay);
    await relay.start();
    await waitFor(() => collector.messages.length >= 1202, 60_000, 'the imported events on Kafka');
    await collector.stop();
    const sent = collector.messages.map((m) => JSON.parse(m.value!.toString()) as EventEnvelope);
    // per case (partition key) in stream order, and each event proven in the institution's log
    const byStream = new Map<string, number[]>();
    for (const event of sent) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.streamVersion]);
    for (const [streamId, versions] of byStream) expect({ streamId, versions }).toEqual({ streamId, versions: versions.map((_, i) => i + 1) });
    expect(new Set(sent.map((e) => e.eventId)).size).toBe(1202);
    for (const event of sent) expect(authenticityDoubt(testKeyBook, event)).toBeNull();
    expect(sent.find((e) => e.eventId === second.eventId)!.payload).toEqual({ technicianId: 'tech-2', reason: TRICKY_REASON });
  });

  it('rejects the whole import at a bad line, naming the line and its problems, and writes nothing', async () => {
    const t = await openTestStore('bulk_import_bad');
    stores.push(t);
    const institution = `ss-${randomUUID().slice(0, 8)}`;
    const lines = history(50);
    const bad = JSON.parse(lines[122]);
    lines[122] = JSON.stringify({ ...bad, type: 'case.opened', schemaVersion: 2, payload: { municipality: 42 } });
    const positionBefore = await t.store.lastPosition();

    const error = await t.store.bulkImport(institution, lines, { chunkEvents: 40 }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportLineError);
    expect(error.line).toBe(123);
    expect(error.message).toMatch(/^line 123: .*payload\.municipality/);
    expect(error.problems.length).toBeGreaterThan(1);

    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 0 }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM tlog_heads WHERE log_id = $1`, [institution])).toEqual([{ n: 0 }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM chain_heads WHERE institution_id = $1`, [institution])).toEqual([{ n: 0 }]);

    // not JSON at all: named too
    const notJson = await t.store.bulkImport(institution, [lines[0], '{"streamId": '], {}).catch((e) => e);
    expect(notJson).toMatchObject({ line: 2 });
    expect(notJson.message).toMatch(/^line 2: not JSON/);

    // the drawn positions went back: the next append takes the next position, no gap
    const appended = await t.store.append(`case-after`, [caseOpened('after')], 'no-stream', context(institution));
    expect(appended.events[0].globalPosition).toBe(positionBefore + 1);
  });

  it('rejects the whole import when the database refuses a chunk while the next lines are read, with the database\'s reason, and writes nothing', async () => {
    const t = await openTestStore('bulk_import_refused');
    stores.push(t);
    const institution = `ss-${randomUUID().slice(0, 8)}`;
    const lines = history(60);
    // line 90 opens a second case for the person of the first case, still open: the one-open-case-per-person rule
    // refuses it in the third chunk's COPY (40 lines a chunk), while the lines after it are being read and checked
    const first = JSON.parse(lines[0]);
    const second = JSON.parse(lines[88]);
    lines[89] = JSON.stringify({ ...second, streamId: 'case-duplicate', caseId: 'duplicate', payload: { ...second.payload, personId: first.payload.personId } });
    const positionBefore = await t.store.lastPosition();

    const error = await t.store.bulkImport(institution, lines, { chunkEvents: 40 }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ImportLineError);
    expect(error.message).not.toMatch(/transaction is aborted/);
    expect(`${error.message} ${error.detail ?? ''} ${error.constraint ?? ''}`).toMatch(/open_cases|already exists|duplicate key/);

    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 0 }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM chain_heads WHERE institution_id = $1`, [institution])).toEqual([{ n: 0 }]);
    // the positions drawn by the chunks written before went back too: no gap
    const appended = await t.store.append(`case-after-refusal`, [caseOpened('after-refusal')], 'no-stream', context(institution));
    expect(appended.events[0].globalPosition).toBe(positionBefore + 1);
  });
});
