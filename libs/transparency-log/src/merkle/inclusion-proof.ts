import { Hash, HASH_SIZE, hashesEqual, nodeHash, splitPoint } from './rfc6962-hash';
import { hashOfRange, LeafRange, NodeSource } from './tree-nodes';

const checkSize = (treeSize: number) => {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new RangeError(`bad tree size ${treeSize}`);
};

/**
 * The tree nodes whose hashes make the inclusion proof of leaf `index` in the tree of
 * `treeSize` leaves, in proof order (from the leaf up): RFC 9162 §2.1.3.1 PATH(m, D[n]).
 * At most ceil(log2 n) ranges; each is hashed from the complete subtrees it is made of.
 */
export function inclusionProofRanges(index: number, treeSize: number): LeafRange[] {
  checkSize(treeSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) throw new RangeError(`leaf ${index} is not in a tree of size ${treeSize}`);
  const ranges: LeafRange[] = [];
  const path = (lo: number, hi: number): void => {
    if (hi - lo <= 1) return;
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path(lo, lo + k);
      ranges.push({ start: lo + k, end: hi });
    } else {
      path(lo + k, hi);
      ranges.push({ start: lo, end: lo + k });
    }
  };
  path(0, treeSize);
  return ranges;
}

/** The inclusion proof, read from stored complete subtrees (O(log n) of them). */
export const inclusionProof = (index: number, treeSize: number, source: NodeSource): Hash[] =>
  inclusionProofRanges(index, treeSize).map((range) => hashOfRange(range, source));

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_SIZE;

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the proof cannot
 * be a proof for that index and size (wrong length, malformed hashes).
 */
export function rootFromInclusionProof(index: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Hash | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return null;
  if (!isHash(leaf) || !proof.every(isHash)) return null;
  let fn = index;
  let sn = treeSize - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf hash `leaf` at `index` in the tree of `treeSize` with `root`? */
export const verifyInclusion = (index: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean =>
  isHash(root) && hashesEqual(rootFromInclusionProof(index, treeSize, leaf, proof), root);
