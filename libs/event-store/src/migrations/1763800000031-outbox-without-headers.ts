import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps what the relay publishes (key and value, the envelope); the Kafka headers
 * (CloudEvents 1.0, binary mode) are decided by libs/messaging at publish time from the
 * envelope, so the store no longer writes per-field headers into its rows.
 */
export class OutboxWithoutHeaders1763800000031 implements MigrationInterface {
  name = 'OutboxWithoutHeaders1763800000031';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox DROP COLUMN IF EXISTS headers`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox ADD COLUMN IF NOT EXISTS headers jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }
}
