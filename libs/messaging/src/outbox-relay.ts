import { Logger } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NotificationListener } from '@inclusion/event-store';
import { backoffDelay, sleep } from './backoff';
import { ensureRelayCursor } from './relay-cursor-schema';
import { cloudEventHeadersOf } from './cloudevent-headers';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: Kafka;
  connectionString: string;
  notifyChannel: string;
  /** Rows per Kafka request (default 500). */
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (safety net). */
  idlePollMs?: number;
  /** How often a standby relay tries to become the active one (default 1 s): the failover delay. */
  standbyPollMs?: number;
  /** Upper bound of the retry backoff while Kafka (or PostgreSQL) is down. */
  maxBackoffMs?: number;
  /** The prefix of the institutions' transparency-log origins, for `ce_source` (default `inclusion-network`, as the store's). */
  logOriginPrefix?: string;
  /**
   * The longest one batch's send (producer connect included) may take before the relay gives
   * up on it, discards the producer and retries from the cursor (default 20 s). kafkajs' own
   * retries can leave a send pending for ever after a broker's connection is reset (an
   * idempotent producer's per-broker lock, a request on a connection no longer checked for
   * timeouts); without this bound the relay would stop publishing without a word.
   */
  sendTimeoutMs?: number;
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

interface OutboxRow {
  global_position: string;
  topic: string;
  message_key: string;
  value: string;
}

// The active relay of a schema holds this session-level advisory lock on its own connection
// (the same key the transaction-scoped lock of earlier relays used, so old and new relays
// exclude each other during a rolling upgrade).
const RELAY_LOCK_CLASS = 472_020;

/** Disconnects a producer that is given up on, waiting 2 s at most (kafkajs waits for its pending requests, which may never end). */
async function discard(producer: Producer | undefined): Promise<void> {
  if (!producer) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([producer.disconnect().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
  clearTimeout(timer);
}

/**
 * Publishes the outbox to Kafka by cursor: the active relay reads the rows after the last
 * published global_position (`relay_cursor`), sends them with an idempotent producer
 * (acks=all), each with the CloudEvents headers of its envelope (cloudEventHeadersOf: Kafka
 * protocol binding, binary mode), then advances the cursor with one UPDATE per batch; the next batch is read
 * while the current one is in flight. No row is locked or updated. Global positions become
 * visible in position order (appends are serialised per store), so the cursor never passes a
 * row that commits later.
 *
 * One relay per schema is active: the one holding a session-level advisory lock on a
 * dedicated connection. The others stand by and try the lock every `standbyPollMs`; when the
 * active one dies its connection closes, the lock is released and a standby takes over within
 * about a second. Every cursor UPDATE runs on the lock's connection and only moves the cursor
 * from where this relay read it (compare-and-set): a relay that lost its connection (hence
 * the lock) cannot move the cursor any more. Kafka down: the cursor stays, the relay steps
 * down, backs off and tries again; nothing is lost. A crash between send and cursor UPDATE
 * republishes that batch: consumers' inboxes absorb it.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private listener?: NotificationListener;
  private lock?: Client;
  private running = false;
  private loop?: Promise<void>;
  private wakeStandby?: () => void;
  private schemaReady?: Promise<void>;
  readonly stats: RelayStats = { published: 0, failures: 0 };

  constructor(private readonly options: OutboxRelayOptions) {}

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  /** true while this instance holds the lock (is the schema's active relay). */
  get active(): boolean {
    return this.lock !== undefined;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = new NotificationListener(this.options.connectionString, this.options.notifyChannel);
    await this.listener.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeStandby?.();
    await this.listener?.stop();
    await this.loop;
    await discard(this.producer);
    this.producer = undefined;
    await this.resign();
  }

  private ensureSchema(): Promise<void> {
    this.schemaReady ??= ensureRelayCursor(this.options.dataSource).catch((error) => {
      this.schemaReady = undefined;
      throw error;
    });
    return this.schemaReady;
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
    if (this.producer) {
      // a connect that outlived its send's bound: another producer has been made since
      void discard(producer);
      return this.producer;
    }
    this.producer = producer;
    return producer;
  }

  /** Becomes the active relay if no other instance is; true when this one is active. */
  private async lead(): Promise<boolean> {
    if (this.lock) return true;
    await this.ensureSchema();
    const [{ schema }] = await this.options.dataSource.query(`SELECT current_schema() AS schema`);
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: 'outbox-relay',
      keepAlive: true,
      options: `-c search_path="${String(schema).replace(/"/g, '""')}"`,
    });
    // a lost connection surfaces as a failed query of the loop, which steps down
    client.on('error', (error) => this.logger.warn(`relay lock connection lost: ${error.message}`));
    await client.connect();
    try {
      // the server notices a vanished relay host within ~25 s, not the OS default of hours;
      // a cursor UPDATE lost in a crash only republishes a batch, so it need not wait for fsync
      await client.query(`SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET synchronous_commit = off`);
      const { rows } = await client.query(`SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS locked`, [RELAY_LOCK_CLASS]);
      if (!rows[0].locked) {
        await client.end().catch(() => undefined);
        return false;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.lock = client;
    this.logger.log('active outbox relay of this schema');
    return true;
  }

  /** Releases the lock (closing its connection releases it too, whatever state it is in). */
  private async resign(): Promise<void> {
    const client = this.lock;
    this.lock = undefined;
    await client?.end().catch(() => undefined);
  }

  private standby(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeStandby = undefined;
        resolve();
      }
      this.wakeStandby = done;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await this.standby(this.options.standbyPollMs ?? 1_000);
          continue;
        }
        const drained = await this.publishAvailable();
        failures = 0;
        // The last read found fewer rows than a batch: what commits after it wakes the listener (kept
        // until this wait when nobody waited), so reading again now would only find nothing.
        if (drained && this.running) await this.listener!.wait(this.options.idlePollMs ?? 1_000);
      } catch (error) {
        failures += 1;
        this.stats.failures += 1;
        this.stats.lastError = (error as Error).message;
        // Step down (another instance may reach Kafka) and use a fresh producer: a new producer id, no stale sequence state.
        await this.resign();
        const broken = this.producer;
        this.producer = undefined;
        await discard(broken);
        await this.options.dataSource
          .query(`UPDATE relay_cursor SET last_error = $1, last_error_at = now()`, [(error as Error).message.slice(0, 4000)])
          .catch(() => undefined);
        const delay = backoffDelay(failures, 250, this.options.maxBackoffMs ?? 5_000);
        this.logger.warn(`outbox publish failed (${(error as Error).message}); retry ${failures} in ${delay} ms`);
        if (this.running) await sleep(delay);
      }
    }
  }

  private async readBatch(lock: Client, after: string): Promise<OutboxRow[]> {
    const { rows } = await lock.query<OutboxRow>(
      `SELECT global_position, topic, message_key, value FROM outbox
       WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after, this.batchSize],
    );
    return rows;
  }

  /**
   * The Kafka headers of an outbox row, decided here at publish time: the CloudEvents headers
   * of its envelope (cloudEventHeadersOf). The row's stored `headers` column is not read. A
   * row whose value is not an envelope (the store never writes one) goes without headers, so
   * that it cannot stop the relay: consumers dead-letter it with the reason.
   */
  private headersOf(row: OutboxRow): Record<string, string> {
    try {
      return cloudEventHeadersOf(JSON.parse(row.value), { partitionKey: row.message_key, logOriginPrefix: this.options.logOriginPrefix });
    } catch (error) {
      this.logger.warn(`outbox row ${row.global_position} is not an event envelope (${(error as Error).message}): sent without headers`);
      return {};
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({ key: row.message_key, value: row.value, headers: this.headersOf(row) });
      byTopic.set(row.topic, messages);
    }
    const timeoutMs = this.options.sendTimeoutMs ?? 20_000;
    const sent = (async () => {
      const producer = await this.producerReady();
      // the brokers' wait for the in-sync replicas is bounded well within the relay's own bound
      await producer.sendBatch({ acks: -1, timeout: Math.max(1_000, Math.floor(timeoutMs / 2)), topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    })();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka send of ${rows.length} outbox rows still pending after ${timeoutMs} ms: producer discarded`)), timeoutMs);
    });
    sent.catch(() => undefined); // an abandoned send may still fail later
    try {
      await Promise.race([sent, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * As the active relay, publishes batches until a read finds less than a full batch (or the relay
   * stops); true when it did (the outbox was drained as of that read). While one batch is in
   * flight, the next one is read.
   */
  private async publishAvailable(): Promise<boolean> {
    const lock = this.lock!;
    // The cursor and the first batch after it in one round trip (a row of nulls after the cursor when nothing waits).
    const { rows: first } = await lock.query<{ cursor: string } & { [K in keyof OutboxRow]: OutboxRow[K] | null }>(
      `SELECT c.position AS cursor, o.global_position, o.topic, o.message_key, o.value FROM relay_cursor c
       LEFT JOIN LATERAL (SELECT global_position, topic, message_key, value FROM outbox WHERE global_position > c.position ORDER BY global_position LIMIT $1) o ON true
       ORDER BY o.global_position`,
      [this.batchSize],
    );
    if (first.length === 0) throw new Error('relay_cursor has no row');
    let cursor = first[0].cursor;
    let batch: OutboxRow[] = first.filter((row): row is typeof row & OutboxRow => row.global_position !== null);
    let drained = batch.length < this.batchSize;
    while (batch.length > 0) {
      const last = batch[batch.length - 1].global_position;
      // Reading ahead is safe: positions become visible in order, and the rows are only sent after this batch's cursor UPDATE.
      const next = this.running && batch.length === this.batchSize ? this.readBatch(lock, last) : undefined;
      next?.catch(() => undefined); // awaited below; a failure here surfaces there
      await this.send(batch);
      const advanced = await lock.query(`UPDATE relay_cursor SET position = $2, advanced_at = now(), last_error = NULL WHERE position = $1`, [cursor, last]);
      if (advanced.rowCount !== 1) throw new Error(`the relay cursor moved away from ${cursor} (another relay or an operator): stepping down`);
      cursor = last;
      this.stats.published += batch.length;
      batch = next ? await next : [];
      if (next) drained = batch.length < this.batchSize;
    }
    return drained;
  }

  /** How far behind the relay is: rows after the cursor, and the age of the oldest of them. */
  async lag(): Promise<OutboxLag> {
    await this.ensureSchema();
    const [row] = await this.options.dataSource.query(
      `SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0) AS age
       FROM outbox WHERE global_position > coalesce((SELECT position FROM relay_cursor), 0)`,
    );
    return { unpublished: Number(row.n), oldestAgeMs: Math.round(Number(row.age)) };
  }
}
