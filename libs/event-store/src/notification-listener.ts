import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * A dedicated PostgreSQL connection that LISTENs on a channel and wakes waiters when a
 * NOTIFY arrives. Reconnects with backoff when the database goes away; waiters fall back to
 * their poll interval meanwhile, so a lost notification only delays, never loses, work.
 */
export class NotificationListener {
  private readonly logger = new Logger(NotificationListener.name);
  private client?: Client;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private reconnectDelay = 250;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((error) => this.scheduleReconnect(error));
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: `listen:${this.channel}` });
    client.on('notification', () => this.wakeAll());
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
    waiters.forEach((wake) => wake());
  }

  /** Resolves on the next notification, or after `timeoutMs` (the poll fallback). */
  wait(timeoutMs: number): Promise<void> {
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
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
