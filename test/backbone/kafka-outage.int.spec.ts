import { randomUUID } from 'node:crypto';
import { EventConsumer, ensureTopics, OutboxRelay } from '@inclusion/messaging';
import { context, openTestStore, TestStore } from '../support/event-store';
import { PrivateBroker, testKafka, waitFor } from '../support/kafka';

/**
 * Kafka is stopped in the middle of a stream of appends and restarted later: appends keep
 * succeeding, the relay retries and catches up, and the consumer sees every event once, in
 * per-case order. Runs on a private broker so the shared one is not disturbed.
 */
describe('a Kafka outage during appends', () => {
  let broker: PrivateBroker;
  let t: TestStore;
  let relay: OutboxRelay;
  let consumer: EventConsumer;

  beforeAll(async () => {
    broker = await PrivateBroker.create();
    await broker.start();
  }, 180_000);
  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await t?.close();
    await broker.destroy();
  }, 120_000);

  it('loses nothing and keeps per-case order', async () => {
    const kafka = testKafka(broker.brokers, 'outage-test', 2);
    const topic = `outage.events.${randomUUID()}`;
    await ensureTopics(kafka, [topic], 3);
    t = await openTestStore('outage', topic);
    relay = new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, idlePollMs: 200, maxBackoffMs: 1_000 });
    const received = new Map<string, number[]>();
    let deliveries = 0;
    consumer = new EventConsumer({
      name: `outage-consumer-${randomUUID()}`,
      kafka,
      dataSource: t.dataSource,
      catalogue: t.store.catalogue,
      topics: [topic],
      handlers: {
        'case.opened': async (event) => {
          deliveries += 1;
          const list = received.get(event.caseId!) ?? [];
          list.push((event.payload as { birthYear: number }).birthYear);
          received.set(event.caseId!, list);
        },
      },
    });
    await relay.start();
    await consumer.start();

    const cases = Array.from({ length: 5 }, () => randomUUID());
    let sequence = 0;
    const appendRound = async () => {
      for (const caseId of cases) {
        sequence += 1;
        // each case's events carry an increasing number (birthYear is reused as a counter)
        await t.store.append(`case-${caseId}`, [{ type: 'case.opened', schemaVersion: 2, caseId, payload: { personId: `p-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1900 + sequence, incidenceGroups: [] } }], 'any', context());
      }
    };

    for (let i = 0; i < 4; i++) await appendRound();
    await waitFor(() => deliveries === 20, 30_000, 'deliveries before the outage');

    await broker.stop();
    for (let i = 0; i < 6; i++) await appendRound(); // accepted while Kafka is down
    const [{ n: waiting }] = await t.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE global_position > (SELECT position FROM relay_cursor)`);
    expect(Number(waiting)).toBe(30);
    expect((await relay.lag()).unpublished).toBe(30);
    // long enough down for the relay's sends to fail and go into backoff
    await waitFor(() => relay.stats.failures > 0, 60_000, 'a failed publish attempt');

    await broker.start();
    for (let i = 0; i < 2; i++) await appendRound();

    await waitFor(async () => (await relay.lag()).unpublished === 0, 90_000, 'the relay to catch up');
    await waitFor(() => [...received.values()].reduce((sum, list) => sum + list.length, 0) === 60, 90_000, 'every event at the consumer');

    const stored = await t.dataSource.query(`SELECT count(*) AS n FROM events`);
    expect(Number(stored[0].n)).toBe(60);
    for (const caseId of cases) {
      const years = received.get(caseId)!;
      expect(years).toHaveLength(12);
      expect(years).toEqual([...years].sort((a, b) => a - b));
    }
    process.stdout.write(
      `kafka outage: accepted 60, stored ${stored[0].n}, published ${relay.stats.published} (${relay.stats.failures} failed publish attempts), handled ${consumer.stats.handled}, duplicates suppressed ${consumer.stats.duplicates}, lost 0\n`,
    );
  }, 300_000); // the broker's restart and the consumer group's rejoin take their time on a loaded machine
});
