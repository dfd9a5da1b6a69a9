/**
 * Whether a consumer still makes progress on the partitions assigned to it. A kafkajs consumer
 * can stop fetching some partitions without an error (after a broker restart or freeze, or once
 * it crashed on an error it does not retry): the group still holds the partitions, nobody
 * reads them, and the lag grows for as long as the process lives. This is the rule that notices
 * it, without I/O: a partition is stalled when its high watermark is past the consumer's
 * position and the position has not moved for `stallAfterMs`, while no batch was being
 * handled (a batch waiting on the database is progress delayed, not a stall).
 */

/** One partition as seen at one check: where the consumer is (next offset to read) and where the log ends. */
export interface PartitionReading {
  topic: string;
  partition: number;
  /** The next offset the consumer will handle: the committed offset or what it handled since, whichever is further. */
  position: number;
  /** The partition's high watermark (the offset the next message will get). */
  highWatermark: number;
}

/** What the judge remembers between checks, per partition: the position last seen and since when it is behind without moving. */
export type ProgressMemory = ReadonlyMap<string, { position: number; behindSince: number }>;

export interface StalledPartition {
  topic: string;
  partition: number;
  position: number;
  highWatermark: number;
  /** How long the position has not moved while messages were waiting. */
  stuckMs: number;
}

export interface ProgressJudgement {
  memory: ProgressMemory;
  stalled: StalledPartition[];
}

const keyOf = (topic: string, partition: number) => `${topic}/${partition}`;

/**
 * Judges the readings of the partitions assigned now (a partition no longer assigned is
 * forgotten), given the memory of the previous check. `now` in milliseconds.
 */
export function judgeProgress(memory: ProgressMemory, readings: PartitionReading[], now: number, stallAfterMs: number): ProgressJudgement {
  const next = new Map<string, { position: number; behindSince: number }>();
  const stalled: StalledPartition[] = [];
  for (const reading of readings) {
    if (reading.highWatermark <= reading.position) continue; // nothing waiting: not behind
    const key = keyOf(reading.topic, reading.partition);
    const before = memory.get(key);
    // behind since the last check that saw it at this position (a move restarts the clock)
    const behindSince = before && before.position === reading.position ? before.behindSince : now;
    next.set(key, { position: reading.position, behindSince });
    const stuckMs = now - behindSince;
    if (stuckMs >= stallAfterMs) stalled.push({ ...reading, stuckMs });
  }
  return { memory: next, stalled };
}

/** "topic/2 at 40 of 57 for 61 s, ..." for a log line. */
export function describeStalls(stalled: StalledPartition[]): string {
  return stalled.map((s) => `${keyOf(s.topic, s.partition)} at ${s.position} of ${s.highWatermark} for ${Math.round(s.stuckMs / 1000)} s`).join(', ');
}
