import { Kafka, logLevel } from 'kafkajs';

/**
 * After the run: stops what the stack provider started (nothing for the local stack, which
 * stays up for the next run) and deletes the topics the tests created (prefixes `test-` and
 * `test.`), so a long-lived broker does not collect them.
 */
export default async function globalTeardown(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers) {
    const admin = new Kafka({ clientId: 'test-teardown', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith('test-') || topic.startsWith('test.'));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    } catch (error) {
      process.stderr.write(`[tests] could not delete test topics: ${(error as Error).message}\n`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  await (globalThis as { __stopStack?: () => Promise<void> }).__stopStack?.();
}
