import { describeStalls, judgeProgress, PartitionReading, ProgressMemory } from './consumer-progress';

const reading = (partition: number, position: number, highWatermark: number): PartitionReading => ({ topic: 'ss.events', partition, position, highWatermark });

/** Runs checks at the given times over the given readings, returning every judgement's stalled partitions. */
function checks(steps: [number, PartitionReading[]][], stallAfterMs = 60_000) {
  let memory: ProgressMemory = new Map();
  return steps.map(([now, readings]) => {
    const judged = judgeProgress(memory, readings, now, stallAfterMs);
    memory = judged.memory;
    return judged.stalled.map((s) => [s.partition, s.stuckMs]);
  });
}

describe('judging a consumer’s progress on its partitions', () => {
  it('does not judge a partition stalled when nothing waits on it, however long its position stays', () => {
    expect(checks([[0, [reading(0, 10, 10)]], [120_000, [reading(0, 10, 10)]]])).toEqual([[], []]);
  });

  it('judges a partition stalled once its position has not moved for the whole window while messages wait', () => {
    expect(checks([[0, [reading(0, 10, 12)]], [30_000, [reading(0, 10, 20)]], [60_000, [reading(0, 10, 25)]]])).toEqual([[], [], [[0, 60_000]]]);
  });

  it('restarts the clock when the position moves, even if the partition stays behind', () => {
    expect(checks([[0, [reading(0, 10, 50)]], [40_000, [reading(0, 11, 60)]], [80_000, [reading(0, 11, 70)]], [100_000, [reading(0, 11, 70)]]])).toEqual([[], [], [], [[0, 60_000]]]);
  });

  it('restarts the clock when a partition catches up between two checks', () => {
    expect(checks([[0, [reading(0, 10, 12)]], [30_000, [reading(0, 12, 12)]], [61_000, [reading(0, 12, 14)]]])).toEqual([[], [], []]);
  });

  it('judges each partition on its own and forgets a partition no longer assigned', () => {
    const judged = checks([
      [0, [reading(0, 5, 9), reading(1, 7, 9)]],
      [60_000, [reading(0, 5, 9), reading(1, 8, 9)]],
      [61_000, [reading(1, 8, 9)]], // partition 0 went to another member
      [70_000, [reading(0, 5, 9), reading(1, 8, 9)]], // and came back: a fresh clock
    ]);
    expect(judged).toEqual([[], [[0, 60_000]], [], []]);
  });

  it('describes the stalled partitions for a log line', () => {
    const { stalled } = judgeProgress(new Map([['ss.events/2', { position: 40, behindSince: 0 }]]), [reading(2, 40, 57)], 61_000, 60_000);
    expect(describeStalls(stalled)).toBe('ss.events/2 at 40 of 57 for 61 s');
  });
});
