import { consistencyProof, ed25519NoteSigner, ed25519NoteVerifier, generateNamedKeyPair, leafHash, nodeSourceOf, appendToFrontier, signCheckpoint, WitnessedHead } from '@inclusion/transparency-log';
import { CheckpointSubmission, decideSubmission, submissionOf } from './witness';

const log = generateNamedKeyPair('inclusion-network/ss-albacete');
const keysFor = (origin: string) => (origin === log.name ? [ed25519NoteVerifier({ name: log.name, publicKey: log.publicKey })] : undefined);
const leaves = (from: number, to: number, salt = 0) => Array.from({ length: to - from }, (_, i) => leafHash(Buffer.from(`event ${from + i} ${salt}`)));

/** A log of `size` leaves (leaves after `forkAt` differ when salted): its signed checkpoint and stored nodes. */
function tree(size: number, salt = 0, forkAt = size) {
  const { newNodes, rootHash } = appendToFrontier(0, [], [...leaves(0, forkAt), ...leaves(forkAt, size, salt)]);
  return { nodes: newNodes, rootHash, note: signCheckpoint({ origin: log.name, treeSize: size, rootHash }, [ed25519NoteSigner(log.name, log.privateKey)]) };
}
const submission = (note: string, previousSize: number, proof: Buffer[] = []): CheckpointSubmission => ({
  institutionId: 'ss-albacete',
  log: { origin: log.name, checkpoint: note, previousSize, consistency: proof.map((h) => h.toString('base64')) },
});
const headOf = (t: ReturnType<typeof tree>, size: number): WitnessedHead => ({ origin: log.name, treeSize: size, rootHash: t.rootHash });

describe("the witness's decision on a published checkpoint (pure)", () => {
  const t5 = tree(5);
  const t8 = tree(8);
  const last5 = headOf(t5, 5);

  it('cosigns the first checkpoint of a log, a larger one with a proof from the last cosigned size, and the same one again', () => {
    expect(decideSubmission(submission(t5.note, 0), undefined, keysFor)).toMatchObject({ decision: 'cosign', next: { treeSize: 5 } });
    const proof = consistencyProof(5, 8, nodeSourceOf(t8.nodes));
    expect(decideSubmission(submission(t8.note, 5, proof), last5, keysFor)).toMatchObject({ decision: 'cosign', next: { treeSize: 8 } });
    expect(decideSubmission(submission(t5.note, 5), last5, keysFor)).toMatchObject({ decision: 'cosign' });
  });

  it('refuses, as evidence: a log that shrank, a fork at the same size, a proof that does not join, a checkpoint not signed by the institution', () => {
    expect(decideSubmission(submission(tree(3).note, 3), last5, keysFor)).toMatchObject({ decision: 'refuse', reason: 'SHRINKS' });
    expect(decideSubmission(submission(tree(5, 1, 3).note, 5), last5, keysFor)).toMatchObject({ decision: 'refuse', reason: 'FORK' });
    const forked8 = tree(8, 1, 4);
    expect(decideSubmission(submission(forked8.note, 5, consistencyProof(5, 8, nodeSourceOf(forked8.nodes))), last5, keysFor)).toMatchObject({ decision: 'refuse', reason: 'INCONSISTENT_PROOF' });
    const stranger = generateNamedKeyPair(log.name);
    const forged = signCheckpoint({ origin: log.name, treeSize: 8, rootHash: t8.rootHash }, [ed25519NoteSigner(log.name, stranger.privateKey)]);
    expect(decideSubmission(submission(forged, 5), last5, keysFor)).toMatchObject({ decision: 'refuse', reason: 'BAD_SIGNATURE' });
  });

  it('does not count a larger checkpoint whose proof starts elsewhere as evidence (it waits for one from the last cosigned size)', () => {
    expect(decideSubmission(submission(t8.note, 3, consistencyProof(3, 8, nodeSourceOf(t8.nodes))), last5, keysFor)).toMatchObject({ decision: 'refuse', reason: 'OLD_SIZE_MISMATCH' });
  });

  it('reads only checkpoint messages with a transparency-log part', () => {
    expect(submissionOf(JSON.stringify(submission(t5.note, 0)))).toMatchObject({ institutionId: 'ss-albacete', log: { previousSize: 0 } });
    expect(submissionOf(JSON.stringify({ institutionId: 'ss-albacete', sequence: 5 }))).toBeUndefined();
    expect(submissionOf('not json')).toBeUndefined();
    expect(submissionOf(JSON.stringify({ ...submission(t5.note, 0), log: { ...submission(t5.note, 0).log, consistency: [1] } }))).toBeUndefined();
  });
});
