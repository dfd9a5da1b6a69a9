import { Hash, HASH_SIZE } from '../merkle/rfc6962-hash';
import { addSignatures, NoteError, NoteSigner, NoteVerifier, openNote, OpenedNote, parseNote, signNote } from './signed-note';
import { decodeBase64Strict } from './strict-base64';

/** c2sp.org/tlog-checkpoint: a log's tree head, the text of a signed note. */
export interface Checkpoint {
  /** The log's identity (its key name should be the same). */
  origin: string;
  treeSize: number;
  rootHash: Hash;
  /** Optional extension lines (NOT RECOMMENDED by the spec; kept to round-trip). */
  extensions?: string[];
}

export class CheckpointFormatError extends Error {
  override readonly name = 'CheckpointFormatError';
}

const bad = (detail: string) => new CheckpointFormatError(`malformed checkpoint: ${detail}`);

/** `<origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n...]` */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash, extensions = [] } = checkpoint;
  if (origin.length === 0 || /[\n\r]/.test(origin)) throw bad('origin must be one non-empty line');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw bad(`tree size ${treeSize}`);
  if (rootHash.length !== HASH_SIZE) throw bad('root hash must have 32 bytes');
  if (extensions.some((line) => line.length === 0 || /[\n\r]/.test(line))) throw bad('extension lines must be non-empty single lines');
  return [origin, String(treeSize), Buffer.from(rootHash).toString('base64'), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses a checkpoint body (the note text, without signatures). */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw bad('must end in a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('needs origin, tree size and root hash lines');
  const [origin, size, root, ...extensions] = lines;
  if (origin.length === 0) throw bad('empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw bad(`tree size ${JSON.stringify(size)}`);
  const rootHash = decodeBase64Strict(root);
  if (!rootHash || rootHash.length !== HASH_SIZE) throw bad('root hash is not the base64 of 32 bytes');
  if (extensions.some((line) => line.length === 0)) throw bad('empty extension line');
  return { origin, treeSize: Number(size), rootHash, ...(extensions.length ? { extensions } : {}) };
}

/** The signed checkpoint note (the log signs; witnesses add cosignatures later). */
export const signCheckpoint = (checkpoint: Checkpoint, signers: readonly NoteSigner[]): string => signNote(formatCheckpoint(checkpoint), signers);

/** Adds signatures (e.g. witness cosignatures) to a signed checkpoint note. */
export const addCheckpointSignatures = (signedCheckpoint: string, signers: readonly NoteSigner[]): string => addSignatures(signedCheckpoint, signers);

/** The checkpoint of a signed note, unverified (to route it by origin before choosing verifiers). */
export const peekCheckpoint = (signedCheckpoint: string): Checkpoint => parseCheckpoint(parseNote(signedCheckpoint).text);

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
}

/**
 * Verifies a signed checkpoint with the keys trusted for it (log key, witness keys) per
 * signed-note rules, and parses it. With `origin`, the checkpoint must be that log's.
 */
export function openCheckpoint(signedCheckpoint: string, verifiers: readonly NoteVerifier[], origin?: string): OpenedCheckpoint {
  const note = openNote(signedCheckpoint, verifiers);
  const checkpoint = parseCheckpoint(note.text);
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw new NoteError('MALFORMED', `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(origin)}`);
  }
  return { checkpoint, note };
}
