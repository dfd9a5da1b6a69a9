import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@inclusion/database';

export interface OpenWitnessAlarm {
  institutionId: string;
  reason: string;
  detail: string;
  raisedAt: string;
}

/**
 * The witness's alarms (regional delegation; none elsewhere): an institution's checkpoint
 * that shrank, forked, had no valid consistency proof or signature, or a log with nothing
 * cosigned for too long. In `/health` the service is `up` (it still serves) with `degraded:
 * true` and each alarm's reason; `/health/witness` answers 503 while an alarm is open, for
 * alerting. An alarm stays open until cleared (`UPDATE witness_alarms SET cleared_at = now()`
 * once investigated; a stall clears itself when a checkpoint is cosigned again).
 */
@Injectable()
export class WitnessHealthIndicator {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async openAlarms(): Promise<OpenWitnessAlarm[]> {
    const rows: { institution_id: string; reason: string; detail: string; raised_at: Date }[] = await this.dataSource.query(
      `SELECT institution_id, reason, detail, raised_at FROM witness_alarms WHERE cleared_at IS NULL ORDER BY id LIMIT 100`,
    );
    return rows.map((row) => ({ institutionId: row.institution_id, reason: row.reason, detail: row.detail, raisedAt: row.raised_at.toISOString() }));
  }

  /** For /health: up, degraded with the alarms when there are any. */
  async check(key = 'witness') {
    const indicator = this.health.check(key);
    try {
      const alarms = await this.openAlarms();
      return indicator.up(alarms.length ? { degraded: true, reason: alarms.map((a) => `${a.reason} ${a.institutionId}`).join('; '), alarms } : { degraded: false });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** For /health/witness: down while an alarm is open. */
  async strict(key = 'witness') {
    const indicator = this.health.check(key);
    const alarms = await this.openAlarms().catch((error: Error) => [{ institutionId: '', reason: 'UNKNOWN', detail: error.message, raisedAt: new Date().toISOString() }]);
    return alarms.length ? indicator.down({ degraded: true, reason: alarms.map((a) => `${a.reason} ${a.institutionId}`).join('; '), alarms }) : indicator.up({ degraded: false });
  }
}
