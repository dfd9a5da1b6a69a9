import { MigrationInterface, QueryRunner } from 'typeorm';

/** A table's view folds every member's events: those received are looked up by stream. */
export class IndexForeignStreams1763800000011 implements MigrationInterface {
  name = 'IndexForeignStreams1763800000011';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX foreign_events_stream_idx ON foreign_events (stream_id, recorded_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS foreign_events_stream_idx`);
  }
}
