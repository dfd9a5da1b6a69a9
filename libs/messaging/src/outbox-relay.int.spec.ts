import { randomUUID } from 'node:crypto';
import { OutboxRelay } from './outbox-relay';
import { ensureTopics } from './topic-admin';
import { context, openTestStore, TestStore } from '../../../test/support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../../../test/support/kafka';

describe('several outbox relays on one store', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('two-relays');
  let t: TestStore;
  let relays: OutboxRelay[];

  beforeAll(async () => {
    await ensureTopics(kafka, [topic], 3);
    t = await openTestStore('two_relays', topic);
    relays = [1, 2, 3].map(
      () => new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, batchSize: 7, idlePollMs: 100 }),
    );
  });
  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await t.close();
  });

  it('publish each outbox row once, in per-case order, whichever relay takes the batch', async () => {
    const collector = await collectTopic(kafka, topic);
    await Promise.all(relays.map((relay) => relay.start()));
    const cases = Array.from({ length: 4 }, () => randomUUID());
    await Promise.all(
      cases.map(async (caseId) => {
        for (let i = 1; i <= 25; i++) {
          await t.store.append(`case-${caseId}`, [{ type: 'case.note', schemaVersion: 1, caseId, payload: { n: i } }], i - 1, context());
        }
      }),
    );

    await waitFor(() => collector.messages.length >= 100, 30_000, '100 messages');
    await new Promise((resolve) => setTimeout(resolve, 500)); // would-be duplicates have time to arrive
    await collector.stop();

    expect(collector.messages).toHaveLength(100);
    const ids = collector.messages.map((m) => String(m.headers!['ce_id']));
    expect(new Set(ids).size).toBe(100);
    for (const caseId of cases) {
      const numbers = collector.messages.filter((m) => m.key!.toString() === caseId).map((m) => JSON.parse(m.value!.toString()).payload.n);
      expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    }
    expect(relays.reduce((sum, relay) => sum + relay.stats.published, 0)).toBe(100);
  });
});
