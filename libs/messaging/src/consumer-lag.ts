import { Kafka } from 'kafkajs';

/**
 * How many messages a consumer group still has to read on its topics: for each partition,
 * the high watermark minus the committed offset (or minus the low watermark when nothing is
 * committed yet).
 */
export async function consumerLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0;
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const end of ends) {
        const from = done.get(end.partition) ?? -1;
        lag += Math.max(0, Number(end.high) - (from >= 0 ? from : Number(end.low)));
      }
    }
    return lag;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
