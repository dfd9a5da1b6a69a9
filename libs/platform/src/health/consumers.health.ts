import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventBackbone } from '../messaging/event-backbone';

/** Down when a consumer has more than CONSUMER_LAG_LIMIT messages (default 10000) left to read. */
@Injectable()
export class ConsumersHealthIndicator {
  private readonly limit = Number(process.env.CONSUMER_LAG_LIMIT ?? 10_000);

  constructor(
    private readonly backbone: EventBackbone,
    private readonly health: HealthIndicatorService,
  ) {}

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
