import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints (institution, chain sequence, head hash, public key) that every service
 * publishes for the institutions it records, kept by every service that receives them. A
 * later rewrite or truncation of a chain is caught against a checkpoint signed before.
 */
export class CreateAuditCheckpoints1763800000003 implements MigrationInterface {
  name = 'CreateAuditCheckpoints1763800000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_checkpoints (
        institution_id text NOT NULL,
        sequence       bigint NOT NULL,
        head_hash      text NOT NULL,
        public_key     text NOT NULL,
        signature      text NOT NULL,
        service        text NOT NULL,
        issued_at      timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (institution_id, sequence)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS audit_checkpoints`);
  }
}
