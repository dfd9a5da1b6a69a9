import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The responses of idempotent commands (Idempotency-Key), kept by the command path.
 * IF NOT EXISTS: stores migrated before the split got it from CreateNetworkTables1763800000001.
 */
export class CreateIdempotencyKeys1763800000014 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763800000014';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        institution_id text NOT NULL,
        key            text NOT NULL,
        request_hash   text NOT NULL,
        response       jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (institution_id, key)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS idempotency_keys`);
  }
}
