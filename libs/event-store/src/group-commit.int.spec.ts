import { randomUUID } from 'node:crypto';
import { ConflictingWriteError, WrongExpectedVersionError } from './errors';
import { NotificationListener } from './notification-listener';
import { inclusionDoubt, logKeyVerifiers } from './chain/transparency';
import { verifyInstitutionLog } from './verification';
import { OpenCasePerPerson1763800000030 } from './migrations/1763800000030-open-case-per-person';
import { caseOpened, context, openTestStore, testKeyBook, TestStore } from '../../../test/support/event-store';

const note = (caseId: string, text: string) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { text } });

/**
 * Group commit against the real PostgreSQL: batches, members rejected alone, order and chains;
 * once with batches written in one statement, once with every batch's rows streamed by COPY
 * (what a batch of copyFromEvents events or more does).
 */
describe.each([
  ['one statement per batch', 'group_commit', {}],
  ['rows by COPY', 'group_commit_copy', { copyFromEvents: 1 }],
])('EventStore group commit, %s (real PostgreSQL)', (_, name, options) => {
  let t: TestStore;
  /** What the store told its observer of each group commit. */
  const commits: { appends: number; events: number; seconds: number; computedAhead: string }[] = [];
  beforeAll(async () => {
    t = await openTestStore(name, undefined, { ...options, observer: { appended: () => undefined, committed: (batch) => void commits.push(batch) } });
  });
  afterAll(() => t.close());

  const head = async () => Number((await t.dataSource.query(`SELECT coalesce(max(global_position), 0) AS p FROM events`))[0].p);
  /** The transactions (xmin) that wrote the events after a position, and the positions. */
  const writtenAfter = async (after: number) => {
    const rows: { p: string; xmin: string; institution_id: string; institution_sequence: string }[] = await t.dataSource.query(
      `SELECT global_position AS p, xmin::text AS xmin, institution_id, institution_sequence FROM events WHERE global_position > $1 ORDER BY global_position`,
      [after],
    );
    return rows.map((r) => ({ position: Number(r.p), xmin: r.xmin, institution: r.institution_id, sequence: Number(r.institution_sequence) }));
  };
  const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

  it('concurrent appends to different streams share one transaction and one signed tree head per institution', async () => {
    const start = await head();
    const headsBefore = Number((await t.dataSource.query(`SELECT count(*) AS n FROM tlog_heads`))[0].n);
    const commitsBefore = commits.length;
    const ids = Array.from({ length: 24 }, () => randomUUID());
    // The first append starts a batch at once; the others queue meanwhile and commit together in the next one.
    const results = await Promise.all(ids.map((id, i) => t.store.append(`case-${id}`, [note(id, `n${i}`)], 'no-stream', context(i % 2 ? 'ss-gc-a' : 'ss-gc-b'))));
    const rows = await writtenAfter(start);
    expect(rows).toHaveLength(24);
    const transactions = new Set(rows.map((r) => r.xmin));
    expect(transactions.size).toBeLessThanOrEqual(3);
    const headsAdded = Number((await t.dataSource.query(`SELECT count(*) AS n FROM tlog_heads`))[0].n) - headsBefore;
    expect(headsAdded).toBeLessThanOrEqual(2 * transactions.size); // one per institution per commit, not one per append
    // gap-free positions, in the order the appends were queued
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 24 }, (_, i) => start + i + 1));
    expect(results.map((r) => r.events[0].globalPosition)).toEqual(rows.map((r) => r.position));
    // the observer (the services' metrics) is told of each commit: one per transaction, the appends it wrote
    const observed = commits.slice(commitsBefore);
    expect(observed).toHaveLength(transactions.size);
    expect(observed.reduce((n, c) => n + c.appends, 0)).toBe(24);
    expect(observed.reduce((n, c) => n + c.events, 0)).toBe(24);
    expect(Math.max(...observed.map((c) => c.appends))).toBeGreaterThan(1);
    expect(observed.every((c) => c.seconds > 0)).toBe(true);
  });

  it('a member with a wrong expected version is rejected alone; the others of its batch commit, with no gap in positions', async () => {
    const existing = randomUUID();
    await t.store.append(`case-${existing}`, [note(existing, 'first')], 'no-stream', context('ss-gc-a'));
    const start = await head();
    const twice = randomUUID();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const outcomes = await settle([
      t.store.append(`case-${ids[0]}`, [note(ids[0], 'blocker')], 'no-stream', context('ss-gc-a')), // takes the first batch alone
      t.store.append(`case-${ids[1]}`, [note(ids[1], 'a')], 'no-stream', context('ss-gc-a')),
      t.store.append(`case-${existing}`, [note(existing, 'stale')], 5, context('ss-gc-a')), // wrong version
      t.store.append(`case-${twice}`, [note(twice, 'one')], 'no-stream', context('ss-gc-b')),
      t.store.append(`case-${twice}`, [note(twice, 'two')], 'no-stream', context('ss-gc-b')), // the same new stream twice in one batch
      t.store.append(`case-${ids[2]}`, [note(ids[2], 'b'), note(ids[2], 'c')], 'no-stream', context('ss-gc-b')),
      t.store.append(`case-${existing}`, [note(existing, 'second')], 1, context('ss-gc-a')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((outcomes[4] as PromiseRejectedResult).reason).toMatchObject({ code: 'STREAM.WRONG_EXPECTED_VERSION', actual: 1 });
    const rows = await writtenAfter(start);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 6 }, (_, i) => start + i + 1));
    expect(new Set(rows.slice(1).map((r) => r.xmin)).size).toBe(1); // the survivors of the second batch committed together
    expect(await t.store.streamVersion(`case-${existing}`)).toBe(2);
    expect(await t.store.streamVersion(`case-${twice}`)).toBe(1);
    // the next append takes the next position: the positions drawn for the rejected members were given back
    const after = randomUUID();
    const { events } = await t.store.append(`case-${after}`, [note(after, 'next')], 'no-stream', context('ss-gc-a'));
    expect(events[0].globalPosition).toBe(start + 7);
  });

  it('a second open case of a person in a municipality fails alone, by the database, while the rest of its batch commits', async () => {
    const personId = `person-${randomUUID()}`;
    const [first, second, other] = [randomUUID(), randomUUID(), randomUUID()];
    const blocker = randomUUID();
    const start = await head();
    const outcomes = await settle([
      t.store.append(`case-${blocker}`, [note(blocker, 'blocker')], 'no-stream', context('ss-gc-a')),
      t.store.append(`case-${first}`, [caseOpened(first, { personId })], 'no-stream', context('ss-gc-a')),
      t.store.append(`case-${second}`, [caseOpened(second, { personId })], 'no-stream', context('ss-gc-a')),
      t.store.append(`case-${other}`, [caseOpened(other)], 'no-stream', context('ss-gc-a')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictingWriteError);
    expect(await t.dataSource.query(`SELECT case_id FROM open_cases WHERE person_id = $1`, [personId])).toEqual([{ case_id: first }]);
    expect(await t.store.streamVersion(`case-${second}`)).toBe(0);
    expect((await writtenAfter(start)).map((r) => r.position)).toHaveLength(3);
    // closing the case frees the person for a new one
    await t.store.append(`case-${first}`, [{ type: 'case.closed', schemaVersion: 1, caseId: first, payload: { closedOn: '2026-11-27', reason: 'goal-reached' } }], 1, context('ss-gc-a'));
    await t.store.append(`case-${second}`, [caseOpened(second, { personId })], 'no-stream', context('ss-gc-a'));
    expect(await t.dataSource.query(`SELECT case_id FROM open_cases WHERE person_id = $1`, [personId])).toEqual([{ case_id: second }]);
  });

  it('a failing side effect (within) rejects its own append alone', async () => {
    const [blocker, ok, bad] = [randomUUID(), randomUUID(), randomUUID()];
    const outcomes = await settle([
      t.store.append(`case-${blocker}`, [note(blocker, 'blocker')], 'no-stream', context('ss-gc-a')),
      t.store.appendGrouped({ streamId: `case-${ok}`, events: [note(ok, 'ok')], expected: 'no-stream', context: context('ss-gc-a'), within: async (tx) => void (await tx.query(`SELECT 1`)) }),
      t.store.appendGrouped({
        streamId: `case-${bad}`,
        events: [note(bad, 'bad')],
        expected: 'no-stream',
        context: context('ss-gc-b'),
        within: async () => {
          throw new Error('side effect failed');
        },
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('side effect failed');
    expect(await t.store.streamVersion(`case-${ok}`)).toBe(1);
    expect(await t.store.streamVersion(`case-${bad}`)).toBe(0);
  });

  it('keeps each chain and transparency log intact, and every outbox row carries a proof under its commit signed head', async () => {
    const start = await head();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          const id = randomUUID();
          await t.store.append(`case-${id}`, Array.from({ length: 1 + ((w + i) % 3) }, (_, k) => note(id, `w${w} i${i} k${k}`)), 'no-stream', context(`ss-gc-${w % 3}`));
        }
      }),
    );
    for (const institution of ['ss-gc-0', 'ss-gc-1', 'ss-gc-2', 'ss-gc-a', 'ss-gc-b']) {
      const report = await verifyInstitutionLog(t.store, institution);
      expect(report).toMatchObject({ intact: true });
    }
    const rows = await writtenAfter(start);
    // position order is each institution's chain order
    for (const institution of ['ss-gc-0', 'ss-gc-1', 'ss-gc-2']) {
      const sequences = rows.filter((r) => r.institution === institution).map((r) => r.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences.every((s, i) => i === 0 || s === sequences[i - 1] + 1)).toBe(true);
    }
    const outbox: { value: string }[] = await t.dataSource.query(`SELECT value FROM outbox WHERE global_position > $1 ORDER BY global_position`, [start]);
    expect(outbox).toHaveLength(rows.length);
    for (const { value } of outbox) {
      const event = JSON.parse(value);
      const origin = t.store.logs.originOf(event.institutionId);
      expect(inclusionDoubt(event, event.proof, origin, logKeyVerifiers(testKeyBook, event.institutionId, origin, new Date(event.recordedAt)))).toBeNull();
    }
  });

  /** Whether this store's last group commit was computed while its read was in flight. */
  const lastAhead = () => commits[commits.length - 1].computedAhead;
  /** Appends of this store alone until its batches are computed ahead again (a read found its own state). */
  const ownAppends = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      await t.store.append(`case-${id}`, [note(id, 'own')], 'no-stream', context('ss-gc-a'));
    }
  };

  it('a batch computed ahead is computed again when another writer appended meanwhile, and chains on its events', async () => {
    const { EventStore } = await import('./event-store');
    // another process's store on the same schema: it appends between two of this store's batches
    const other = new EventStore(t.dataSource, { ...options, topic: 'other-writer', catalogue: t.store.catalogue, keyRing: t.store.keyRing, notifyOtherProcesses: false });
    await ownAppends(2);
    const id = randomUUID();
    await t.store.append(`case-${id}`, [note(id, 'mine')], 'no-stream', context('ss-gc-a'));
    expect(lastAhead()).toBe('kept');
    const theirs = await other.append(`case-${id}`, [note(id, 'theirs'), note(id, 'theirs too')], 1, context('ss-gc-a'));
    const mine = await t.store.append(`case-${id}`, [note(id, 'mine again')], 3, context('ss-gc-a'));
    expect(lastAhead()).toBe('discarded');
    const [last] = theirs.events.slice(-1);
    expect(mine.events[0]).toMatchObject({ streamVersion: 4, globalPosition: last.globalPosition + 1, institutionSequence: last.institutionSequence + 1, previousHash: last.hash });
    // after a failed guess the next batch is not computed ahead; once a read finds this store's own state, the one after is
    await ownAppends(1);
    expect(lastAhead()).toBe('not-tried');
    await ownAppends(1);
    expect(lastAhead()).toBe('kept');
    // a version this store saw before the other writer moved the stream is refused
    await expect(t.store.append(`case-${id}`, [note(id, 'stale')], 1, context('ss-gc-a'))).rejects.toBeInstanceOf(WrongExpectedVersionError);
    // the other writer draws positions for another institution only: this store's next batch takes the next ones
    await ownAppends(2);
    const elsewhere = randomUUID();
    const moved = await other.append(`case-${elsewhere}`, [note(elsewhere, 'elsewhere')], 'no-stream', context('ss-gc-b'));
    const next = await t.store.append(`case-${id}`, [note(id, 'after elsewhere')], 4, context('ss-gc-a'));
    expect(lastAhead()).toBe('discarded');
    expect(next.events[0].globalPosition).toBe(moved.events[0].globalPosition + 1);
    for (const institution of ['ss-gc-a', 'ss-gc-b']) expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true });
  });

  it('a batch computed ahead is computed again after an append in a consumer\'s transaction of the same process; one with a member rejected in memory is kept', async () => {
    await ownAppends(2);
    const reaction = randomUUID();
    const inTransaction = await t.dataSource.transaction((manager) => t.store.append(`case-${reaction}`, [note(reaction, 'reaction')], 'no-stream', context('ss-gc-a'), manager));
    const id = randomUUID();
    const after = await t.store.append(`case-${id}`, [note(id, 'after the reaction')], 'no-stream', context('ss-gc-a'));
    expect(lastAhead()).toBe('discarded');
    expect(after.events[0]).toMatchObject({ globalPosition: inTransaction.events[0].globalPosition + 1, previousHash: inTransaction.events[0].hash });
    await ownAppends(2);
    expect(lastAhead()).toBe('kept');
    // the same new stream twice in one batch computed ahead: the second is rejected, its position given back
    const twice = randomUUID();
    const outcomes = await settle([
      t.store.append(`case-${twice}`, [note(twice, 'one')], 'no-stream', context('ss-gc-a')),
      t.store.append(`case-${twice}`, [note(twice, 'two')], 'no-stream', context('ss-gc-a')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(lastAhead()).toBe('kept');
    const first = (outcomes[0] as PromiseFulfilledResult<{ events: { globalPosition: number }[] }>).value.events[0];
    const id2 = randomUUID();
    const next = await t.store.append(`case-${id2}`, [note(id2, 'next')], 'no-stream', context('ss-gc-a'));
    expect(lastAhead()).toBe('kept');
    expect(next.events[0].globalPosition).toBe(first.globalPosition + 1);
    expect(await verifyInstitutionLog(t.store, 'ss-gc-a')).toMatchObject({ intact: true });
  });

  it('a batch computed ahead whose read waited for the lock is computed again, with the clock read after the wait', async () => {
    await ownAppends(2);
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(472019, hashtext(current_schema()))`);
      const id = randomUUID();
      const pending = t.store.append(`case-${id}`, [note(id, 'waited')], 'no-stream', context('ss-gc-a'));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const released = Date.now();
      await holder.query('COMMIT');
      const { events } = await pending;
      expect(lastAhead()).toBe('discarded');
      expect(Date.parse(events[0].recordedAt)).toBeGreaterThanOrEqual(released);
    } finally {
      await holder.release();
    }
  });

  it('rows that commit with the appends are written with their batch; a row that fails rejects its own append alone', async () => {
    await t.dataSource.query(`CREATE TABLE IF NOT EXISTS batch_answers (key text PRIMARY KEY, stream text NOT NULL, version int NOT NULL)`);
    const answers = { name: 'test-batch-answers', sql: `INSERT INTO batch_answers (key, stream, version) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])` };
    const taken = `key-${randomUUID()}`;
    await t.dataSource.query(`INSERT INTO batch_answers VALUES ($1, 'earlier', 1)`, [taken]);
    const [blocker, a, b, c] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const person = `person-${randomUUID()}`;
    const append = (id: string, key: string) =>
      t.store.appendGrouped({
        streamId: `case-${id}`,
        events: [note(id, key)],
        expected: 'no-stream',
        context: context('ss-gc-a'),
        // the same person claimed by two members of the batch: the first one's institution holds it
        rows: (result) => [{ statement: answers, values: [key, `case-${id}`, result.nextExpectedVersion] }, t.store.personKeys.claimRow(person, id === a ? 'ss-gc-a' : 'ss-gc-b')],
      });
    const outcomes = await settle([append(blocker, `key-${blocker}`), append(a, `key-${a}`), append(b, taken), append(c, `key-${c}`)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictingWriteError);
    expect(await t.store.streamVersion(`case-${b}`)).toBe(0);
    const written: { key: string; stream: string; version: number }[] = await t.dataSource.query(`SELECT key, stream, version FROM batch_answers WHERE key = ANY($1) ORDER BY key`, [[`key-${a}`, `key-${c}`, taken]]);
    expect(written).toEqual(expect.arrayContaining([{ key: `key-${a}`, stream: `case-${a}`, version: 1 }, { key: `key-${c}`, stream: `case-${c}`, version: 1 }, { key: taken, stream: 'earlier', version: 1 }]));
    expect(written).toHaveLength(3);
    expect(await t.store.personKeys.holderOf(person, t.dataSource.manager)).toBe('ss-gc-b'); // the blocker's batch claimed first
    // two claims of one person in a batch that commits whole: one statement, the first claim's institution
    const other = `person-${randomUUID()}`;
    const [x, y] = [randomUUID(), randomUUID()];
    const claim = (id: string, institution: string) =>
      t.store.appendGrouped({ streamId: `case-${id}`, events: [note(id, 'claim')], expected: 'no-stream', context: context('ss-gc-a'), rows: () => [t.store.personKeys.claimRow(other, institution)] });
    const before = commits.length;
    await Promise.all([claim(x, 'ss-gc-a'), claim(y, 'ss-gc-b')]);
    expect(commits.slice(before).map((c) => c.appends)).toEqual([2]);
    expect(await t.store.personKeys.holderOf(other, t.dataSource.manager)).toBe('ss-gc-a');
  });

  it('an observer that throws fails no append and stops no batch', async () => {
    const { EventStore } = await import('./event-store');
    const fail = () => {
      throw new Error('metrics bug');
    };
    const observed = new EventStore(t.dataSource, { ...options, topic: 'observed', catalogue: t.store.catalogue, keyRing: t.store.keyRing, notifyOtherProcesses: false, observer: { appended: fail, committed: fail } });
    const ids = Array.from({ length: 5 }, () => randomUUID());
    const outcomes = await settle(ids.map((id) => observed.append(`case-${id}`, [note(id, 'observed')], 'no-stream', context('ss-gc-a'))));
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('fulfilled'));
    const id = randomUUID();
    await observed.append(`case-${id}`, [note(id, 'after')], 'no-stream', context('ss-gc-a'));
    expect(await t.store.streamVersion(`case-${id}`)).toBe(1);
  });

  it('wakes the listeners of this process at commit, without a NOTIFY', async () => {
    const { EventStore } = await import('./event-store');
    const quiet = new EventStore(t.dataSource, { topic: 'quiet', catalogue: t.store.catalogue, keyRing: t.store.keyRing, notifyOtherProcesses: false });
    const listener = new NotificationListener(process.env.DATABASE_URL!, quiet.notifyChannel);
    await listener.start();
    await listener.wait(10); // the wake-up of the connection itself
    try {
      const id = randomUUID();
      const woken = listener.wait(10_000).then(() => Date.now());
      const began = Date.now();
      await quiet.append(`case-${id}`, [note(id, 'x')], 'no-stream', context('ss-gc-a'));
      expect((await woken) - began).toBeLessThan(2_000);
    } finally {
      await listener.stop();
    }
  });

  it('upgrade: the migration fills open_cases with the open cases already recorded', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await new OpenCasePerPerson1763800000030().down(runner);
      const [open, closed] = [randomUUID(), randomUUID()];
      const person = `person-${randomUUID()}`;
      await t.store.append(`case-${open}`, [caseOpened(open, { personId: person, municipality: 'Hellín' })], 'no-stream', context('ss-gc-a'));
      await t.store.append(`case-${closed}`, [caseOpened(closed, { personId: person, municipality: 'Albacete' })], 'no-stream', context('ss-gc-a'));
      await t.store.append(`case-${closed}`, [{ type: 'case.closed', schemaVersion: 1, caseId: closed, payload: { closedOn: '2026-11-27', reason: 'goal-reached' } }], 1, context('ss-gc-a'));
      await new OpenCasePerPerson1763800000030().up(runner);
      expect(await t.dataSource.query(`SELECT case_id, municipality FROM open_cases WHERE person_id = $1`, [person])).toEqual([{ case_id: open, municipality: 'Hellín' }]);
      const again = randomUUID();
      await expect(t.store.append(`case-${again}`, [caseOpened(again, { personId: person, municipality: 'Hellín' })], 'no-stream', context('ss-gc-a'))).rejects.toBeInstanceOf(ConflictingWriteError);
    } finally {
      await runner.release();
    }
  });
});
