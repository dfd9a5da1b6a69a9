import { CommittedMemory, lagOfTopic } from './consumer-lag';

const end = (partition: number, high: number, low = 0) => ({ partition, low, high });

describe('a consumer group’s lag on a topic', () => {
  it('is each partition’s high watermark minus its committed offset, or minus the low watermark when nothing was committed', () => {
    const memory: CommittedMemory = new Map();
    expect(lagOfTopic('ss', [end(0, 100), end(1, 50, 10), end(2, 7)], new Map([[0, 90], [2, 7]]), memory)).toEqual({ lag: 10 + 40, mended: [] });
    expect([...memory]).toEqual([['ss/0', 90], ['ss/2', 7]]);
  });

  it('counts a partition answered twice (an old and a new leader) once, at its highest end, and says so', () => {
    const { lag, mended } = lagOfTopic('ss', [end(0, 100), end(1, 60), end(0, 98)], new Map([[0, 95], [1, 60]]), new Map());
    expect(lag).toBe(5);
    expect(mended).toEqual(['ss/0 answered twice (high 100 and 98)']);
  });

  it('counts from the committed offset seen before when a reading answers none for it, and says so', () => {
    const memory: CommittedMemory = new Map();
    lagOfTopic('ss', [end(0, 4000), end(1, 3000)], new Map([[0, 3990], [1, 3000]]), memory);
    // the coordinator moving: partition 0 read as never committed, which would count all 4010 of its messages
    const { lag, mended } = lagOfTopic('ss', [end(0, 4010), end(1, 3000)], new Map([[0, -1], [1, 3000]]), memory);
    expect(lag).toBe(20);
    expect(mended).toEqual(['ss/0 committed offset read as none (was 3990)']);
    // and the next reading with an answer goes on from it
    expect(lagOfTopic('ss', [end(0, 4010), end(1, 3000)], new Map([[0, 4010], [1, 3000]]), memory)).toEqual({ lag: 0, mended: [] });
  });

  it('does not mend a reset to the earliest offset (-2) nor from a remembered offset the log no longer holds', () => {
    expect(lagOfTopic('ss', [end(0, 900, 100)], new Map([[0, -2]]), new Map([['ss/0', 500]]))).toEqual({ lag: 800, mended: [] });
    expect(lagOfTopic('ss', [end(0, 900, 600)], new Map([[0, -1]]), new Map([['ss/0', 500]]))).toEqual({ lag: 300, mended: [] });
  });

  it('follows a committed offset that moved back (an operator’s reset): only "none" is mended', () => {
    const memory: CommittedMemory = new Map([['ss/0', 500]]);
    expect(lagOfTopic('ss', [end(0, 500)], new Map([[0, 100]]), memory)).toEqual({ lag: 400, mended: [] });
    expect(memory.get('ss/0')).toBe(100);
  });
});
