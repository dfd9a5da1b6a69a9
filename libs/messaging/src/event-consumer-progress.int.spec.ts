import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { EventConsumer } from './event-consumer';
import { ensureTopics } from './topic-admin';
import { OutboxRelay } from './outbox-relay';
import { context, openTestStore, TestStore } from '../../../test/support/event-store';
import { testKafka, uniqueTopic, waitFor } from '../../../test/support/kafka';

/**
 * A consumer that stops reading without stopping the process is restarted, with real Kafka and
 * PostgreSQL: one whose kafkajs consumer silently stops fetching its partitions (as kafkajs can
 * after a broker restart or freeze; here its partitions are paused behind its back), and one that
 * crashed on an error kafkajs does not retry (a TypeError, say: kafkajs then stays stopped for good). Every event is
 * handled once, before and after the restart.
 */
describe('EventConsumer keeps progressing', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('progress');
  let t: TestStore;
  let relay: OutboxRelay;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [topic], 2);
    t = await openTestStore('consumer_progress', topic);
    relay = new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, idlePollMs: 300 });
    await relay.start();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await relay.stop();
    await t.close();
  });

  const openCases = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const caseId = randomUUID();
      await t.store.append(`case-${caseId}`, [{ type: 'case.opened', schemaVersion: 2, caseId, payload: { personId: `p-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1990, incidenceGroups: [] } }], 'no-stream', context());
    }
  };

  const consumerOf = (handled: string[], authenticate?: (event: EventEnvelope) => Promise<string | null>) => {
    const consumer = new EventConsumer({
      name: `progress-${randomUUID()}`,
      kafka,
      dataSource: t.dataSource,
      catalogue: t.store.catalogue,
      topics: [topic],
      stallAfterMs: 3_000,
      progressCheckMs: 500,
      authenticate,
      handlers: { 'case.opened': async (event) => void handled.push(event.eventId) },
    });
    consumers.push(consumer);
    return consumer;
  };

  it('restarts a consumer whose partitions stopped being fetched, and handles what waited on them once', async () => {
    const handled: string[] = [];
    const consumer = consumerOf(handled);
    await consumer.start();
    await openCases(6);
    await waitFor(() => handled.length === 6, 30_000, 'the first six events');
    // two checks over an idle, caught-up consumer: nothing to restart
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(consumer.restarts).toBe(0);

    consumer['consumer']!.kafkaConsumer!.pause([{ topic }]); // fetching stops; the group still holds the partitions
    await openCases(6);
    await waitFor(() => consumer.restarts === 1, 30_000, 'the stalled consumer restarted');
    await waitFor(() => handled.length >= 12, 30_000, 'the six events that waited');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(new Set(handled).size).toBe(12);
    expect(handled).toHaveLength(12);
    expect(consumer.restarts).toBe(1);
  });

  it('restarts a consumer that crashed on an error kafkajs does not retry, and handles the event it crashed on once', async () => {
    const handled: string[] = [];
    let failures = 0;
    const consumer = consumerOf(handled, async () => {
      // the first check throws a TypeError, which kafkajs neither retries nor restarts after (a plain Error it retries)
      if (failures === 0) {
        failures += 1;
        throw new TypeError("Cannot read properties of undefined (reading 'publicKey')");
      }
      return null;
    });
    await consumer.start();
    await waitFor(() => handled.length === 12, 60_000, 'every event on the topic, after the crash');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(failures).toBe(1);
    expect(consumer.restarts).toBe(1);
    expect(new Set(handled).size).toBe(12);
    expect(handled).toHaveLength(12);
  });

  it('waits longer and longer between replacements while the same message crashes it every time (1 s, 2 s, 4 s ...)', async () => {
    const consumer = consumerOf([], async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'publicKey')");
    });
    await consumer.start();
    // when each replacement began (polled every 10 ms)
    const at: number[] = [];
    const deadline = Date.now() + 60_000;
    while (consumer.restarts < 4 && Date.now() < deadline) {
      while (at.length < consumer.restarts) at.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    while (at.length < consumer.restarts) at.push(Date.now());
    expect(at.length).toBeGreaterThanOrEqual(4);
    // the first replacement is at once, then each waits 1, 2, 4 s (plus the join) before the next crash
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(1_000 - 50);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(2_000 - 50);
    await consumer.stop();
  });
});
