import { KeyObject } from 'node:crypto';
import { ed25519PublicKeyFromRaw, ed25519Sign, ed25519Verify, isValidKeyName, keyIdHex, keyIdOf, parseVerifierKey, rawEd25519PublicKey, SIGNATURE_TYPE } from './note-keys';
import { decodeBase64Strict } from './strict-base64';

/** c2sp.org/signed-note: text, a blank line, then lines `— <key name> <base64(key ID || signature)>`. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  signature: Buffer;
}

export interface Note {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

/** Produces signature lines over a note text (a log's key, or a witness's cosigning key). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Buffer): Buffer;
}

/** Checks signature lines of one key (name and key ID) over a note text. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Buffer, signature: Buffer): boolean;
}

export type NoteErrorCode = 'MALFORMED' | 'NO_VERIFIED_SIGNATURE' | 'BAD_SIGNATURE' | 'AMBIGUOUS_KEY';

export class NoteError extends Error {
  override readonly name = 'NoteError';
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SIGNATURE_PREFIX = '\u2014 '; // em dash, space
/** Go's note.Open refuses more; the spec asks verifiers to accept at least 16. */
export const MAX_SIGNATURES = 100;

const malformed = (detail: string) => new NoteError('MALFORMED', `malformed note: ${detail}`);

/** Note text: non-empty, ends in a newline, no control character other than newline. */
export const isValidNoteText = (text: string): boolean => text.length > 0 && text.endsWith('\n') && !/[\u0000-\u0009\u000b-\u001f\ufffd]/.test(text);

const toText = (message: string | Uint8Array): string => {
  if (typeof message === 'string') return message;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(message);
  } catch {
    throw malformed('not UTF-8');
  }
};

export const formatSignatureLine = (signature: NoteSignature): string => {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signature.keyId);
  return `${SIGNATURE_PREFIX}${signature.name} ${Buffer.concat([id, signature.signature]).toString('base64')}\n`;
};

/** Splits a signed note into its text and signature lines (nothing verified). */
export function parseNote(message: string | Uint8Array): Note {
  const whole = toText(message);
  const split = whole.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = whole.slice(0, split + 1);
  const block = whole.slice(split + 2);
  if (!isValidNoteText(text) || /[\u0000-\u0009\u000b-\u001f\ufffd]/.test(block)) throw malformed('bad text');
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('no signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed('too many signatures');
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('a line after the blank line is not a signature');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const bytes = space > 0 ? decodeBase64Strict(rest.slice(space + 1)) : null;
    if (!isValidKeyName(name) || !bytes || bytes.length < 5) throw malformed('bad signature line');
    return { name, keyId: bytes.readUInt32BE(0), signature: Buffer.from(bytes.subarray(4)) };
  });
  return { text, signatures };
}

export function formatNote(note: Note): string {
  if (!isValidNoteText(note.text)) throw malformed('bad text');
  if (note.signatures.length === 0) throw malformed('a note needs at least one signature');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

const sameKey = (a: { name: string; keyId: number }, b: { name: string; keyId: number }) => a.name === b.name && a.keyId === b.keyId;

/**
 * Signs a note text with each signer, keeping the signatures it already has except older
 * ones of the same keys (so a log re-signing, or a witness re-cosigning, replaces its line).
 */
export function signNote(note: string | Note, signers: readonly NoteSigner[]): string {
  const { text, signatures } = typeof note === 'string' ? { text: note, signatures: [] } : note;
  if (!isValidNoteText(text)) throw malformed('bad text');
  const kept = signatures.filter((s) => !signers.some((signer) => sameKey(signer, s)));
  const added = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new NoteError('MALFORMED', `invalid signer name ${JSON.stringify(signer.name)}`);
    return { name: signer.name, keyId: signer.keyId, signature: signer.sign(Buffer.from(text, 'utf8')) };
  });
  return formatNote({ text, signatures: [...kept, ...added] });
}

/** Adds signatures to an already signed note (a witness adding its cosignature). */
export const addSignatures = (signedNote: string | Uint8Array, signers: readonly NoteSigner[]): string => signNote(parseNote(signedNote), signers);

export interface OpenedNote {
  text: string;
  /** Signatures of known keys, each checked (duplicates dropped). */
  verified: NoteSignature[];
  /** Signatures of keys the caller did not name (ignored, as the spec requires). */
  unverified: NoteSignature[];
}

/**
 * Opens a signed note as c2sp.org/signed-note requires: signatures of unknown keys are
 * ignored, a signature of a known key (same name and key ID) that fails rejects the whole
 * note, and a note with no verified signature is rejected.
 */
export function openNote(message: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const note = parseNote(message);
  const text = Buffer.from(note.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of note.signatures) {
    const key = `${signature.name}+${keyIdHex(signature.keyId)}+${signature.signature.toString('base64')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const matching = verifiers.filter((v) => sameKey(v, signature));
    if (matching.length === 0) {
      unverified.push(signature);
      continue;
    }
    if (matching.length > 1) throw new NoteError('AMBIGUOUS_KEY', `ambiguous key ${signature.name}+${keyIdHex(signature.keyId)}`);
    if (!matching[0].verify(text, signature.signature)) {
      throw new NoteError('BAD_SIGNATURE', `invalid signature for key ${signature.name}+${keyIdHex(signature.keyId)}`);
    }
    verified.push(signature);
  }
  if (verified.length === 0) throw new NoteError('NO_VERIFIED_SIGNATURE', 'note has no verifiable signatures');
  return { text: note.text, verified, unverified };
}

/** Signs note texts with an Ed25519 key (signature type 0x01). */
export function ed25519NoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError('MALFORMED', `invalid key name ${JSON.stringify(name)}`);
  // The key id needs the public key, derived from the private one (an elliptic-curve multiplication): once per key and name.
  let byName = signerKeyIds.get(privateKey);
  if (!byName) signerKeyIds.set(privateKey, (byName = new Map()));
  let keyId = byName.get(name);
  if (keyId === undefined) byName.set(name, (keyId = keyIdOf(name, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(privateKey))));
  return { name, keyId, sign: (text) => ed25519Sign(text, privateKey) };
}

/** Key ids of the signers made, by private key (KeyObjects are immutable) and key name. */
const signerKeyIds = new WeakMap<KeyObject, Map<string, number>>();

/** Verifies Ed25519 note signatures (type 0x01) from a vkey, or a name and public key. */
export function ed25519NoteVerifier(key: string | { name: string; publicKey: KeyObject }): NoteVerifier {
  let name: string;
  let publicKey: KeyObject;
  if (typeof key === 'string') {
    const parsed = parseVerifierKey(key);
    if (parsed.signatureType !== SIGNATURE_TYPE.ed25519) throw new NoteError('MALFORMED', `${parsed.name} is not an Ed25519 note key`);
    name = parsed.name;
    publicKey = ed25519PublicKeyFromRaw(parsed.publicKey);
  } else {
    ({ name, publicKey } = key);
  }
  const keyId = keyIdOf(name, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(publicKey));
  return { name, keyId, verify: (text, signature) => ed25519Verify(text, signature, publicKey) };
}
