import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { KAFKA } from '@inclusion/messaging';
import { withTimeout } from './database.health';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Up when the broker answers a metadata request (describeCluster) within 5 seconds. */
  async check(key = 'kafka') {
    const indicator = this.health.check(key);
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    const began = Date.now();
    try {
      await withTimeout(admin.connect(), 5_000);
      const cluster = await withTimeout(admin.describeCluster(), 5_000);
      return indicator.up({ latencyMs: Date.now() - began, brokers: cluster.brokers.length, clusterId: cluster.clusterId });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
