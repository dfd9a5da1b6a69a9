import { consistencyProof } from '../merkle/consistency-proof';
import { Hash, leafHash, rootOfLeafHashes } from '../merkle/rfc6962-hash';
import { allCompleteSubtrees, nodeSourceOf } from '../merkle/tree-nodes';
import { peekCheckpoint, signCheckpoint } from '../note/checkpoint';
import { cosignatureVerifier, cosignCheckpoint, verifyCosignature } from '../note/cosignature';
import { generateNamedKeyPair, parseSignerKey } from '../note/note-keys';
import { ed25519NoteSigner, ed25519NoteVerifier, NoteVerifier } from '../note/signed-note';
import { WITNESS_TEST_LOG } from '../vectors/note-vectors.testing';
import { CosignRequest, decideCosignature, WitnessedHead } from './decide-cosignature';

const hex = (h: string) => Buffer.from(h, 'hex');
const publishedProof = WITNESS_TEST_LOG.consistencyProof.map(hex);
const logKey = ed25519NoteVerifier(WITNESS_TEST_LOG.logVerifierKey);
const logSigner = (() => {
  const key = parseSignerKey(WITNESS_TEST_LOG.logSignerKey);
  return ed25519NoteSigner(key.name, key.privateKey);
})();
const trusted = (origin: string): NoteVerifier[] | undefined => (origin === 'monkeys' ? [logKey] : undefined);
const headOf = (signed: string): WitnessedHead => {
  const { origin, treeSize, rootHash } = peekCheckpoint(signed);
  return { origin, treeSize, rootHash };
};
const decide = (request: Partial<CosignRequest> & { signedCheckpoint: string }) =>
  decideCosignature({ logKeysFor: trusted, last: undefined, proof: [], ...request });
const signedByLog = (treeSize: number, rootHash: Hash) => signCheckpoint({ origin: 'monkeys', treeSize, rootHash }, [logSigner]);

describe('witness cosigning decision (transparency-dev/witness test log)', () => {
  it('cosigns the first checkpoint of a known log (trust on first use) and says what to remember', () => {
    const decision = decide({ signedCheckpoint: WITNESS_TEST_LOG.initial });
    expect(decision).toMatchObject({ decision: 'cosign', next: { origin: 'monkeys', treeSize: 5 } });
  });

  it('cosigns a larger checkpoint proved consistent with the last one cosigned (the published proof 5 -> 8)', () => {
    const decision = decide({ signedCheckpoint: WITNESS_TEST_LOG.next, last: headOf(WITNESS_TEST_LOG.initial), proof: publishedProof, oldSize: 5 });
    expect(decision).toMatchObject({ decision: 'cosign', next: { treeSize: 8 } });
  });

  it('refuses when the proof does not join the two checkpoints', () => {
    const tampered = publishedProof.map((h, i) => (i === 2 ? Buffer.from(h).fill(0, 0, 1) : h));
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.next, last: headOf(WITNESS_TEST_LOG.initial), proof: tampered })).toMatchObject({
      decision: 'refuse',
      reason: 'INCONSISTENT_PROOF',
    });
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.next, last: headOf(WITNESS_TEST_LOG.initial), proof: [] })).toMatchObject({ reason: 'INCONSISTENT_PROOF' });
  });

  it('refuses a checkpoint smaller than the last one cosigned (SHRINKS)', () => {
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.initial, last: headOf(WITNESS_TEST_LOG.next) })).toMatchObject({ decision: 'refuse', reason: 'SHRINKS' });
  });

  it('refuses the same size with another root (FORK), and cosigns the same checkpoint again', () => {
    const fork = signedByLog(8, leafHash(Buffer.from('another history')));
    expect(decide({ signedCheckpoint: fork, last: headOf(WITNESS_TEST_LOG.next) })).toMatchObject({ decision: 'refuse', reason: 'FORK' });
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.next, last: headOf(WITNESS_TEST_LOG.next) })).toMatchObject({ decision: 'cosign' });
  });

  it('refuses an unknown log, a checkpoint not signed by the log key, a forged signature and garbage', () => {
    const stranger = generateNamedKeyPair('elsewhere');
    const unknown = signCheckpoint({ origin: 'elsewhere', treeSize: 1, rootHash: leafHash(Buffer.from('x')) }, [ed25519NoteSigner(stranger.name, stranger.privateKey)]);
    expect(decide({ signedCheckpoint: unknown })).toMatchObject({ decision: 'refuse', reason: 'UNKNOWN_ORIGIN' });

    const impostor = generateNamedKeyPair('monkeys');
    const notByLog = signCheckpoint({ origin: 'monkeys', treeSize: 9, rootHash: leafHash(Buffer.from('x')) }, [ed25519NoteSigner(impostor.name, impostor.privateKey)]);
    expect(decide({ signedCheckpoint: notByLog, last: headOf(WITNESS_TEST_LOG.next) })).toMatchObject({ decision: 'refuse', reason: 'BAD_SIGNATURE' });

    const forged = WITNESS_TEST_LOG.next.replace('\n8\n', '\n9\n');
    expect(decide({ signedCheckpoint: forged, last: headOf(WITNESS_TEST_LOG.next) })).toMatchObject({ decision: 'refuse', reason: 'BAD_SIGNATURE' });

    expect(decide({ signedCheckpoint: 'not a note' })).toMatchObject({ decision: 'refuse', reason: 'MALFORMED' });
    const badBody = signCheckpoint({ origin: 'monkeys', treeSize: 1, rootHash: leafHash(Buffer.from('x')) }, [logSigner]).replace(/^monkeys\n1\n/, 'monkeys\n01\n');
    expect(decide({ signedCheckpoint: badBody })).toMatchObject({ decision: 'refuse', reason: 'MALFORMED' });
  });

  it('refuses a proof from a size other than the last cosigned one (OLD_SIZE_MISMATCH) or beyond the checkpoint', () => {
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.next, last: headOf(WITNESS_TEST_LOG.initial), proof: publishedProof, oldSize: 4 })).toMatchObject({
      reason: 'OLD_SIZE_MISMATCH',
    });
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.next, oldSize: 5 })).toMatchObject({ reason: 'OLD_SIZE_MISMATCH' });
    expect(decide({ signedCheckpoint: WITNESS_TEST_LOG.initial, oldSize: 8 })).toMatchObject({ reason: 'MALFORMED' });
  });

  it('follows a log through its commits: cosigns each consistent head, refuses a rewritten history', () => {
    const witness = generateNamedKeyPair('witness.example/w1');
    const leaves = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
    const source = nodeSourceOf(allCompleteSubtrees(leaves));
    let last: WitnessedHead | undefined;
    for (const size of [1, 2, 3, 7, 8, 20, 40]) {
      const signed = signedByLog(size, rootOfLeafHashes(leaves.slice(0, size)));
      const proof = last ? consistencyProof(last.treeSize, size, source) : [];
      const decision = decideCosignature({ signedCheckpoint: signed, logKeysFor: trusted, last, proof, oldSize: last?.treeSize ?? 0 });
      if (decision.decision !== 'cosign') throw new Error(`refused ${size}: ${decision.reason} ${decision.detail}`);
      const cosigned = cosignCheckpoint(signed, witness, 1_750_000_000 + size);
      expect(verifyCosignature(cosigned, cosignatureVerifier(witness))).toEqual({ valid: true, timestamp: 1_750_000_000 + size });
      last = decision.next;
    }
    // The log rewrites event 3 and publishes a larger tree: no proof can join it to what was cosigned.
    const rewritten = [...leaves.slice(0, 3), leafHash(Buffer.from('rewritten')), ...leaves.slice(4), leafHash(Buffer.from('event 40'))];
    const rewrittenSource = nodeSourceOf(allCompleteSubtrees(rewritten));
    const signed = signedByLog(41, rootOfLeafHashes(rewritten));
    expect(decideCosignature({ signedCheckpoint: signed, logKeysFor: trusted, last, proof: consistencyProof(40, 41, rewrittenSource) })).toMatchObject({
      decision: 'refuse',
      reason: 'INCONSISTENT_PROOF',
    });
  });
});
