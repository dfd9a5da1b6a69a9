import { Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { TOPIC_DEFAULTS } from '@inclusion/contracts';
import { TopicReplication, topicReplicationOf } from './kafka-client';

/**
 * Creates the topics that are missing (existing ones are left as they are), with the
 * replication of the client (createKafka's `replication`: KAFKA_REPLICATION_FACTOR and
 * KAFKA_MIN_INSYNC_REPLICAS) unless told otherwise. An existing topic with fewer copies than
 * asked is reported, not changed (raising it is a partition reassignment, an operator's act).
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  numPartitions: number = TOPIC_DEFAULTS.numPartitions,
  replication: TopicReplication = topicReplicationOf(kafka),
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Set(topics)];
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (replication.replicationFactor > 1) {
      const present = wanted.filter((topic) => existing.has(topic));
      if (present.length > 0) {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: present });
        for (const topic of described) {
          const copies = Math.min(...topic.partitions.map((partition) => partition.replicas.length));
          if (copies < replication.replicationFactor) {
            new Logger('Kafka').warn(`topic ${topic.name} has ${copies} replica(s) per partition, fewer than KAFKA_REPLICATION_FACTOR=${replication.replicationFactor}: reassign its partitions (kafka-reassign-partitions) to replicate it`);
          }
        }
      }
    }
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions,
        replicationFactor: replication.replicationFactor,
        // one broker: the broker's default (1); a cluster: writes need this many in-sync copies
        ...(replication.replicationFactor > 1 ? { configEntries: [{ name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) }] } : {}),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
