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

describe('an outbox relay between appends', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('relay-wakes');
  let t: TestStore;
  let relay: OutboxRelay;

  beforeAll(async () => {
    await ensureTopics(kafka, [topic], 1);
    t = await openTestStore('relay_wakes', topic);
    // Each send takes 200 ms longer, so appends commit while a batch is in flight; and no poll to fall
    // back on within the test: every row must go out because its append woke the relay.
    const slowKafka = Object.create(kafka) as typeof kafka;
    slowKafka.producer = (config) => {
      const producer = kafka.producer(config);
      const sendBatch = producer.sendBatch.bind(producer);
      producer.sendBatch = async (batch) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return sendBatch(batch);
      };
      return producer;
    };
    relay = new OutboxRelay({ dataSource: t.dataSource, kafka: slowKafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, batchSize: 5, idlePollMs: 600_000 });
  });
  afterAll(async () => {
    await relay.stop();
    await t.close();
  });

  it('publishes the events appended while it sends a batch, the last one included, without waiting for a poll', async () => {
    const collector = await collectTopic(kafka, topic);
    await relay.start();
    const caseId = randomUUID();
    // Back to back: the first wakes the relay, the next ones commit while it sends (short batches and full
    // ones), and the last commits while a send is in flight with nothing after it to wake the relay again.
    const count = 15;
    for (let i = 0; i < count; i++) {
      await t.store.append(`case-${caseId}`, [{ type: 'case.note', schemaVersion: 1, caseId, payload: { n: i + 1 } }], i, context());
    }
    await waitFor(() => collector.messages.length >= count, 15_000, `${count} messages`);
    await collector.stop();
    expect(collector.messages.map((m) => JSON.parse(m.value!.toString()).payload.n)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });
});
