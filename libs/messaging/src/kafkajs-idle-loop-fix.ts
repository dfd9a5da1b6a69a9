/**
 * kafkajs 2.2.4 keeps every broker connection busy while nothing waits to be sent: after each
 * response its request queue schedules a check of pending requests with `setTimeout` at
 * `throttledUntil - now`, a negative delay when nothing is throttled, so the check runs again
 * within a millisecond and schedules itself again, forever (tulios/kafkajs#1556, #1604, #1704;
 * the fix proposed upstream, #1667, is not released). Measured here: each idle service spent
 * about 6 % of a core on it, and under load the loops compete with the work.
 *
 * The replacement keeps kafkajs' behaviour wherever a check is needed (a request waits in the
 * queue: checked when the throttle ends, or after the usual 10 ms when it waits on the in-flight
 * limit) and schedules nothing when the queue is empty: a new request is sent at once or queued
 * by `push`, which schedules its own check, and each response checks the queue again.
 *
 * Applied once, when this module is loaded (the messaging library's Kafka client imports it).
 */
// kafkajs' internal module (its path is stable within the version package-lock.json pins).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;

/** What the replacement reads and sets of kafkajs' RequestQueue (and what its test drives). */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  push(request: { entry: { correlationId: number; apiName: string; apiKey: number; apiVersion: number; resolve: () => void; reject: () => void }; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
}

export type RequestQueueClass = (new (options: object) => RequestQueueInternals) & { prototype: RequestQueueInternals };

/** kafkajs' interval for re-checking a queue held back by its in-flight limit. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttledFor = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttledFor > 0 ? throttledFor : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;

/** kafkajs' RequestQueue as patched (for its test). */
export const kafkajsRequestQueue = RequestQueue;
