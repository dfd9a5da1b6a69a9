import { Hash, HASH_SIZE, hashesEqual, isPowerOfTwo, nodeHash, splitPoint } from './rfc6962-hash';
import { hashOfRange, LeafRange, NodeSource } from './tree-nodes';

/**
 * The tree nodes whose hashes make the consistency proof from size `fromSize` to `toSize`,
 * in proof order: RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). Empty when
 * the sizes are equal or the first tree is empty (nothing to prove).
 */
export function consistencyProofRanges(fromSize: number, toSize: number): LeafRange[] {
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize) || fromSize < 0 || toSize < fromSize) {
    throw new RangeError(`no consistency proof from size ${fromSize} to ${toSize}`);
  }
  const ranges: LeafRange[] = [];
  if (fromSize === 0 || fromSize === toSize) return ranges;
  const subproof = (m: number, lo: number, hi: number, complete: boolean): void => {
    if (m === hi - lo) {
      if (!complete) ranges.push({ start: lo, end: hi });
      return;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      subproof(m, lo, lo + k, complete);
      ranges.push({ start: lo + k, end: hi });
    } else {
      subproof(m - k, lo + k, hi, false);
      ranges.push({ start: lo, end: lo + k });
    }
  };
  subproof(fromSize, 0, toSize, true);
  return ranges;
}

/** The consistency proof, read from stored complete subtrees (O(log n) of them). */
export const consistencyProof = (fromSize: number, toSize: number, source: NodeSource): Hash[] =>
  consistencyProofRanges(fromSize, toSize).map((range) => hashOfRange(range, source));

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_SIZE;

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `toSize` leaves with root `toRoot`
 * extends the tree of `fromSize` leaves with root `fromRoot`? As in transparency-dev/merkle,
 * equal sizes need an empty proof and equal roots, and a proof from the empty tree is refused
 * (it proves nothing).
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize)) return false;
  if (toSize < fromSize || fromSize <= 0) return false;
  // Equal sizes: the same tree, so the same root (compared as bytes, as transparency-dev/merkle does).
  if (fromSize === toSize) return proof.length === 0 && hashesEqual(fromRoot, toRoot);
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (proof.length === 0) return false;

  const path: Uint8Array[] = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Hash = Buffer.from(path[0]);
  let sr: Hash = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hashesEqual(fr, fromRoot) && hashesEqual(sr, toRoot);
}
