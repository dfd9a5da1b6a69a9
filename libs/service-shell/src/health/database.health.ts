import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@inclusion/database';

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'database') {
    const indicator = this.health.check(key);
    const began = Date.now();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 3_000);
      return indicator.up({ latencyMs: Date.now() - began });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

export { withTimeout };
