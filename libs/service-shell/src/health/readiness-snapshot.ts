import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { WitnessHealthIndicator } from '@inclusion/witness';
import { ConsumersHealthIndicator } from './consumers.health';
import { DatabaseHealthIndicator } from './database.health';
import { KafkaHealthIndicator } from './kafka.health';
import { OutboxHealthIndicator } from './outbox.health';

type Outcome = { ok: true; result: HealthCheckResult; checkedAt: string } | { ok: false; error: unknown };

/**
 * The service's readiness, checked in the background every HEALTH_REFRESH_MS (PostgreSQL,
 * Kafka, outbox lag, consumer lag, the witness's alarms) and answered from the last result:
 * GET /health costs nothing to the dependencies however often it is polled, and a failure
 * shows within one refresh. While the last check found a dependency down, a request checks
 * again (so recovery shows at once). One check runs at a time: concurrent requests share it.
 */
@Injectable()
export class ReadinessSnapshot implements OnApplicationBootstrap, OnApplicationShutdown {
  private latest?: Promise<Outcome>;
  private running?: Promise<Outcome>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
    private readonly consumers: ConsumersHealthIndicator,
    private readonly witness: WitnessHealthIndicator,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  onApplicationBootstrap() {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.config.healthRefreshMs).unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** The last readiness: resolves with the healthy result, throws terminus's 503 otherwise. */
  async current(): Promise<HealthCheckResult & { checkedAt: string }> {
    let outcome = await (this.latest ?? this.refresh());
    if (!outcome.ok) outcome = await this.refresh();
    if (!outcome.ok) throw outcome.error;
    return { ...outcome.result, checkedAt: outcome.checkedAt };
  }

  private refresh(): Promise<Outcome> {
    if (this.running) return this.running;
    const run: Promise<Outcome> = this.health
      .check([() => this.database.check(), () => this.kafka.check(), () => this.outbox.check(), () => this.consumers.check(), () => this.witness.check()])
      .then(
        (result): Outcome => ({ ok: true, result, checkedAt: new Date().toISOString() }),
        (error): Outcome => ({ ok: false, error }),
      );
    this.running = run;
    void run.then(() => {
      this.latest = run;
      this.running = undefined;
    });
    return run;
  }
}
