import { consistencyProofRanges } from '../merkle/consistency-proof';
import { appendToFrontier, frontierIds } from '../merkle/frontier';
import { inclusionProofRanges } from '../merkle/inclusion-proof';
import { EMPTY_ROOT, Hash, HASH_SIZE } from '../merkle/rfc6962-hash';
import { completeSubtreesOf, hashOfRange, NodeId, nodeIdsFor, nodeSourceOf, StoredNode } from '../merkle/tree-nodes';

/** What the store needs of a TypeORM DataSource, EntityManager or QueryRunner. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

export interface TreeHead {
  treeSize: number;
  rootHash: Hash;
}

export interface AppendedLeaves extends TreeHead {
  /** The index of the first leaf appended (the tree size before). */
  firstIndex: number;
}

export interface SignedTreeHead extends TreeHead {
  logId: string;
  /** The signed checkpoint note (c2sp.org/tlog-checkpoint) of this head. */
  checkpoint: string;
  recordedAt: Date;
}

export class TreeNotStoredError extends Error {
  override readonly name = 'TreeNotStoredError';
}

// Transaction-scoped lock taken per log before reading its frontier, so two appends to one
// log never read the same frontier (the second waits for the first to commit).
const APPEND_LOCK_CLASS = 472_020;

type NodeRow = { level: number; idx: string | number; hash: Buffer };
type HeadRow = { log_id: string; tree_size: string | number; root_hash: Buffer; checkpoint: string; recorded_at: Date };

const headOf = (row: HeadRow): SignedTreeHead => ({
  logId: row.log_id,
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash,
  checkpoint: row.checkpoint,
  recordedAt: row.recorded_at,
});

/**
 * The PostgreSQL side of the transparency logs of one service (one Merkle tree per log id,
 * e.g. per institution): plain SQL on tlog_nodes and tlog_heads. Appends read the log's
 * frontier (O(log n) rows) and write the new complete subtrees (O(k) rows for k leaves);
 * proofs read O(log n) rows in one query. Nothing ever rehashes a whole log.
 */
export class TransparencyLogStore {
  constructor(private readonly db: Queryable) {}

  /** The number of leaves of a log (0 for a log never appended to). */
  async treeSize(logId: string, manager: Queryable = this.db): Promise<number> {
    const [row] = await manager.query(`SELECT idx FROM tlog_nodes WHERE log_id = $1 AND level = 0 ORDER BY idx DESC LIMIT 1`, [logId]);
    return row ? Number(row.idx) + 1 : 0;
  }

  /** Reads complete subtrees, all in one query; fails when one is missing. */
  async readNodes(logId: string, ids: readonly NodeId[], manager: Queryable = this.db): Promise<StoredNode[]> {
    if (ids.length === 0) return [];
    const rows: NodeRow[] = await manager.query(
      `SELECT n.level, n.idx, n.hash
         FROM tlog_nodes n
         JOIN unnest($2::int[], $3::bigint[]) AS wanted(level, idx) ON n.level = wanted.level AND n.idx = wanted.idx
        WHERE n.log_id = $1`,
      [logId, ids.map((id) => id.level), ids.map((id) => id.index)],
    );
    if (rows.length !== ids.length) {
      throw new TreeNotStoredError(`log ${logId}: ${ids.length - rows.length} of ${ids.length} complete subtrees needed are not stored`);
    }
    return rows.map((row) => ({ level: Number(row.level), index: Number(row.idx), hash: row.hash }));
  }

  /**
   * Appends leaf hashes to a log inside the caller's transaction (which must be one: the
   * per-log lock it takes lasts until commit). Returns the new size and root.
   */
  async appendLeaves(tx: Queryable, logId: string, leafHashes: readonly Hash[]): Promise<AppendedLeaves> {
    if (leafHashes.some((hash) => hash.length !== HASH_SIZE)) throw new RangeError('leaf hashes have 32 bytes');
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '/' || $2))`, [APPEND_LOCK_CLASS, logId]);
    const size = await this.treeSize(logId, tx);
    const frontier = await this.readNodes(logId, frontierIds(size), tx);
    frontier.sort((a, b) => b.level - a.level);
    const outcome = appendToFrontier(size, frontier, leafHashes);
    if (outcome.newNodes.length > 0) {
      await tx.query(
        `INSERT INTO tlog_nodes (log_id, level, idx, hash)
         SELECT $1, level, idx, hash FROM unnest($2::int[], $3::bigint[], $4::bytea[]) AS added(level, idx, hash)`,
        [logId, outcome.newNodes.map((n) => n.level), outcome.newNodes.map((n) => n.index), outcome.newNodes.map((n) => n.hash)],
      );
    }
    return { treeSize: outcome.treeSize, rootHash: outcome.rootHash, firstIndex: size };
  }

  /** Records a signed tree head (its checkpoint note); refuses a second head for a size (a fork). Returns when it was recorded. */
  async recordHead(tx: Queryable, logId: string, head: TreeHead & { checkpoint: string }): Promise<Date> {
    const [row] = await tx.query(`INSERT INTO tlog_heads (log_id, tree_size, root_hash, checkpoint) VALUES ($1, $2, $3, $4) RETURNING recorded_at`, [
      logId,
      head.treeSize,
      head.rootHash,
      head.checkpoint,
    ]);
    return row.recorded_at;
  }

  /**
   * One commit of a log: appends the leaves, signs the new tree head (`sign` returns the
   * checkpoint note, e.g. `signCheckpoint({ origin, ...head }, [logSigner])`) and records it,
   * all in the caller's transaction: no leaf is ever committed without a signed head over it.
   */
  async commit(tx: Queryable, logId: string, leafHashes: readonly Hash[], sign: (head: TreeHead) => string): Promise<SignedTreeHead & AppendedLeaves> {
    if (leafHashes.length === 0) throw new RangeError('a commit appends at least one leaf');
    const appended = await this.appendLeaves(tx, logId, leafHashes);
    const checkpoint = sign({ treeSize: appended.treeSize, rootHash: appended.rootHash });
    const recordedAt = await this.recordHead(tx, logId, { ...appended, checkpoint });
    return { ...appended, logId, checkpoint, recordedAt };
  }

  /** The root hash of the log when it had `treeSize` leaves (O(log n) rows). */
  async rootHash(logId: string, treeSize: number, manager: Queryable = this.db): Promise<Hash> {
    if (treeSize === 0) return EMPTY_ROOT;
    const range = { start: 0, end: treeSize };
    return hashOfRange(range, nodeSourceOf(await this.readNodes(logId, completeSubtreesOf(range), manager)));
  }

  /** RFC 9162 inclusion proof of leaf `leafIndex` in the log's tree of `treeSize` leaves. */
  async inclusionProof(logId: string, leafIndex: number, treeSize: number, manager: Queryable = this.db): Promise<Hash[]> {
    const ranges = inclusionProofRanges(leafIndex, treeSize);
    const source = nodeSourceOf(await this.readNodes(logId, nodeIdsFor(ranges), manager));
    return ranges.map((range) => hashOfRange(range, source));
  }

  /** RFC 9162 consistency proof between the log's trees of `fromSize` and `toSize` leaves. */
  async consistencyProof(logId: string, fromSize: number, toSize: number, manager: Queryable = this.db): Promise<Hash[]> {
    const ranges = consistencyProofRanges(fromSize, toSize);
    if (ranges.length === 0 && toSize > 0) await this.readNodes(logId, [{ level: 0, index: toSize - 1 }], manager); // the tree must exist
    const source = nodeSourceOf(await this.readNodes(logId, nodeIdsFor(ranges), manager));
    return ranges.map((range) => hashOfRange(range, source));
  }

  /** The most recent signed tree head of a log. */
  async latestHead(logId: string, manager: Queryable = this.db): Promise<SignedTreeHead | undefined> {
    const [row] = await manager.query(
      `SELECT log_id, tree_size, root_hash, checkpoint, recorded_at FROM tlog_heads WHERE log_id = $1 ORDER BY tree_size DESC LIMIT 1`,
      [logId],
    );
    return row ? headOf(row) : undefined;
  }

  /** The signed tree head published at a size, if one was. */
  async headAt(logId: string, treeSize: number, manager: Queryable = this.db): Promise<SignedTreeHead | undefined> {
    const [row] = await manager.query(`SELECT log_id, tree_size, root_hash, checkpoint, recorded_at FROM tlog_heads WHERE log_id = $1 AND tree_size = $2`, [
      logId,
      treeSize,
    ]);
    return row ? headOf(row) : undefined;
  }
}
