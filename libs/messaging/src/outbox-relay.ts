import { Logger } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { NotificationListener } from '@inclusion/event-store';
import { backoffDelay, sleep } from './backoff';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: Kafka;
  connectionString: string;
  notifyChannel: string;
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (safety net). */
  idlePollMs?: number;
  /** Upper bound of the retry backoff while Kafka (or PostgreSQL) is down. */
  maxBackoffMs?: number;
}

export interface OutboxLag {
  unpublished: number;
  oldestAgeMs: number;
}

export interface RelayStats {
  published: number;
  failures: number;
  lastError?: string;
}

// One relay publishes at a time: each batch is taken under this transaction-scoped lock,
// so one case's events go out in order even when several relay instances run; if the
// active one dies, its transaction ends and another takes the next batch.
const RELAY_LOCK_CLASS = 472_020;

/**
 * Publishes outbox rows to Kafka with an idempotent producer (acks=all), in outbox order,
 * keyed by case/project/programme, then marks them published in the same transaction that
 * locked them. Kafka down: the batch is rolled back and retried with backoff; nothing is lost.
 * A crash after send and before commit republishes the batch: consumers' inboxes absorb that.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private listener?: NotificationListener;
  private running = false;
  private loop?: Promise<void>;
  readonly stats: RelayStats = { published: 0, failures: 0 };

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = new NotificationListener(this.options.connectionString, this.options.notifyChannel);
    await this.listener.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.listener?.stop();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private async producerReady(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.publishBatch();
        failures = 0;
        if (published === 0) await this.listener!.wait(this.options.idlePollMs ?? 1_000);
      } catch (error) {
        failures += 1;
        this.stats.failures += 1;
        this.stats.lastError = (error as Error).message;
        // A fresh producer after a failure: a new producer id, no stale sequence state.
        const broken = this.producer;
        this.producer = undefined;
        await broken?.disconnect().catch(() => undefined);
        const delay = backoffDelay(failures, 250, this.options.maxBackoffMs ?? 5_000);
        this.logger.warn(`outbox publish failed (${(error as Error).message}); retry ${failures} in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  /** Publishes one batch; returns how many rows went out (0 when idle or another relay is active). */
  async publishBatch(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS locked`, [RELAY_LOCK_CLASS]);
      if (!locked) {
        await runner.rollbackTransaction();
        return 0;
      }
      const rows: { id: string; topic: string; message_key: string; headers: Record<string, string>; value: string }[] = await runner.query(
        `SELECT id, topic, message_key, headers, value FROM outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 200],
      );
      if (rows.length === 0) {
        await runner.rollbackTransaction();
        return 0;
      }
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({ key: row.message_key, value: row.value, headers: row.headers });
        byTopic.set(row.topic, messages);
      }
      try {
        const producer = await this.producerReady();
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      } catch (error) {
        await runner.rollbackTransaction();
        await this.options.dataSource
          .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)`, [rows.map((r) => r.id), (error as Error).message])
          .catch(() => undefined);
        throw error;
      }
      await runner.query(`UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      await runner.commitTransaction();
      this.stats.published += rows.length;
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** How far behind the relay is: unpublished rows and the age of the oldest. */
  async lag(): Promise<OutboxLag> {
    const [row] = await this.options.dataSource.query(
      `SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0) AS age FROM outbox WHERE published_at IS NULL`,
    );
    return { unpublished: Number(row.n), oldestAgeMs: Math.round(Number(row.age)) };
  }
}
