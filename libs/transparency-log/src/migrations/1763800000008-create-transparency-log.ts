import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each institution's transparency log (RFC 9162 Merkle tree over its events):
 * - tlog_nodes: every complete subtree's hash (level 0 = leaf hashes). Written once, when
 *   its last leaf is appended; proofs read O(log n) of them, appends write O(k) for k leaves.
 * - tlog_heads: every signed tree head (C2SP checkpoint note), history kept so consistency
 *   proofs between any two published sizes can be served. One per size: a second root for
 *   a size already signed (a fork) cannot be recorded.
 */
export class CreateTransparencyLog1763800000008 implements MigrationInterface {
  name = 'CreateTransparencyLog1763800000008';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tlog_nodes (
        log_id text NOT NULL,
        level  int NOT NULL CHECK (level >= 0 AND level < 64),
        idx    bigint NOT NULL CHECK (idx >= 0),
        hash   bytea NOT NULL CHECK (octet_length(hash) = 32),
        PRIMARY KEY (log_id, level, idx)
      )`);
    await runner.query(`
      CREATE TABLE tlog_heads (
        log_id      text NOT NULL,
        tree_size   bigint NOT NULL CHECK (tree_size >= 0),
        root_hash   bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        checkpoint  text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (log_id, tree_size)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS tlog_heads`);
    await runner.query(`DROP TABLE IF EXISTS tlog_nodes`);
  }
}
