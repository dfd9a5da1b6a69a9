import { randomUUID } from 'node:crypto';
import { EventConsumer, PermanentHandlerError } from './event-consumer';
import { ensureTopics } from './topic-admin';
import { OutboxRelay } from './outbox-relay';
import { context, openTestStore, TestStore } from '../../../test/support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../../../test/support/kafka';

/** Retries of a failing handler, with real Kafka and PostgreSQL. */
describe('EventConsumer retries', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('retries');
  const deadLetters = uniqueTopic('retries-dlt');
  let t: TestStore;
  let relay: OutboxRelay;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [topic, deadLetters], 1);
    t = await openTestStore('retries', topic);
    relay = new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, idlePollMs: 300 });
    await relay.start();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await relay.stop();
    await t.close();
  });

  const opened = (caseId: string, birthYear = 1990) => ({
    type: 'case.opened',
    schemaVersion: 2,
    caseId,
    payload: { personId: `p-${caseId}`, municipality: 'Albacete', gender: 'male', birthYear, incidenceGroups: [] },
  });

  it('retries a transient failure with backoff, then dead-letters after N tries; a permanent one at once; the next message still runs', async () => {
    const calls = new Map<number, number>();
    const effects: number[] = [];
    const consumer = new EventConsumer({
      name: `retrying-${randomUUID()}`,
      kafka,
      dataSource: t.dataSource,
      catalogue: t.store.catalogue,
      topics: [topic],
      deadLetterTopic: deadLetters,
      maxAttempts: 3,
      retryBaseMs: 20,
      handlers: {
        'case.opened': async (event, tx) => {
          const year = (event.payload as { birthYear: number }).birthYear;
          calls.set(year, (calls.get(year) ?? 0) + 1);
          await tx.query('SELECT 1');
          if (year === 1991 && calls.get(year)! < 3) throw new Error('database hiccup');
          if (year === 1992) throw new Error('always broken');
          if (year === 1993) throw new PermanentHandlerError('this case cannot be handled');
          effects.push(year);
        },
      },
    });
    consumers.push(consumer);
    const dlt = await collectTopic(kafka, deadLetters);
    await consumer.start();

    for (const year of [1991, 1992, 1993, 1994]) {
      const id = randomUUID();
      await t.store.append(`case-${id}`, [opened(id, year)], 'no-stream', context());
    }

    await waitFor(() => effects.includes(1994), 30_000, 'the last message');
    await waitFor(() => dlt.messages.length === 2, 15_000, 'two dead letters');
    await dlt.stop();
    expect(effects).toEqual([1991, 1994]);
    expect(calls.get(1991)).toBe(3);
    expect(calls.get(1992)).toBe(3);
    expect(calls.get(1993)).toBe(1);
    const reasons = dlt.messages.map((m) => String(m.headers!['dlt-reason']));
    expect(reasons).toEqual(['handler failed 3 times: always broken', 'handler rejected the event: this case cannot be handled']);
    // the failed attempts left nothing behind in the inbox: only effective handlings are recorded
    const [{ n }] = await t.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE consumer = $1`, [consumer['options'].name]);
    expect(Number(n)).toBe(2);
  });
});
