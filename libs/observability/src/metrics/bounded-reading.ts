/**
 * A reading of another system (Kafka's committed offsets, say) for a metric, that a scrape
 * never waits on for long: each call starts a refresh (or joins the one in flight) and waits
 * for it at most `waitMs`; it answers the freshest value known by then, with its age. While
 * the other system is slow or down, scrapes keep answering at once with the last value and a
 * growing age, instead of timing out and losing every metric with them.
 */
export class BoundedReading<T> {
  private last?: { value: T; at: number };
  private inFlight?: Promise<void>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly waitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<{ value: T; ageSeconds: number } | undefined> {
    this.inFlight ??= this.read()
      .then(
        (value) => void (this.last = { value, at: this.now() }),
        () => undefined, // a failed reading keeps the last value; its age tells
      )
      .finally(() => (this.inFlight = undefined));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inFlight, new Promise((resolve) => (timer = setTimeout(resolve, this.waitMs)))]);
    clearTimeout(timer);
    return this.last && { value: this.last.value, ageSeconds: (this.now() - this.last.at) / 1000 };
  }
}
