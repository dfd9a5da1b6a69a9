import { readFileSync } from 'node:fs';

/**
 * kafkajs 2.2.4 can lose messages when a partition's leader moves during a send: its producer
 * remembered which brokers had answered and, on a retry, sent nothing more to them, so the
 * messages of a partition whose leader moved to such a broker were never sent and the send
 * resolved as if they had been (tulios/kafkajs#1303; the fix proposed upstream, #1798, is not
 * released). Seen here as events the relay had counted as published missing from the topic
 * after a broker was frozen (test/faults/broker-partition).
 *
 * patches/kafkajs+2.2.4.patch (applied by patch-package on every `npm install` / `npm ci`)
 * makes the producer remember the messages acknowledged instead, send every other one to its
 * partition's current leader on each retry, and resolve only once all are acknowledged. Its
 * mark is checked when a service starts (bootstrapService): on an unpatched kafkajs (an install
 * with --ignore-scripts) it refuses to start, as on a bad setting, rather than risk losing events.
 */
export const SEND_PATCH_MARK = 'patches/kafkajs+2.2.4.patch';

/** The source of the kafkajs module the patch changes. */
export const kafkajsSendMessagesSource = (): string => readFileSync(require.resolve('kafkajs/src/producer/sendMessages'), 'utf8');

export class UnpatchedKafkajsError extends Error {}

export function assertKafkajsSendPatched(source = kafkajsSendMessagesSource()): void {
  if (!source.includes(SEND_PATCH_MARK)) {
    throw new UnpatchedKafkajsError(
      `kafkajs is not patched (${SEND_PATCH_MARK} is not applied): its producer can lose messages when a partition leader moves. ` +
        'Run `npm install` or `npx patch-package` (an install with --ignore-scripts skips it).',
    );
  }
}
