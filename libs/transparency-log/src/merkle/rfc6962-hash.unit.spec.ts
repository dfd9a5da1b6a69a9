import { REFERENCE_TREE } from '../vectors/merkle-vectors.testing';
import { appendToFrontier, frontierIds, rootOfFrontier } from './frontier';
import { EMPTY_ROOT, isPowerOfTwo, leafHash, nodeHash, rootOfLeaves, splitPoint } from './rfc6962-hash';
import { allCompleteSubtrees, completeSubtreesOf } from './tree-nodes';

const hex = (h: Buffer) => h.toString('hex');
const leaves = REFERENCE_TREE.leaves.map((l) => Buffer.from(l, 'hex'));

describe('RFC 6962 hashing (transparency-dev/merkle vectors)', () => {
  it('hashes leaves with a 0x00 prefix and nodes with a 0x01 prefix', () => {
    expect(hex(EMPTY_ROOT)).toBe(REFERENCE_TREE.hasher.emptyRoot);
    expect(hex(leafHash(Buffer.alloc(0)))).toBe(REFERENCE_TREE.hasher.emptyLeaf);
    expect(hex(leafHash(Buffer.from('L123456')))).toBe(REFERENCE_TREE.hasher.leafL123456);
    expect(hex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe(REFERENCE_TREE.hasher.nodeN123N456);
    // A node is not the leaf hash of its children's concatenation.
    const [a, b] = [leafHash(Buffer.from('Hello')), leafHash(Buffer.from('World'))];
    expect(hex(nodeHash(a, b))).not.toBe(hex(leafHash(Buffer.concat([a, b]))));
  });

  it('computes the root of every prefix of the reference tree (sizes 0..8)', () => {
    REFERENCE_TREE.roots.forEach((root, size) => expect(hex(rootOfLeaves(leaves.slice(0, size)))).toBe(root));
  });

  it('computes every complete subtree of the reference tree', () => {
    const nodes = allCompleteSubtrees(leaves.map(leafHash));
    REFERENCE_TREE.nodeHashes.forEach((row, level) =>
      row.forEach((hash, index) => expect(hex(nodes.find((n) => n.level === level && n.index === index)!.hash)).toBe(hash)),
    );
    expect(nodes).toHaveLength(8 + 4 + 2 + 1);
  });

  it('appends leaf by leaf with a frontier that is the compact tree of each size, and the right roots', () => {
    let size = 0;
    let frontier = appendToFrontier(0, [], []).frontier;
    for (const leaf of leaves) {
      const outcome = appendToFrontier(size, frontier, [leafHash(leaf)]);
      size = outcome.treeSize;
      frontier = outcome.frontier;
      expect(hex(outcome.rootHash)).toBe(REFERENCE_TREE.roots[size]);
      expect(frontier.map((n) => ({ level: n.level, index: n.index }))).toEqual(frontierIds(size));
      // Every frontier node is one of the reference complete subtrees.
      for (const node of frontier) expect(hex(node.hash)).toBe(REFERENCE_TREE.nodeHashes[node.level][node.index]);
      expect(hex(rootOfFrontier(frontier))).toBe(REFERENCE_TREE.roots[size]);
    }
  });

  it('splits at the largest power of two below n, also beyond 32 bits', () => {
    expect([2, 3, 4, 5, 8, 9].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8]);
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40);
    expect(splitPoint(2 ** 40)).toBe(2 ** 39);
    expect([1, 2, 4, 2 ** 45].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 6, 2 ** 45 + 2].some(isPowerOfTwo)).toBe(false);
    expect(() => splitPoint(1)).toThrow(RangeError);
  });

  it('decomposes a right-edge node into its complete subtrees, largest first', () => {
    expect(completeSubtreesOf({ start: 0, end: 7 })).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(completeSubtreesOf({ start: 2 ** 40, end: 2 ** 40 + 3 })).toEqual([
      { level: 1, index: 2 ** 39 },
      { level: 0, index: 2 ** 40 + 2 },
    ]);
    expect(frontierIds(2 ** 41 + 1)).toEqual([
      { level: 41, index: 0 },
      { level: 0, index: 2 ** 41 },
    ]);
    expect(() => completeSubtreesOf({ start: 1, end: 3 })).toThrow(RangeError);
  });
});
