import { EMPTY_ROOT, Hash, nodeHash } from './rfc6962-hash';
import { NodeId, StoredNode } from './tree-nodes';

/**
 * The right edge of a tree: its largest complete subtrees, left to right (one per set bit of
 * the tree size, so at most ~log2 n). Enough to append and to compute the root.
 */
export type Frontier = StoredNode[];

/** Which complete subtrees make the frontier of a tree of `treeSize` leaves (left to right). */
export function frontierIds(treeSize: number): NodeId[] {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new RangeError(`bad tree size ${treeSize}`);
  const ids: NodeId[] = [];
  let start = 0;
  let size = 1;
  let level = 0;
  while (size * 2 <= treeSize) {
    size *= 2;
    level += 1;
  }
  for (; size >= 1; size /= 2, level -= 1) {
    if (treeSize - start >= size) {
      ids.push({ level, index: start / size });
      start += size;
    }
  }
  return ids;
}

/** The root of a tree from its frontier (right to left), RFC 9162's MTH. */
export function rootOfFrontier(frontier: readonly StoredNode[]): Hash {
  if (frontier.length === 0) return EMPTY_ROOT;
  let root = frontier[frontier.length - 1].hash;
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i].hash, root);
  return root;
}

export interface AppendOutcome {
  treeSize: number;
  rootHash: Hash;
  frontier: Frontier;
  /** The complete subtrees the append created (the new leaves and the nodes they complete): store them. */
  newNodes: StoredNode[];
}

/**
 * Appends leaf hashes to a tree known by its size and frontier, without reading anything
 * else: k leaves create k leaf nodes and at most k inner nodes, and cost O(k + log n) hashes.
 */
export function appendToFrontier(treeSize: number, frontier: readonly StoredNode[], leafHashes: readonly Hash[]): AppendOutcome {
  const expected = frontierIds(treeSize);
  if (frontier.length !== expected.length || frontier.some((node, i) => node.level !== expected[i].level || node.index !== expected[i].index)) {
    throw new Error(`the frontier given does not match a tree of size ${treeSize}`);
  }
  const stack: StoredNode[] = [...frontier];
  const newNodes: StoredNode[] = [];
  let size = treeSize;
  for (const hash of leafHashes) {
    let node: StoredNode = { level: 0, index: size, hash: Buffer.from(hash) };
    newNodes.push(node);
    size += 1;
    while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      newNodes.push(node);
    }
    stack.push(node);
  }
  return { treeSize: size, rootHash: rootOfFrontier(stack), frontier: stack, newNodes };
}
