import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The regional delegation's view of the whole network: every institution's events in the
 * order it received them (a gap-free position, the Last-Event-ID of its live streams), and
 * the read models folded from that log (one JSON document per projection and key).
 */
export class CreateNetworkLog1763800000006 implements MigrationInterface {
  name = 'CreateNetworkLog1763800000006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE network_log (
        position       bigint PRIMARY KEY,
        event_id       uuid NOT NULL UNIQUE,
        type           text NOT NULL,
        institution_id text NOT NULL,
        case_id        text,
        project_id     text,
        programme_id   text,
        recorded_at    timestamptz NOT NULL,
        envelope       jsonb NOT NULL,
        logged_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX network_log_case_idx ON network_log (case_id, position) WHERE case_id IS NOT NULL`);
    await runner.query(`CREATE INDEX network_log_programme_idx ON network_log (programme_id, position) WHERE programme_id IS NOT NULL`);
    // From which position a case's events belong to a programme's (and project's) streams: its enrolment.
    await runner.query(`
      CREATE TABLE network_log_enrolments (
        case_id       text NOT NULL,
        programme_id  text NOT NULL,
        project_id    text NOT NULL,
        from_position bigint NOT NULL,
        PRIMARY KEY (case_id, programme_id, project_id)
      )`);
    await runner.query(`
      CREATE TABLE projection_documents (
        projection   text NOT NULL,
        key          text NOT NULL,
        programme_id text,
        state        jsonb NOT NULL,
        position     bigint NOT NULL,
        PRIMARY KEY (projection, key)
      )`);
    await runner.query(`CREATE INDEX projection_documents_programme_idx ON projection_documents (projection, programme_id)`);
    await runner.query(`
      CREATE TABLE projection_status (
        projection   text PRIMARY KEY,
        version      integer NOT NULL,
        position     bigint NOT NULL,
        rebuilt_at   timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS projection_status`);
    await runner.query(`DROP TABLE IF EXISTS projection_documents`);
    await runner.query(`DROP TABLE IF EXISTS network_log_enrolments`);
    await runner.query(`DROP TABLE IF EXISTS network_log`);
  }
}
