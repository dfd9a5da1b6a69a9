import { BoundedReading } from './bounded-reading';

/** A reading whose answers the test gives by hand. */
function manualReading() {
  const pending: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  let calls = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      calls += 1;
      pending.push({ resolve, reject });
    });
  return { read, pending, calls: () => calls };
}

describe('a metric reading a scrape waits on for a bounded time (BoundedReading)', () => {
  it('answers the fresh value when the reading is quick', async () => {
    const m = manualReading();
    const reading = new BoundedReading(m.read, 1_000);
    const answer = reading.current();
    m.pending[0].resolve(42);
    expect(await answer).toEqual({ value: 42, ageSeconds: 0 });
  });

  it('answers nothing at first, then the last value with its age, while the other system does not answer', async () => {
    let clock = 0;
    const m = manualReading();
    const reading = new BoundedReading(m.read, 20, () => clock);
    expect(await reading.current()).toBeUndefined(); // no value yet, gave up after 20 ms
    m.pending[0].resolve(7);
    await new Promise((resolve) => setImmediate(resolve));
    clock = 30_000;
    const stalled = await reading.current(); // a new reading starts and does not answer
    expect(stalled).toEqual({ value: 7, ageSeconds: 30 });
  });

  it('joins the reading in flight instead of starting another, and keeps the last value when one fails', async () => {
    const m = manualReading();
    const reading = new BoundedReading(m.read, 20);
    const first = reading.current();
    const second = reading.current();
    expect(m.calls()).toBe(1);
    m.pending[0].resolve(5);
    expect((await first)?.value).toBe(5);
    expect((await second)?.value).toBe(5);
    const third = reading.current();
    expect(m.calls()).toBe(2);
    m.pending[1].reject(new Error('broker down'));
    expect((await third)?.value).toBe(5);
  });
});
