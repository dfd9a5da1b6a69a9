import { Logger } from '@nestjs/common';
import { Batch, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TOPIC, EventCatalogue, EventEnvelope } from '@inclusion/contracts';
import { backoffDelay, sleep } from './backoff';
import { decodeParsedEvent, parseMessageValue } from './decode-event';
import { SupervisedConsumer } from './supervised-consumer';

export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
  /** The event exactly as published (before upcasting): what its hash and signature cover. */
  sent?: EventEnvelope;
}

/** Handles one event inside the transaction that records it in the inbox. */
export type EventHandler = (event: EventEnvelope, tx: EntityManager, source: MessageSource) => Promise<void>;

/**
 * Handles, in offset order, the events of a run of a batch that the inbox did not already hold,
 * all in the transaction that records them in the inbox (set-based work: one statement for the
 * run, not one per event). A throw rolls the run back; the consumer then halves it until the
 * failing event is alone, which is retried and dead-lettered like any other.
 */
export type RunHandler = (items: { event: EventEnvelope; source: MessageSource }[], tx: EntityManager) => Promise<void>;

const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|not queryable/i;

/** Whether a handler's failure is PostgreSQL being away (down, restarting, out of connections) rather than the message. */
function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string; message?: string } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return (code !== undefined && UNAVAILABLE_SQLSTATES.has(code)) || UNAVAILABLE_MESSAGES.test(`${e?.message ?? ''} ${e?.driverError?.message ?? ''}`);
}

/** Thrown by a handler for a message that no retry can fix: it goes to the dead-letter topic at once. */
export class PermanentHandlerError extends Error {}

export interface EventConsumerOptions {
  /** The consumer's name: its Kafka group id and its key in the inbox table. */
  name: string;
  kafka: Kafka;
  dataSource: DataSource;
  catalogue: EventCatalogue;
  topics: string[];
  handlers: Record<string, EventHandler>;
  /** Takes the run's fresh events at once instead of `handlers` (which still say what is taken and what ignored). */
  handleRun?: RunHandler;
  deadLetterTopic?: string;
  /** Tries of a handler that throws a transient error before dead-lettering (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  fromBeginning?: boolean;
  /** Says why a decoded event is not authentic (it is then dead-lettered), or null. Sees the event as sent. */
  authenticate?: (event: EventEnvelope) => Promise<string | null>;
  /** When the Kafka consumer counts as stalled and is replaced (supervised-consumer.ts; default 60 s, checked every 10 s). */
  stallAfterMs?: number;
  progressCheckMs?: number;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
  ignored: number;
}

/** A message of a fetched batch, classified before any database work. */
type Item =
  | { kind: 'handle'; message: KafkaMessage; source: MessageSource; event: EventEnvelope; handler: EventHandler }
  | { kind: 'dead-letter'; message: KafkaMessage; source: MessageSource; reason: string }
  | { kind: 'ignore'; message: KafkaMessage; source: MessageSource };

type HandleItem = Extract<Item, { kind: 'handle' }>;

/** A handler failed inside a batch transaction: which item, and why (the transaction rolled back). */
class ItemFailed extends Error {
  constructor(
    readonly index: number,
    readonly failure: unknown,
  ) {
    super((failure as Error)?.message ?? String(failure));
  }
}

/**
 * Consumes event topics with an inbox, a fetched batch at a time: the events with a handler are
 * recorded in the inbox with one INSERT ... ON CONFLICT DO NOTHING RETURNING and handled, in
 * offset order, in the same database transaction, so a redelivered or duplicated message has
 * no second effect. Offsets are resolved only after that transaction committed (kafkajs commits
 * them after the batch): nothing is skipped. When a handler throws, the transaction rolls back
 * and the batch is split around the failing message: the messages before it are handled again
 * in their own transaction, the failing one alone is retried with backoff, then dead-lettered
 * (at once for `PermanentHandlerError`), and the rest goes on. A failure that names no message
 * (the transaction itself) splits the batch in halves until it does. Undecodable or invalid
 * messages go to the dead-letter topic with the reason and their source (topic, partition,
 * offset) in headers. Events of a known type that no handler takes are skipped without
 * decoding or verifying them.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly knownTypes: Set<string>;
  private consumer?: SupervisedConsumer;
  private deadLetterProducer?: Producer;
  private stopping = false;
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, retries: 0, ignored: 0 };

  /** Times the Kafka consumer was replaced: it crashed on an error kafkajs does not retry, or stopped progressing (supervised-consumer.ts). */
  get restarts(): number {
    return this.consumer?.restarts ?? 0;
  }

  get name(): string {
    return this.options.name;
  }

  get topics(): string[] {
    return this.options.topics;
  }

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = new Logger(`EventConsumer:${options.name}`);
    this.knownTypes = new Set(options.catalogue.types());
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.deadLetterProducer = this.options.kafka.producer({ allowAutoTopicCreation: false });
    await this.deadLetterProducer.connect();
    this.consumer = new SupervisedConsumer({
      kafka: this.options.kafka,
      groupId: this.options.name,
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
      config: {
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        // The longest an idle fetch waits at the broker; stopping waits for the fetch under way,
        // so this bounds how long a shutdown waits for an idle consumer (kafkajs' default: 5 s).
        maxWaitTimeInMs: 1_000,
        retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
      },
      eachBatch: ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => this.processBatch(batch, resolveOffset, heartbeat, () => isRunning() && !isStale()),
      stallAfterMs: this.options.stallAfterMs,
      progressCheckMs: this.options.progressCheckMs,
      logger: this.logger,
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop();
    await this.deadLetterProducer?.disconnect().catch(() => undefined);
  }

  /** Decodes, verifies and looks up the handler of one message, or says why it is dead-lettered or skipped. */
  private async classify(message: KafkaMessage, source: MessageSource): Promise<Item> {
    // Parsed once. A known type nobody here handles is skipped before decoding or verifying it;
    // unknown types (and anything that is not an envelope) go through decoding, which says why
    // they are dead-lettered.
    const parsed = parseMessageValue(message.value);
    if (!parsed.ok) return { kind: 'dead-letter', message, source, reason: parsed.reason };
    const peeked = parsed.raw;
    const type = peeked && typeof peeked === 'object' ? (peeked as { type?: unknown }).type : undefined;
    if (typeof type === 'string' && this.knownTypes.has(type) && !this.options.handlers[type]) return { kind: 'ignore', message, source };

    const decoded = decodeParsedEvent(peeked, this.options.catalogue);
    if (!decoded.ok) return { kind: 'dead-letter', message, source, reason: decoded.reason };
    const sent = peeked as EventEnvelope;
    if (this.options.authenticate) {
      const doubt = await this.options.authenticate(sent);
      if (doubt) return { kind: 'dead-letter', message, source, reason: doubt };
    }
    const handler = this.options.handlers[decoded.event.type];
    if (!handler) return { kind: 'ignore', message, source };
    return { kind: 'handle', message, source: { ...source, sent }, event: decoded.event, handler };
  }

  private async processBatch(batch: Batch, resolveOffset: (offset: string) => void, heartbeat: () => Promise<void>, running: () => boolean): Promise<void> {
    const items: Item[] = [];
    for (const message of batch.messages) items.push(await this.classify(message, { topic: batch.topic, partition: batch.partition, offset: message.offset }));

    // Runs of messages to handle form one transaction each; the dead letters between them are sent in order.
    let index = 0;
    while (index < items.length) {
      if (!running()) return; // what is resolved is committed; the rest is fetched again
      const run: HandleItem[] = [];
      const others: Item[] = [];
      while (index < items.length && items[index].kind !== 'dead-letter') {
        const item = items[index++];
        if (item.kind === 'handle') run.push(item);
        else others.push(item);
      }
      if (run.length) await this.handleRun(run, resolveOffset, heartbeat);
      this.stats.ignored += others.length;
      const letters: Extract<Item, { kind: 'dead-letter' }>[] = [];
      while (index < items.length && items[index].kind === 'dead-letter') letters.push(items[index++] as Extract<Item, { kind: 'dead-letter' }>);
      if (letters.length) await this.deadLetter(letters.map((l) => ({ source: l.source, message: l.message, reason: l.reason, attempts: 0 })));
      resolveOffset(items[index - 1].source.offset);
      await heartbeat().catch(() => undefined);
    }
  }

  /** Handles `run` (in offset order) in one transaction, splitting it around a failure. */
  private async handleRun(run: HandleItem[], resolveOffset: (offset: string) => void, heartbeat: () => Promise<void>): Promise<void> {
    try {
      const { handled, duplicates } = await this.handleInTransaction(run);
      this.stats.handled += handled;
      this.stats.duplicates += duplicates;
      resolveOffset(run[run.length - 1].source.offset);
      return;
    } catch (error) {
      if (error instanceof ItemFailed) {
        const before = run.slice(0, error.index);
        if (before.length) await this.handleRun(before, resolveOffset, heartbeat);
        await this.handleAlone(run[error.index], error.failure, heartbeat);
        resolveOffset(run[error.index].source.offset);
        const after = run.slice(error.index + 1);
        if (after.length) await this.handleRun(after, resolveOffset, heartbeat);
        return;
      }
      if (run.length === 1) {
        await this.handleAlone(run[0], error, heartbeat);
        resolveOffset(run[0].source.offset);
        return;
      }
      // the transaction failed without naming a message: halves until it does
      const middle = Math.ceil(run.length / 2);
      await this.handleRun(run.slice(0, middle), resolveOffset, heartbeat);
      await this.handleRun(run.slice(middle), resolveOffset, heartbeat);
    }
  }

  /**
   * The inbox rows of `run` in one statement, then the handlers of the events it did not
   * already hold, in order, all in one transaction. A throwing handler rolls everything back.
   */
  private handleInTransaction(run: HandleItem[]): Promise<{ handled: number; duplicates: number }> {
    return this.options.dataSource.transaction(async (tx) => {
      const inserted: { event_id: string }[] = await tx.query(
        `INSERT INTO inbox (consumer, event_id, event_type, source_topic)
         SELECT $1, e.event_id, e.event_type, e.source_topic FROM unnest($2::uuid[], $3::text[], $4::text[]) AS e(event_id, event_type, source_topic)
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [this.options.name, run.map((i) => i.event.eventId), run.map((i) => i.event.type), run.map((i) => i.source.topic)],
      );
      const fresh = new Set(inserted.map((r) => r.event_id.toLowerCase()));
      if (this.options.handleRun) {
        // once per event id: a second copy in the same batch is a duplicate
        const taken = run.filter((item) => fresh.delete(item.event.eventId.toLowerCase()));
        try {
          if (taken.length) await this.options.handleRun(taken, tx);
        } catch (error) {
          // alone, the event that failed is known; otherwise the run is halved until it is
          if (run.length === 1) throw new ItemFailed(0, error);
          throw error;
        }
        return { handled: taken.length, duplicates: run.length - taken.length };
      }
      let handled = 0;
      for (let i = 0; i < run.length; i++) {
        const item = run[i];
        // once per event id: a second copy in the same batch is a duplicate
        if (!fresh.delete(item.event.eventId.toLowerCase())) continue;
        try {
          await item.handler(item.event, tx, item.source);
        } catch (error) {
          throw new ItemFailed(i, error);
        }
        handled += 1;
      }
      return { handled, duplicates: run.length - handled };
    });
  }

  /** One message in its own transaction: retried with backoff, then dead-lettered (as before batches). */
  private async handleAlone(item: HandleItem, firstError: unknown, heartbeat: () => Promise<void>): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    let error = firstError;
    let waits = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        try {
          const { handled, duplicates } = await this.handleInTransaction([item]);
          this.stats.handled += handled;
          this.stats.duplicates += duplicates;
          return;
        } catch (failure) {
          error = failure instanceof ItemFailed ? failure.failure : failure;
        }
      }
      const reason = (error as Error)?.message ?? String(error);
      if (databaseUnavailable(error) && !this.stopping) {
        // PostgreSQL away is not the message's fault: wait for it (heartbeating), never dead-letter for it
        this.stats.retries += 1;
        waits += 1;
        const delay = backoffDelay(Math.min(waits, 6), this.options.retryBaseMs ?? 200, 5_000);
        this.logger.warn(`event ${item.event.eventId} (${item.event.type}) waits for the database: ${reason}; retrying in ${delay} ms`);
        if (attempt > 1) attempt -= 1; // not counted against maxAttempts (attempt 1 is the batch's own try)
        await sleep(delay);
        await heartbeat().catch(() => undefined);
        continue;
      }
      if (error instanceof PermanentHandlerError) return this.deadLetter([{ source: item.source, message: item.message, reason: `handler rejected the event: ${reason}`, attempts: attempt }]);
      if (attempt >= maxAttempts || this.stopping) {
        if (this.stopping) throw error; // not resolved: redelivered after restart
        return this.deadLetter([{ source: item.source, message: item.message, reason: `handler failed ${attempt} times: ${reason}`, attempts: attempt }]);
      }
      this.stats.retries += 1;
      const delay = backoffDelay(attempt, this.options.retryBaseMs ?? 200, 5_000);
      this.logger.warn(`event ${item.event.eventId} (${item.event.type}) failed, attempt ${attempt}/${maxAttempts}: ${reason}; retrying in ${delay} ms`);
      await sleep(delay);
      await heartbeat().catch(() => undefined);
    }
  }

  private async deadLetter(letters: { source: MessageSource; message: KafkaMessage; reason: string; attempts: number }[]): Promise<void> {
    const h = DEAD_LETTER_HEADERS;
    const failedAt = new Date().toISOString();
    const messages = letters.map(({ source, message, reason, attempts }) => {
      const headers: IHeaders = {
        ...message.headers,
        [h.reason]: reason.slice(0, 4000),
        [h.sourceTopic]: source.topic,
        [h.sourcePartition]: String(source.partition),
        [h.sourceOffset]: source.offset,
        [h.consumerGroup]: this.options.name,
        [h.attempts]: String(attempts),
        [h.failedAt]: failedAt,
      };
      return { key: message.key, value: message.value, headers };
    });
    // If this send fails the error propagates: the offset is not resolved, the message comes back.
    await this.deadLetterProducer!.send({ topic: this.options.deadLetterTopic ?? DEAD_LETTER_TOPIC, acks: -1, messages });
    this.stats.deadLettered += letters.length;
    for (const { source, reason } of letters) this.logger.warn(`dead-lettered ${source.topic}/${source.partition}@${source.offset}: ${reason}`);
  }
}
