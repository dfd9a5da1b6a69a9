import { createHash, hash as oneShotHash } from 'node:crypto';

/** A SHA-256 hash (32 bytes). */
export type Hash = Buffer;

export const HASH_SIZE = 32;

/** RFC 6962 §2.1 / RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function leafHash(leaf: Uint8Array): Hash {
  const input = Buffer.allocUnsafe(1 + leaf.length);
  input[0] = 0x00;
  input.set(leaf, 1);
  return oneShotHash('sha256', input, 'buffer');
}

/** RFC 6962 §2.1 / RFC 9162 §2.1.1: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return oneShotHash('sha256', input, 'buffer');
}

/** MTH({}) = SHA-256() : the root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export const hashesEqual = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean =>
  !!a && !!b && a.length === b.length && Buffer.compare(a, b) === 0;

/** The largest power of two strictly smaller than n (n >= 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`no split point for ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** log2 of a power of two (exact, for sizes beyond 32 bits too). */
export function log2Exact(powerOfTwo: number): number {
  let level = 0;
  for (let n = powerOfTwo; n > 1; n /= 2) level += 1;
  return level;
}

/**
 * RFC 9162 §2.1.1 MTH over already leaf-hashed entries, from scratch (O(n)): the reference
 * the incremental appender and the proofs are tested against. Not for the append path.
 */
export function rootOfLeafHashes(leafHashes: readonly Hash[]): Hash {
  const mth = (start: number, end: number): Hash => {
    const n = end - start;
    if (n === 0) return EMPTY_ROOT;
    if (n === 1) return leafHashes[start];
    const k = splitPoint(n);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth(0, leafHashes.length);
}

/** MTH of raw leaves (each hashed with leafHash first). */
export const rootOfLeaves = (leaves: readonly Uint8Array[]): Hash => rootOfLeafHashes(leaves.map(leafHash));
