import { leafHash, rootOfLeaves } from '../merkle/rfc6962-hash';
import { SUMDB_CHECKPOINT, WITNESS_TEST_LOG } from '../vectors/note-vectors.testing';
import { addCheckpointSignatures, CheckpointFormatError, formatCheckpoint, openCheckpoint, parseCheckpoint, peekCheckpoint, signCheckpoint } from './checkpoint';
import { cosignatureSigner, cosignatureVerifier } from './cosignature';
import { generateNamedKeyPair, parseSignerKey } from './note-keys';
import { ed25519NoteSigner, ed25519NoteVerifier, NoteError } from './signed-note';

const root = rootOfLeaves([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);

describe('C2SP tlog-checkpoint', () => {
  it('opens a real checkpoint of the Go checksum database', () => {
    const { checkpoint, note } = openCheckpoint(SUMDB_CHECKPOINT.note, [ed25519NoteVerifier(SUMDB_CHECKPOINT.verifierKey)], SUMDB_CHECKPOINT.origin);
    expect(checkpoint.origin).toBe(SUMDB_CHECKPOINT.origin);
    expect(checkpoint.treeSize).toBe(SUMDB_CHECKPOINT.treeSize);
    expect(checkpoint.rootHash.toString('base64')).toBe(SUMDB_CHECKPOINT.rootHash);
    expect(note.verified.map((s) => s.name)).toEqual(['sum.golang.org']);
    expect(() => openCheckpoint(SUMDB_CHECKPOINT.note, [ed25519NoteVerifier(SUMDB_CHECKPOINT.verifierKey)], 'another log')).toThrow(NoteError);
    expect(formatCheckpoint(checkpoint)).toBe(SUMDB_CHECKPOINT.note.split('\n\n')[0] + '\n');
  });

  it('opens the checkpoints of the transparency-dev witness tests with their log key', () => {
    const log = ed25519NoteVerifier(WITNESS_TEST_LOG.logVerifierKey);
    expect(openCheckpoint(WITNESS_TEST_LOG.initial, [log]).checkpoint.treeSize).toBe(5);
    expect(openCheckpoint(WITNESS_TEST_LOG.next, [log]).checkpoint.treeSize).toBe(8);
    expect(() => openCheckpoint(WITNESS_TEST_LOG.next, [ed25519NoteVerifier(WITNESS_TEST_LOG.otherLogVerifierKey)])).toThrow(NoteError);
  });

  it('formats the body as origin, decimal size and base64 root, each on its line', () => {
    expect(formatCheckpoint({ origin: 'example.com/log', treeSize: 3, rootHash: root })).toBe(`example.com/log\n3\n${root.toString('base64')}\n`);
    expect(formatCheckpoint({ origin: 'o', treeSize: 0, rootHash: root, extensions: ['ext'] })).toBe(`o\n0\n${root.toString('base64')}\next\n`);
    const body = `example.com/log\n3\n${root.toString('base64')}\nextension\n`;
    expect(formatCheckpoint(parseCheckpoint(body))).toBe(body);
  });

  it.each([
    ['no final newline', `o\n3\n${root.toString('base64')}`],
    ['missing root line', 'o\n3\n'],
    ['empty origin', `\n3\n${root.toString('base64')}\n`],
    ['leading zero', `o\n03\n${root.toString('base64')}\n`],
    ['negative size', `o\n-3\n${root.toString('base64')}\n`],
    ['size beyond 2^53', `o\n18446744073709551615\n${root.toString('base64')}\n`],
    ['root not base64', 'o\n3\nnot base64!\n'],
    ['root of 31 bytes', `o\n3\n${root.subarray(1).toString('base64')}\n`],
    ['empty extension line', `o\n3\n${root.toString('base64')}\n\n`],
  ])('refuses a body with %s', (_what, body) => {
    expect(() => parseCheckpoint(body)).toThrow(CheckpointFormatError);
  });

  it('refuses to format an origin with a newline or a root of the wrong size', () => {
    expect(() => formatCheckpoint({ origin: 'a\n9', treeSize: 3, rootHash: root })).toThrow(CheckpointFormatError);
    expect(() => formatCheckpoint({ origin: 'a', treeSize: 3, rootHash: leafHash(Buffer.alloc(0)).subarray(2) })).toThrow(CheckpointFormatError);
  });

  it('carries the log signature and witness cosignatures, each checked by the keys trusted for it', () => {
    const log = parseSignerKey(WITNESS_TEST_LOG.logSignerKey);
    const w1 = generateNamedKeyPair('witness.example/w1');
    const w2 = generateNamedKeyPair('witness.example/w2');
    const signed = signCheckpoint({ origin: 'monkeys', treeSize: 3, rootHash: root }, [ed25519NoteSigner(log.name, log.privateKey)]);
    const cosigned = addCheckpointSignatures(signed, [cosignatureSigner(w1.name, w1.privateKey, 1_700_000_000), cosignatureSigner(w2.name, w2.privateKey, 1_700_000_001)]);
    expect(peekCheckpoint(cosigned)).toEqual({ origin: 'monkeys', treeSize: 3, rootHash: root });

    const logKey = ed25519NoteVerifier(WITNESS_TEST_LOG.logVerifierKey);
    const byLog = openCheckpoint(cosigned, [logKey], 'monkeys');
    expect(byLog.note.verified.map((s) => s.name)).toEqual(['monkeys']);
    expect(byLog.note.unverified.map((s) => s.name)).toEqual(['witness.example/w1', 'witness.example/w2']);
    const byAll = openCheckpoint(cosigned, [logKey, cosignatureVerifier(w1), cosignatureVerifier(w2)]);
    expect(byAll.note.verified.map((s) => s.name)).toEqual(['monkeys', 'witness.example/w1', 'witness.example/w2']);
  });
});
