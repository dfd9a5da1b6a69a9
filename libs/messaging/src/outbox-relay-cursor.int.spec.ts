import { randomUUID } from 'node:crypto';
import { OutboxRelay } from './outbox-relay';
import { ensureTopics } from './topic-admin';
import { context, openTestStore, TestStore } from '../../../test/support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../../../test/support/kafka';

/** The relay by cursor: takeover when the active relay dies, and the upgrade from rows marked published. */
describe('outbox relay by cursor', () => {
  const kafka = testKafka();
  const stores: TestStore[] = [];
  const relays: OutboxRelay[] = [];
  const relay = (t: TestStore) => {
    const r = new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, batchSize: 4, idlePollMs: 100, standbyPollMs: 100, maxBackoffMs: 300 });
    relays.push(r);
    return r;
  };
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(stores.map((t) => t.close()));
  });

  const note = (caseId: string, n: number) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { n } });
  const appendNotes = async (t: TestStore, caseId: string, from: number, to: number) => {
    for (let n = from; n <= to; n++) await t.store.append(`case-${caseId}`, [note(caseId, n)], n === 1 ? 'no-stream' : n - 1, context());
  };
  const numbersOf = (messages: { key: Buffer | null; value: Buffer | null }[], caseId: string) =>
    messages.filter((m) => m.key!.toString() === caseId).map((m) => JSON.parse(m.value!.toString()).payload.n as number);

  it('has one active relay; when it dies a standby takes over from the cursor and nothing is lost', async () => {
    const topic = uniqueTopic('relay-takeover');
    await ensureTopics(kafka, [topic], 2);
    const t = await openTestStore('relay_takeover', topic);
    stores.push(t);
    const collector = await collectTopic(kafka, topic);
    const first = relay(t);
    const second = relay(t);
    await first.start();
    await waitFor(() => first.active, 10_000, 'the first relay to become active');
    await second.start();
    const caseId = randomUUID();

    await appendNotes(t, caseId, 1, 10);
    await waitFor(() => collector.messages.length >= 10, 30_000, 'the first ten');
    expect(second.active).toBe(false);
    expect(second.stats.published).toBe(0);
    expect(first.stats.published).toBe(10);

    // the active relay's process dies: its session (and the lock) ends on the server
    const [{ pid }] = await t.dataSource.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 472020 AND objid::int = hashtext($1) AND granted`,
      [t.schema],
    );
    await t.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await first.stop();

    await appendNotes(t, caseId, 11, 20);
    await waitFor(() => new Set(collector.messages.map((m) => String(m.headers!['ce_id']))).size >= 20, 30_000, 'all twenty');
    await collector.stop();

    expect(second.active).toBe(true);
    expect(second.stats.published).toBe(10);
    expect(numbersOf(collector.messages, caseId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const [{ position }] = await t.dataSource.query(`SELECT position FROM relay_cursor`);
    const [{ max }] = await t.dataSource.query(`SELECT max(global_position) AS max FROM outbox`);
    expect(position).toBe(max);
    expect(await second.lag()).toEqual({ unpublished: 0, oldestAgeMs: 0 });
    // no outbox row was touched
    const [{ marked }] = await t.dataSource.query(`SELECT count(*)::int AS marked FROM outbox WHERE published_at IS NOT NULL OR attempts > 0`);
    expect(marked).toBe(0);
  });

  it('starts after the rows an earlier relay marked published (upgrade), and reports the rest as lag', async () => {
    const topic = uniqueTopic('relay-upgrade');
    await ensureTopics(kafka, [topic], 1);
    const t = await openTestStore('relay_upgrade', topic);
    stores.push(t);
    const caseId = randomUUID();
    await appendNotes(t, caseId, 1, 6);
    // as the earlier relay left it: the first four marked published, no cursor yet
    await t.dataSource.query(`DROP TABLE IF EXISTS relay_cursor`);
    await t.dataSource.query(`UPDATE outbox SET published_at = now() WHERE global_position IN (SELECT global_position FROM outbox ORDER BY global_position LIMIT 4)`);

    const r = relay(t);
    expect(await r.lag()).toMatchObject({ unpublished: 2 });
    const collector = await collectTopic(kafka, topic);
    await r.start();
    await waitFor(() => collector.messages.length >= 2, 30_000, 'the two unpublished');
    await waitFor(async () => (await r.lag()).unpublished === 0, 10_000, 'no lag');
    await new Promise((resolve) => setTimeout(resolve, 500)); // a wrongly republished row would arrive now
    await collector.stop();
    expect(numbersOf(collector.messages, caseId)).toEqual([5, 6]);
    expect(r.stats.published).toBe(2);
  });
});
