import { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Sql = Pick<QueryRunner | EntityManager, 'query'>;

/** The relay's position in the outbox, one row per schema (docs/event-store.md, "Outbox relay"). */
export const RELAY_CURSOR_DDL = [
  `CREATE TABLE IF NOT EXISTS relay_cursor (
     id            boolean PRIMARY KEY DEFAULT true CHECK (id),
     position      bigint NOT NULL,
     advanced_at   timestamptz NOT NULL DEFAULT now(),
     last_error    text,
     last_error_at timestamptz
   )`,
  // the relay reads `global_position > cursor ORDER BY global_position LIMIT n`
  `CREATE UNIQUE INDEX IF NOT EXISTS outbox_global_position_idx ON outbox (global_position)`,
  // rows published by the relay before the cursor (marked published_at, in outbox order) are not sent again
  `INSERT INTO relay_cursor (id, position)
   SELECT true, coalesce((SELECT max(global_position) FROM outbox WHERE published_at IS NOT NULL), 0)
   ON CONFLICT (id) DO NOTHING`,
];

export async function createRelayCursor(sql: Sql): Promise<void> {
  for (const statement of RELAY_CURSOR_DDL) await sql.query(statement);
}

// Serialises the relays of one schema creating the cursor when the migration has not run yet.
const RELAY_SCHEMA_LOCK_CLASS = 472_021;

/**
 * Creates the cursor table (and its index) when missing: the migration does it; this lets a
 * relay run against a store whose migrations predate it. A no-op (one catalogue lookup) otherwise.
 */
export async function ensureRelayCursor(dataSource: DataSource): Promise<void> {
  const [{ present }] = await dataSource.query(`SELECT to_regclass('relay_cursor') IS NOT NULL AS present`);
  if (present) return;
  await dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, [RELAY_SCHEMA_LOCK_CLASS]);
    await createRelayCursor(tx);
  });
}
