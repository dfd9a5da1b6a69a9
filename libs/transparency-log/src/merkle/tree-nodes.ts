import { Hash, isPowerOfTwo, log2Exact, nodeHash, splitPoint } from './rfc6962-hash';

/**
 * A complete (perfect) subtree: the 2^level leaves [index * 2^level, (index + 1) * 2^level).
 * Level 0 nodes are the leaf hashes. Complete subtrees never change once their last leaf is
 * appended, so they are what storage keeps.
 */
export interface NodeId {
  level: number;
  index: number;
}

/** A stored complete subtree and its hash. */
export interface StoredNode extends NodeId {
  hash: Hash;
}

/**
 * Reads the hash of a complete subtree. Proof generation calls it only for the ids that
 * `nodeIdsFor` listed, so a store can fetch them all in one query beforehand.
 */
export type NodeSource = (level: number, index: number) => Hash;

/**
 * A node of the RFC 9162 tree of some size: the leaves [start, end). Either a complete
 * subtree, or (on the right edge of a tree whose size is not a power of two) an incomplete
 * one, whose hash is computed from the complete subtrees it is made of.
 */
export interface LeafRange {
  start: number;
  end: number;
}

export const nodeKey = (level: number, index: number): string => `${level}:${index}`;

/**
 * The complete subtrees a tree node [start, end) is made of, left to right (largest first):
 * RFC 9162's MTH splits at the largest power of two, so the node is its binary decomposition.
 */
export function completeSubtreesOf(range: LeafRange): NodeId[] {
  const ids: NodeId[] = [];
  let start = range.start;
  while (start < range.end) {
    const n = range.end - start;
    const size = isPowerOfTwo(n) ? n : splitPoint(n);
    const level = log2Exact(size);
    if (start % size !== 0) throw new RangeError(`[${range.start}, ${range.end}) is not a node of an RFC 9162 tree`);
    ids.push({ level, index: start / size });
    start += size;
  }
  return ids;
}

/** The distinct complete subtrees needed to hash every range (what a store must read). */
export function nodeIdsFor(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of ranges) for (const id of completeSubtreesOf(range)) seen.set(nodeKey(id.level, id.index), id);
  return [...seen.values()];
}

/** The hash of a tree node [start, end), from the complete subtrees it is made of (right to left). */
export function hashOfRange(range: LeafRange, source: NodeSource): Hash {
  const parts = completeSubtreesOf(range);
  if (parts.length === 0) throw new RangeError('an empty range has no node hash');
  let hash = source(parts[parts.length - 1].level, parts[parts.length - 1].index);
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(source(parts[i].level, parts[i].index), hash);
  return hash;
}

/** A NodeSource over nodes already read (throws on a node that was not). */
export function nodeSourceOf(nodes: Iterable<StoredNode>): NodeSource {
  const byKey = new Map<string, Hash>();
  for (const node of nodes) byKey.set(nodeKey(node.level, node.index), node.hash);
  return (level, index) => {
    const hash = byKey.get(nodeKey(level, index));
    if (!hash) throw new Error(`complete subtree (level ${level}, index ${index}) is not available`);
    return hash;
  };
}

/**
 * Every complete subtree of a tree given its leaf hashes (O(n)): for tests and for building
 * an in-memory NodeSource.
 */
export function allCompleteSubtrees(leafHashes: readonly Hash[]): StoredNode[] {
  const nodes: StoredNode[] = leafHashes.map((hash, index) => ({ level: 0, index, hash }));
  let level = 0;
  let row = [...leafHashes];
  while (row.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) next.push(nodeHash(row[i], row[i + 1]));
    level += 1;
    next.forEach((hash, index) => nodes.push({ level, index, hash }));
    row = next;
  }
  return nodes;
}
