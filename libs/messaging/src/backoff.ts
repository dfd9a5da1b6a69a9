/** Exponential backoff with full jitter: attempt 1 waits up to `base`, doubling up to `max`. */
export const backoffDelay = (attempt: number, base = 200, max = 10_000): number =>
  Math.round(Math.random() * Math.min(max, base * 2 ** Math.max(0, attempt - 1)));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
