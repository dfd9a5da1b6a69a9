import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';

/**
 * Proves the broker the tests run against is a real Kafka that kafkajs 2.2.4 can use for
 * everything the backbone needs: admin topic creation, the idempotent producer (acks=all),
 * fetch, and consumer groups with committed offsets.
 */
describe('the Kafka broker of the stack', () => {
  const kafka = new Kafka({ clientId: 'stack-test', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const topic = `stack-test-${randomUUID()}`;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a topic through the admin API', async () => {
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })).resolves.toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);
  });

  it('round-trips messages through an idempotent producer and a consumer group, in order per key', async () => {
    const keys = ['case-a', 'case-b', 'case-c'];
    const sent = keys.flatMap((key) => Array.from({ length: 20 }, (_, i) => ({ key, value: `${key}:${i}` })));
    await producer.send({ topic, acks: -1, messages: sent });

    const groupId = `stack-test-group-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    // (autoCommitInterval keeps the commit prompt so the check below is quick)
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { key: string; value: string }[] = [];
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommitInterval: 100,
        eachMessage: async ({ message }) => {
          received.push({ key: message.key!.toString(), value: message.value!.toString() });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await done;

    expect(received).toHaveLength(sent.length);
    for (const key of keys) {
      expect(received.filter((m) => m.key === key).map((m) => m.value)).toEqual(sent.filter((m) => m.key === key).map((m) => m.value));
    }
    // The group commits its offsets: the broker learns where the group stands.
    const committed = async () => {
      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    };
    const deadline = Date.now() + 15_000;
    while ((await committed()) < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await committed()).toBe(sent.length);
  });
});
