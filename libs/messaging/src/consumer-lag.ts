import { Kafka } from 'kafkajs';

/** A partition's end as Kafka answered it (ListOffsets). */
export interface PartitionEnd {
  partition: number;
  low: number;
  high: number;
}

/** Per "topic/partition": the last committed offset a reading saw (a group's offsets never go back to none by themselves). */
export type CommittedMemory = Map<string, number>;

export interface TopicLag {
  lag: number;
  /** What the reading had to mend, for a log line: a partition listed twice, a committed offset read as none after one was seen. */
  mended: string[];
}

/**
 * One topic's lag for a group: for each partition, the high watermark minus the committed offset
 * (minus the low watermark when nothing was ever committed). Two things a reading can get wrong
 * for a moment while a broker or the group coordinator moves are mended here, each named:
 * a partition answered twice (by an old and a new leader) counts once, at its highest end; a
 * committed offset read as none (-1) when `memory` holds one seen before counts from that one
 * (otherwise the whole partition would count as lag). `memory` is updated with what is read.
 */
export function lagOfTopic(topic: string, ends: PartitionEnd[], committed: Map<number, number>, memory: CommittedMemory): TopicLag {
  const mended: string[] = [];
  const byPartition = new Map<number, PartitionEnd>();
  for (const end of ends) {
    const seen = byPartition.get(end.partition);
    if (seen) mended.push(`${topic}/${end.partition} answered twice (high ${seen.high} and ${end.high})`);
    if (!seen || end.high > seen.high) byPartition.set(end.partition, end);
  }
  let lag = 0;
  for (const end of byPartition.values()) {
    const key = `${topic}/${end.partition}`;
    let from = committed.get(end.partition) ?? -1;
    const remembered = memory.get(key);
    // -1 is "none"; kafkajs commits -2 (earliest) after an out-of-range reset, and a remembered offset below the log start is gone
    if (from === -1 && remembered !== undefined && remembered >= end.low) {
      mended.push(`${key} committed offset read as none (was ${remembered})`);
      from = remembered;
    }
    if (from >= 0) memory.set(key, from);
    lag += Math.max(0, end.high - (from >= 0 ? from : end.low));
  }
  return { lag, mended };
}

/**
 * How many messages a consumer group still has to read on its topics (see lagOfTopic). Pass the
 * same `memory` to successive readings of a group to mend a committed offset read as none.
 */
export async function consumerLag(kafka: Kafka, groupId: string, topics: string[], memory: CommittedMemory = new Map()): Promise<TopicLag> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const total: TopicLag = { lag: 0, mended: [] };
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = (await admin.fetchTopicOffsets(topic)).map((end) => ({ partition: end.partition, low: Number(end.low), high: Number(end.high) }));
      const done = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      const { lag, mended } = lagOfTopic(topic, ends, done, memory);
      total.lag += lag;
      total.mended.push(...mended);
    }
    return total;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
