import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/**
 * In-process wake-ups: the event store fires its channel here right after an append commits,
 * so the relay and the subscriptions of the same process wake without a PostgreSQL NOTIFY
 * round trip (NotificationListener listens here and on LISTEN).
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Tags this process's NOTIFY payloads (`<tag>:<position>`), so its own listeners skip what they were already woken for. */
export const PROCESS_NOTIFY_TAG = randomUUID().slice(0, 8);

export function wakeLocal(channel: string, lastPosition: number): void {
  emitter.emit(channel, lastPosition);
}

export function onLocalWake(channel: string, wake: () => void): () => void {
  emitter.on(channel, wake);
  return () => void emitter.off(channel, wake);
}

/** Whether a NOTIFY payload came from this process (already delivered in-process). */
export const isOwnNotification = (payload: string | undefined): boolean => !!payload && payload.startsWith(`${PROCESS_NOTIFY_TAG}:`);
