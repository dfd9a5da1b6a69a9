import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request or one consumed event carries. */
export interface LogContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` (and everything it awaits or schedules) with `context`: the logger adds its
 * correlation id to each line written meanwhile. The HTTP middleware opens one per request,
 * the event backbone one per consumed event (the event's own correlation id).
 */
export const runWithLogContext = <T>(context: LogContext, fn: () => T): T => storage.run(context, fn);

/** The correlation id of the request or event being handled, if any. */
export const currentLogContext = (): LogContext | undefined => storage.getStore();
