import { CONSISTENCY_VECTORS, INCLUSION_VECTORS, REFERENCE_TREE } from '../vectors/merkle-vectors.testing';
import { consistencyProof, verifyConsistency } from './consistency-proof';
import { inclusionProof, verifyInclusion } from './inclusion-proof';
import { leafHash } from './rfc6962-hash';
import { allCompleteSubtrees, nodeSourceOf } from './tree-nodes';

const b64 = (s: string | null) => Buffer.from(s ?? '', 'base64');
const proofOf = (p: string[] | null) => (p ?? []).map(b64);
const source = nodeSourceOf(allCompleteSubtrees(REFERENCE_TREE.leaves.map((l) => leafHash(Buffer.from(l, 'hex')))));

describe('inclusion proofs against transparency-dev/merkle testdata/inclusion', () => {
  it('has the vectors', () => expect(INCLUSION_VECTORS.length).toBeGreaterThan(90));

  it.each(INCLUSION_VECTORS.map((v) => [v.file, v] as const))('%s', (_file, v) => {
    expect(verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), proofOf(v.proof), b64(v.root))).toBe(!v.wantErr);
  });

  it.each(INCLUSION_VECTORS.filter((v) => !v.wantErr && v.treeSize <= 8).map((v) => [v.file, v] as const))(
    'generates the published proof of %s from stored nodes',
    (_file, v) => {
      expect(inclusionProof(v.leafIdx, v.treeSize, source).map((h) => h.toString('base64'))).toEqual(v.proof ?? []);
    },
  );
});

describe('consistency proofs against transparency-dev/merkle testdata/consistency', () => {
  it('has the vectors', () => expect(CONSISTENCY_VECTORS.length).toBeGreaterThan(90));

  it.each(CONSISTENCY_VECTORS.map((v) => [v.file, v] as const))('%s', (_file, v) => {
    expect(verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), proofOf(v.proof))).toBe(!v.wantErr);
  });

  it.each(CONSISTENCY_VECTORS.filter((v) => !v.wantErr && v.size2 <= 8).map((v) => [v.file, v] as const))(
    'generates the published proof of %s from stored nodes',
    (_file, v) => {
      expect(consistencyProof(v.size1, v.size2, source).map((h) => h.toString('base64'))).toEqual(v.proof ?? []);
    },
  );
});
