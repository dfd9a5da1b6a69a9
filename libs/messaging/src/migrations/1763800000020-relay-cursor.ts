import { MigrationInterface, QueryRunner } from 'typeorm';
import { createRelayCursor } from '../relay-cursor-schema';

/**
 * The outbox relay publishes by cursor (docs/event-store.md, "Outbox relay"): `relay_cursor`
 * keeps the last published global_position; outbox rows are no longer marked one by one, so
 * the partial index of unpublished rows gives way to an index on global_position. Rows the
 * relay had marked published before this migration are a prefix of the outbox (it published
 * in order): the cursor starts after the last of them.
 */
export class RelayCursor1763800000020 implements MigrationInterface {
  name = 'RelayCursor1763800000020';

  async up(runner: QueryRunner): Promise<void> {
    await createRelayCursor(runner);
    await runner.query(`DROP INDEX IF EXISTS outbox_unpublished_idx`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // rows up to the cursor were published: mark them so the old relay does not send them again
    await runner.query(`UPDATE outbox SET published_at = coalesce(published_at, now()) WHERE global_position <= (SELECT position FROM relay_cursor)`);
    await runner.query(`CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await runner.query(`DROP INDEX IF EXISTS outbox_global_position_idx`);
    await runner.query(`DROP TABLE IF EXISTS relay_cursor`);
  }
}
