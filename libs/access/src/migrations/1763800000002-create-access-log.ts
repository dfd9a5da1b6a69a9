import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every read of personal data, append-only (fields after FHIR AuditEvent / IHE ATNA: who,
 * what, when, where, outcome, purpose of use). A trigger refuses UPDATE and DELETE.
 */
export class CreateAccessLog1763800000002 implements MigrationInterface {
  name = 'CreateAccessLog1763800000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE access_log (
        id               bigserial PRIMARY KEY,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        service          text NOT NULL,
        institution_id   text NOT NULL,
        institution_kind text NOT NULL,
        user_id          text NOT NULL,
        role             text NOT NULL,
        purpose          text,
        action           text NOT NULL,
        resource         text NOT NULL,
        resource_id      text NOT NULL,
        case_id          text,
        outcome          text NOT NULL CHECK (outcome IN ('granted', 'denied')),
        reason           text,
        correlation_id   uuid
      )`);
    await runner.query(`CREATE INDEX access_log_case_idx ON access_log (case_id, id)`);
    await runner.query(`CREATE INDEX access_log_institution_idx ON access_log (institution_id, id)`);
    await runner.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only';
      END $$`);
    await runner.query(`CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS access_log`);
    await runner.query(`DROP FUNCTION IF EXISTS access_log_append_only()`);
  }
}
