import { Kafka } from 'kafkajs';
import { TOPIC_DEFAULTS } from '@inclusion/contracts';

/** Creates the topics that are missing (existing ones are left as they are). */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions: number = TOPIC_DEFAULTS.numPartitions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: TOPIC_DEFAULTS.replicationFactor })),
    });
  } finally {
    await admin.disconnect();
  }
}
