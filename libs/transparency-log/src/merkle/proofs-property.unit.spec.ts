import { createHash } from 'node:crypto';
import { consistencyProof, consistencyProofRanges, verifyConsistency } from './consistency-proof';
import { appendToFrontier } from './frontier';
import { inclusionProof, inclusionProofRanges, verifyInclusion } from './inclusion-proof';
import { Hash, leafHash, rootOfLeafHashes } from './rfc6962-hash';
import { allCompleteSubtrees, hashOfRange, nodeIdsFor, nodeKey, nodeSourceOf, StoredNode } from './tree-nodes';

/** A seeded generator (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20260723;
const MAX_SIZE = 200;
const random = prng(SEED);
const int = (below: number) => Math.floor(random() * below);
let leafCounter = 0;
/** Distinct leaves of random length and content (equal leaves would make some "wrong index" proofs true). */
const randomLeaf = (): Buffer => Buffer.concat([Buffer.from(`${leafCounter++}:`), createHash('sha256').update(String(random())).digest().subarray(0, int(33))]);
const flipBit = (hash: Hash): Hash => {
  const copy = Buffer.from(hash);
  copy[int(copy.length)] ^= 1 << int(8);
  return copy;
};
/** The proof with one of its hashes altered. */
const tamper = (proof: readonly Hash[]): Hash[] => {
  const copy = [...proof];
  const i = int(copy.length);
  copy[i] = flipBit(copy[i]);
  return copy;
};
const log2Ceil = (n: number) => Math.ceil(Math.log2(Math.max(n, 1)));

/**
 * A random tree of `size` leaves: its leaf hashes, its complete subtrees, and the root of
 * every prefix (each a node of the tree, hashed from its complete subtrees; the full root and
 * a sample of prefixes are checked against RFC 9162's MTH computed from scratch).
 */
function randomTree(size: number) {
  const leafHashes = Array.from({ length: size }, () => leafHash(randomLeaf()));
  const nodes = allCompleteSubtrees(leafHashes);
  const source = nodeSourceOf(nodes);
  const roots = [rootOfLeafHashes([]), ...Array.from({ length: size }, (_, i) => hashOfRange({ start: 0, end: i + 1 }, source))];
  for (const n of [size, 1 + int(size), 1 + int(size)]) {
    if (!roots[n].equals(rootOfLeafHashes(leafHashes.slice(0, n)))) throw new Error(`prefix root ${n} of ${size} differs from MTH`);
  }
  return { leafHashes, nodes, source, roots };
}

describe(`random trees of sizes 1..${MAX_SIZE} (seed ${SEED})`, () => {
  it('every inclusion proof verifies, reads O(log n) nodes, and fails for an altered leaf, root, proof or index', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let size = 1; size <= MAX_SIZE; size++) {
      const { leafHashes, source, roots } = randomTree(size);
      const root = roots[size];
      const rootWithOneMore = rootOfLeafHashes([...leafHashes, leafHash(randomLeaf())]);
      for (let index = 0; index < size; index++) {
        const at = `leaf ${index} of ${size}`;
        const leaf = leafHashes[index];
        const proof = inclusionProof(index, size, source);
        checked += 1;
        if (proof.length > log2Ceil(size)) failures.push(`${at}: proof of ${proof.length} hashes`);
        if (nodeIdsFor(inclusionProofRanges(index, size)).length > 2 * log2Ceil(size)) failures.push(`${at}: reads too many nodes`);
        if (!verifyInclusion(index, size, leaf, proof, root)) failures.push(`${at}: valid proof refused`);

        // Always an altered leaf and an altered root; plus one other alteration, drawn at random.
        const altered: [string, () => boolean][] = [
          ['altered leaf', () => verifyInclusion(index, size, flipBit(leaf), proof, root)],
          ['altered root', () => verifyInclusion(index, size, leaf, proof, flipBit(root))],
        ];
        const others: [string, () => boolean][] = [
          ['extra hash', () => verifyInclusion(index, size, leaf, [...proof, root], root)],
          ['root of the next tree', () => verifyInclusion(index, size + 1, leaf, proof, rootWithOneMore)],
        ];
        if (size > 1) {
          others.push(['other index', () => verifyInclusion((index + 1 + int(size - 1)) % size, size, leaf, proof, root)]);
          others.push(['altered proof hash', () => verifyInclusion(index, size, leaf, tamper(proof), root)]);
          others.push(['truncated proof', () => verifyInclusion(index, size, leaf, proof.slice(1), root)]);
        }
        altered.push(others[int(others.length)]);
        for (const [kind, accepts] of altered) if (accepts()) failures.push(`${at}: ${kind} accepted`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe((MAX_SIZE * (MAX_SIZE + 1)) / 2);
  });

  it('every consistency proof between two sizes verifies, and fails for an altered root or proof', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let size = 1; size <= MAX_SIZE; size++) {
      const { source, roots } = randomTree(size);
      for (let from = 1; from <= size; from++) {
        const at = `${from} -> ${size}`;
        const proof = consistencyProof(from, size, source);
        checked += 1;
        if (proof.length > log2Ceil(size) + 1) failures.push(`${at}: proof of ${proof.length} hashes`);
        if (nodeIdsFor(consistencyProofRanges(from, size)).length > 2 * (log2Ceil(size) + 1)) failures.push(`${at}: reads too many nodes`);
        if (!verifyConsistency(from, size, roots[from], roots[size], proof)) failures.push(`${at}: valid proof refused`);

        // Always both roots altered; plus one other alteration, drawn at random.
        const altered: [string, () => boolean][] = [
          ['altered first root', () => verifyConsistency(from, size, flipBit(roots[from]), roots[size], proof)],
          ['altered second root', () => verifyConsistency(from, size, roots[from], flipBit(roots[size]), proof)],
        ];
        const others: [string, () => boolean][] = [['extra hash', () => verifyConsistency(from, size, roots[from], roots[size], [...proof, roots[size]])]];
        if (proof.length > 0) {
          others.push(['altered proof hash', () => verifyConsistency(from, size, roots[from], roots[size], tamper(proof))]);
          others.push(['truncated proof', () => verifyConsistency(from, size, roots[from], roots[size], proof.slice(0, -1))]);
        }
        if (from > 1 && from < size) others.push(['other first size', () => verifyConsistency(from - 1, size, roots[from - 1], roots[size], proof)]);
        altered.push(others[int(others.length)]);
        for (const [kind, accepts] of altered) if (accepts()) failures.push(`${at}: ${kind} accepted`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe((MAX_SIZE * (MAX_SIZE + 1)) / 2);
  });

  it('the appender, fed in random batches, gives the roots from scratch and stores every complete subtree once', () => {
    for (let trial = 0; trial < 40; trial++) {
      const size = 1 + int(MAX_SIZE);
      const { leafHashes, nodes } = randomTree(size);
      let treeSize = 0;
      let frontier: StoredNode[] = [];
      const stored: StoredNode[] = [];
      while (treeSize < size) {
        const batch = leafHashes.slice(treeSize, treeSize + 1 + int(17));
        const outcome = appendToFrontier(treeSize, frontier, batch);
        // k leaves complete at most k inner nodes over time; one batch adds at most log n more.
        expect(outcome.newNodes.length).toBeLessThanOrEqual(2 * batch.length + log2Ceil(outcome.treeSize));
        expect(outcome.frontier.length).toBeLessThanOrEqual(log2Ceil(outcome.treeSize + 1));
        treeSize = outcome.treeSize;
        frontier = outcome.frontier;
        stored.push(...outcome.newNodes);
        expect(outcome.rootHash.equals(rootOfLeafHashes(leafHashes.slice(0, treeSize)))).toBe(true);
      }
      const byKey = (list: StoredNode[]) => new Map(list.map((n) => [nodeKey(n.level, n.index), n.hash.toString('hex')]));
      expect(stored).toHaveLength(nodes.length);
      expect(byKey(stored)).toEqual(byKey(nodes));
    }
  });

  it('refuses a frontier that does not belong to the size given', () => {
    const { nodes } = randomTree(6);
    const leaf = nodes.find((n) => n.level === 0 && n.index === 0)!;
    expect(() => appendToFrontier(6, [leaf], [leaf.hash])).toThrow(/frontier/);
  });
});
