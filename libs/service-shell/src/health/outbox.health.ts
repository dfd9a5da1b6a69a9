import { Inject, Injectable } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventBackbone } from '@inclusion/messaging';

/** Down when the oldest unpublished outbox row (after the relay cursor) is older than OUTBOX_LAG_LIMIT_MS (validated configuration; default 60 s). */
@Injectable()
export class OutboxHealthIndicator {
  private readonly limitMs: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: ResolvedServiceConfig,
    private readonly backbone: EventBackbone,
    private readonly health: HealthIndicatorService,
  ) {
    this.limitMs = config.outboxLagLimitMs;
  }

  async check(key = 'outbox') {
    const indicator = this.health.check(key);
    try {
      const lag = await this.backbone.relay.lag();
      const details = { ...lag, limitMs: this.limitMs, published: this.backbone.relay.stats.published };
      return lag.oldestAgeMs <= this.limitMs ? indicator.up(details) : indicator.down(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
