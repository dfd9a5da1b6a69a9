import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a service keeps besides its own events: the events of other institutions it received
 * through Kafka (its knowledge of shared cases). The class name stays (stores record this
 * migration under it); idempotency_keys moved to libs/commands (CreateIdempotencyKeys1763800000014).
 */
export class CreateNetworkTables1763800000001 implements MigrationInterface {
  name = 'CreateNetworkTables1763800000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE foreign_events (
        event_id       uuid PRIMARY KEY,
        source_topic   text NOT NULL,
        type           text NOT NULL,
        schema_version integer NOT NULL,
        institution_id text NOT NULL,
        stream_id      text NOT NULL,
        case_id        text,
        project_id     text,
        programme_id   text,
        occurred_at    timestamptz NOT NULL,
        recorded_at    timestamptz NOT NULL,
        envelope       jsonb NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX foreign_events_case_idx ON foreign_events (case_id, recorded_at) WHERE case_id IS NOT NULL`);
    await runner.query(`CREATE INDEX foreign_events_programme_idx ON foreign_events (programme_id, recorded_at) WHERE programme_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS foreign_events`);
  }
}
