import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A witness's tables:
 * - witness_heads, witness_cosigned: its last cosigned checkpoint per log (what it checks
 *   the next one against) and every checkpoint it cosigned;
 * - witness_alarms: the alarms it raised (refusals, stalls), open until cleared.
 * IF NOT EXISTS: stores migrated before the split got them from
 * WitnessedTransparencyLogs1763800000013.
 */
export class WitnessTables1763800000015 implements MigrationInterface {
  name = 'WitnessTables1763800000015';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS witness_heads (
        origin          text PRIMARY KEY,
        institution_id  text NOT NULL,
        tree_size       bigint NOT NULL CHECK (tree_size >= 0),
        root_hash       bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        cosigned_at     timestamptz NOT NULL,
        last_seen_at    timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE IF NOT EXISTS witness_cosigned (
        origin         text NOT NULL,
        institution_id text NOT NULL,
        tree_size      bigint NOT NULL CHECK (tree_size >= 0),
        root_hash      bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        cosigned       text NOT NULL,
        cosigned_at    timestamptz NOT NULL,
        PRIMARY KEY (origin, tree_size)
      )`);
    await runner.query(`CREATE INDEX IF NOT EXISTS witness_cosigned_institution ON witness_cosigned (institution_id, tree_size)`);
    await runner.query(`
      CREATE TABLE IF NOT EXISTS witness_alarms (
        id             bigserial PRIMARY KEY,
        institution_id text NOT NULL,
        origin         text NOT NULL,
        reason         text NOT NULL,
        detail         text NOT NULL,
        raised_at      timestamptz NOT NULL DEFAULT now(),
        cleared_at     timestamptz
      )`);
    await runner.query(`CREATE INDEX IF NOT EXISTS witness_alarms_open ON witness_alarms (origin) WHERE cleared_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['witness_alarms', 'witness_cosigned', 'witness_heads']) await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
