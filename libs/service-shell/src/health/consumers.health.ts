import { Inject, Injectable } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventBackbone } from '@inclusion/messaging';

/** Down when a consumer has more than CONSUMER_LAG_LIMIT messages (default 10000) left to read. */
@Injectable()
export class ConsumersHealthIndicator {
  private readonly limit: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: ResolvedServiceConfig,
    private readonly backbone: EventBackbone,
    private readonly health: HealthIndicatorService,
  ) {
    this.limit = config.consumerLagLimit;
  }

  async check(key = 'consumers') {
    const indicator = this.health.check(key);
    try {
      const lags = Object.fromEntries((await this.backbone.consumerLags()).map((l) => [l.labels.consumer, l.value]));
      const details = { lag: lags, limit: this.limit, running: this.backbone.consumers.length };
      return Object.values(lags).every((lag) => lag <= this.limit) ? indicator.up(details) : indicator.down(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
