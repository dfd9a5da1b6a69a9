import { Logger } from '@nestjs/common';
import { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TOPIC, EventCatalogue, EventEnvelope } from '@inclusion/contracts';
import { backoffDelay, sleep } from './backoff';
import { decodeEvent } from './decode-event';

export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
  /** The event exactly as published (before upcasting): what its hash and signature cover. */
  sent?: EventEnvelope;
}

/** Handles one event inside the transaction that records it in the inbox. */
export type EventHandler = (event: EventEnvelope, tx: EntityManager, source: MessageSource) => Promise<void>;

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
  deadLetterTopic?: string;
  /** Tries of a handler that throws a transient error before dead-lettering (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  fromBeginning?: boolean;
  /** Says why a decoded event is not authentic (it is then dead-lettered), or null. Sees the event as sent. */
  authenticate?: (event: EventEnvelope) => Promise<string | null>;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
  ignored: number;
}

/**
 * Consumes event topics with an inbox: the handled event's id is inserted in the same
 * transaction as the handler's writes, so a redelivered or duplicated message has no second
 * effect. Undecodable or invalid messages go to the dead-letter topic with the reason and
 * their source (topic, partition, offset) in headers, and consumption goes on. A handler
 * that keeps failing is retried with backoff, then dead-lettered. The offset is committed
 * only after the message was handled or dead-lettered: nothing is skipped.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private consumer?: Consumer;
  private deadLetterProducer?: Producer;
  private stopping = false;
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, retries: 0, ignored: 0 };

  get name(): string {
    return this.options.name;
  }

  get topics(): string[] {
    return this.options.topics;
  }

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = new Logger(`EventConsumer:${options.name}`);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.deadLetterProducer = this.options.kafka.producer({ allowAutoTopicCreation: false });
    await this.deadLetterProducer.connect();
    this.consumer = this.options.kafka.consumer({
      groupId: this.options.name,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // The longest an idle fetch waits at the broker; stopping waits for the fetch under way,
      // so this bounds how long a shutdown waits for an idle consumer (kafkajs' default: 5 s).
      maxWaitTimeInMs: 1_000,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.process({ topic, partition, offset: message.offset }, message, heartbeat);
      },
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.deadLetterProducer?.disconnect().catch(() => undefined);
  }

  private async process(source: MessageSource, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const decoded = decodeEvent(message.value, this.options.catalogue);
    if (!decoded.ok) return this.deadLetter(source, message, decoded.reason, 0);
    const sent = JSON.parse(message.value!.toString('utf8')) as EventEnvelope;
    if (this.options.authenticate) {
      const doubt = await this.options.authenticate(sent);
      if (doubt) return this.deadLetter(source, message, doubt, 0);
    }
    const handler = this.options.handlers[decoded.event.type];
    if (!handler) {
      this.stats.ignored += 1;
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const handled = await this.handleOnce(decoded.event, handler, { ...source, sent });
        if (handled) this.stats.handled += 1;
        else this.stats.duplicates += 1;
        return;
      } catch (error) {
        const reason = (error as Error).message;
        if (error instanceof PermanentHandlerError) return this.deadLetter(source, message, `handler rejected the event: ${reason}`, attempt);
        if (attempt >= maxAttempts || this.stopping) {
          if (this.stopping) throw error; // not committed: redelivered after restart
          return this.deadLetter(source, message, `handler failed ${attempt} times: ${reason}`, attempt);
        }
        this.stats.retries += 1;
        const delay = backoffDelay(attempt, this.options.retryBaseMs ?? 200, 5_000);
        this.logger.warn(`event ${decoded.event.eventId} (${decoded.event.type}) failed, attempt ${attempt}/${maxAttempts}: ${reason}; retrying in ${delay} ms`);
        await sleep(delay);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  /** true when handled now; false when the inbox already had it (a duplicate delivery). */
  private handleOnce(event: EventEnvelope, handler: EventHandler, source: MessageSource): Promise<boolean> {
    return this.options.dataSource.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO inbox (consumer, event_id, event_type, source_topic) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [this.options.name, event.eventId, event.type, source.topic],
      );
      if (inserted.length === 0) return false;
      await handler(event, tx, source);
      return true;
    });
  }

  private async deadLetter(source: MessageSource, message: KafkaMessage, reason: string, attempts: number): Promise<void> {
    const h = DEAD_LETTER_HEADERS;
    const headers: IHeaders = {
      ...message.headers,
      [h.reason]: reason.slice(0, 4000),
      [h.sourceTopic]: source.topic,
      [h.sourcePartition]: String(source.partition),
      [h.sourceOffset]: source.offset,
      [h.consumerGroup]: this.options.name,
      [h.attempts]: String(attempts),
      [h.failedAt]: new Date().toISOString(),
    };
    // If this send fails the error propagates: the offset is not committed, the message comes back.
    await this.deadLetterProducer!.send({
      topic: this.options.deadLetterTopic ?? DEAD_LETTER_TOPIC,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.stats.deadLettered += 1;
    this.logger.warn(`dead-lettered ${source.topic}/${source.partition}@${source.offset}: ${reason}`);
  }
}
