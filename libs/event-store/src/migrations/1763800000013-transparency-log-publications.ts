import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What publishing this service's transparency logs (tlog_nodes, tlog_heads: migration
 * 1763800000008 of libs/transparency-log) needs:
 * - tlog_publications: per log, the last tree size this service published a checkpoint of
 *   (the next publication carries a consistency proof from it);
 * - tlog_cosignatures: the witnesses' cosigned checkpoints of this service's own logs, as
 *   received (the verification holds the store against them).
 * The witness's own tables moved to libs/witness (WitnessTables1763800000015); the class
 * name stays, since stores already record this migration under it.
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
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['tlog_cosignatures', 'tlog_publications']) await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
