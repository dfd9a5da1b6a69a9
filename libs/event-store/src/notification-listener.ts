import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { isOwnNotification, onLocalWake } from './local-wakeups';

/**
 * Wakes waiters when events are appended on a channel: in-process at once when an EventStore
 * of this process commits (local-wakeups), and through a dedicated PostgreSQL connection that
 * LISTENs for the NOTIFY of other processes (one per committed batch, sent after the commit;
 * this process's own are skipped). Reconnects with backoff when the database goes away; waiters
 * fall back to their poll interval meanwhile, so a lost notification only delays, never loses, work.
 */
export class NotificationListener {
  private readonly logger = new Logger(NotificationListener.name);
  private client?: Client;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private reconnectDelay = 250;
  private stopLocal?: () => void;
  private pendingWake = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.stopLocal ??= onLocalWake(this.channel, () => this.wakeAll());
    await this.connect().catch((error) => this.scheduleReconnect(error));
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: `listen:${this.channel}` });
    client.on('notification', (message) => {
      if (!isOwnNotification(message.payload)) this.wakeAll();
    });
    client.on('error', (error) => this.scheduleReconnect(error));
    await client.connect();
    await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
    this.client = client;
    this.reconnectDelay = 250;
    this.wakeAll(); // anything appended while we were away is picked up now
  }

  private scheduleReconnect(error: Error): void {
    if (this.stopped) return;
    const old = this.client;
    this.client = undefined;
    old?.end().catch(() => undefined);
    this.logger.warn(`listener on ${this.channel} lost its connection (${error.message}); reconnecting in ${this.reconnectDelay} ms`);
    setTimeout(() => {
      if (!this.stopped && !this.client) this.connect().catch((e) => this.scheduleReconnect(e));
    }, this.reconnectDelay).unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, 10_000);
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    // A wake-up while nobody waits (the reader is busy with a page) is kept for the next wait:
    // what committed meanwhile may lie past the page it read.
    this.pendingWake = waiters.length === 0;
    waiters.forEach((wake) => wake());
  }

  /** Resolves on the next notification, or after `timeoutMs` (the poll fallback). */
  wait(timeoutMs: number): Promise<void> {
    if (this.pendingWake && !this.stopped) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      const waiter = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopLocal?.();
    this.stopLocal = undefined;
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
