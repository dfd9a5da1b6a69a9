import { Logger } from '@nestjs/common';
import { EventEnvelope } from '@inclusion/contracts';
import { EventStore } from './event-store';
import { NotificationListener } from './notification-listener';

export interface SubscriptionOptions {
  /** Stored checkpoint name: the subscription resumes after the last position it handled. */
  name?: string;
  /** Start after this position when there is no stored checkpoint (default 0: from the start). */
  from?: number;
  batchSize?: number;
  /** Poll interval when no notification comes (a safety net, not a busy loop). */
  pollMs?: number;
  handle: (event: EventEnvelope) => Promise<void> | void;
}

/**
 * Follows the global log: catches up from a position, then goes live, woken by the store's
 * NOTIFY at commit (with a slow poll as a safety net). Positions are handed out in commit
 * order (see EventStore), so reading "after P" never skips a late commit. With a name, the
 * position is checkpointed after each handled batch and a restart resumes from it.
 */
export class StoreSubscription {
  private readonly logger = new Logger(StoreSubscription.name);
  private running = false;
  private loop?: Promise<void>;
  private listener?: NotificationListener;
  position = 0;

  constructor(
    private readonly store: EventStore,
    private readonly connectionString: string,
    private readonly options: SubscriptionOptions,
  ) {}

  async start(): Promise<void> {
    this.position = await this.loadCheckpoint();
    this.listener = new NotificationListener(this.connectionString, this.store.notifyChannel);
    await this.listener.start();
    this.running = true;
    this.loop = this.run();
  }

  private async loadCheckpoint(): Promise<number> {
    if (!this.options.name) return this.options.from ?? 0;
    const [row] = await this.store.dataSource.query(`SELECT position FROM subscription_checkpoints WHERE name = $1`, [this.options.name]);
    return row ? Number(row.position) : (this.options.from ?? 0);
  }

  private async saveCheckpoint(): Promise<void> {
    if (!this.options.name) return;
    await this.store.dataSource.query(
      `INSERT INTO subscription_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [this.options.name, this.position],
    );
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      try {
        const page = await this.store.readAll(this.position, batchSize);
        for (const event of page.events) {
          if (!this.running) return;
          await this.options.handle(event);
          this.position = event.globalPosition;
        }
        if (page.events.length) await this.saveCheckpoint();
        if (page.events.length < batchSize) await this.listener!.wait(this.options.pollMs ?? 1_000);
      } catch (error) {
        this.logger.error(`subscription ${this.options.name ?? '(unnamed)'} failed at position ${this.position}: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.listener?.stop();
    await this.loop;
  }
}
