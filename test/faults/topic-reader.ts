import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import { waitFor } from '../support/kafka';

/** How many messages a topic holds: the sum over its partitions of high watermark minus low. */
export async function messagesOn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the topic exists with `partitions` partitions (a service's /health answers before its backbone created them). */
export async function topicCreated(kafka: Kafka, topic: string, partitions: number, timeoutMs = 60_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(async () => ((await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined))?.topics[0]?.partitions.length ?? 0) === partitions, timeoutMs, `${topic} created`);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message of a topic, each partition in offset order, read once with a fresh consumer
 * group from the beginning up to the high watermarks of the moment it is called (so a reader
 * that lived through a broker crash cannot skew the count).
 */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<KafkaMessage[]> {
  const expected = await messagesOn(kafka, topic);
  const messages: (KafkaMessage & { partition: number })[] = [];
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, retry: { retries: 10, restartOnFailure: async () => true } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    // each offset once (a reader that rejoined its group reads some again)
    const seen = new Set<string>();
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (seen.has(`${partition}:${message.offset}`)) return;
        seen.add(`${partition}:${message.offset}`);
        messages.push({ ...message, partition });
      },
    });
    await waitFor(() => messages.length >= expected, timeoutMs, `${expected} messages of ${topic}`);
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more should come
    // the log's order, whatever order the reader got them in: by partition, then offset
    return messages.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  } finally {
    await consumer.disconnect();
  }
}
