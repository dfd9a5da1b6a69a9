import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the transparency logs (tlog_nodes, tlog_heads: migration 1763800000008 of
 * libs/transparency-log) need around them:
 * - tlog_publications: per log, the last tree size this service published a checkpoint of
 *   (the next publication carries a consistency proof from it);
 * - tlog_cosignatures: the witnesses' cosigned checkpoints of this service's own logs, as
 *   received (the verification holds the store against them);
 * - witness_heads, witness_cosigned: a witness's last cosigned checkpoint per log (what it
 *   checks the next one against) and every checkpoint it cosigned;
 * - witness_alarms: the alarms a witness raised (refusals, stalls), open until cleared.
 * A store recorded before the transparency log gets its tree at the first boot (or the
 * first append) after this migration: docs/event-store.md, "Upgrading".
 */
export class WitnessedTransparencyLogs1763800000013 implements MigrationInterface {
  name = 'WitnessedTransparencyLogs1763800000013';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tlog_publications (
        log_id       text PRIMARY KEY,
        tree_size    bigint NOT NULL CHECK (tree_size >= 0),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE tlog_cosignatures (
        log_id      text NOT NULL,
        witness     text NOT NULL,
        tree_size   bigint NOT NULL CHECK (tree_size >= 0),
        root_hash   bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        cosigned    text NOT NULL,
        cosigned_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (log_id, witness, tree_size)
      )`);
    await runner.query(`
      CREATE TABLE witness_heads (
        origin          text PRIMARY KEY,
        institution_id  text NOT NULL,
        tree_size       bigint NOT NULL CHECK (tree_size >= 0),
        root_hash       bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        cosigned_at     timestamptz NOT NULL,
        last_seen_at    timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE witness_cosigned (
        origin         text NOT NULL,
        institution_id text NOT NULL,
        tree_size      bigint NOT NULL CHECK (tree_size >= 0),
        root_hash      bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        cosigned       text NOT NULL,
        cosigned_at    timestamptz NOT NULL,
        PRIMARY KEY (origin, tree_size)
      )`);
    await runner.query(`CREATE INDEX witness_cosigned_institution ON witness_cosigned (institution_id, tree_size)`);
    await runner.query(`
      CREATE TABLE witness_alarms (
        id             bigserial PRIMARY KEY,
        institution_id text NOT NULL,
        origin         text NOT NULL,
        reason         text NOT NULL,
        detail         text NOT NULL,
        raised_at      timestamptz NOT NULL DEFAULT now(),
        cleared_at     timestamptz
      )`);
    await runner.query(`CREATE INDEX witness_alarms_open ON witness_alarms (origin) WHERE cleared_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['witness_alarms', 'witness_cosigned', 'witness_heads', 'tlog_cosignatures', 'tlog_publications']) await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
