import { KeyObject } from 'node:crypto';
import { ed25519PublicKeyFromRaw, ed25519Sign, ed25519Verify, keyIdOf, parseVerifierKey, rawEd25519PublicKey, SIGNATURE_TYPE } from './note-keys';
import { addSignatures, NoteError, NoteSignature, NoteSigner, NoteVerifier, openNote, parseNote } from './signed-note';

/**
 * c2sp.org/tlog-cosignature, cosignature/v1 (Ed25519): a witness's statement that, at
 * `timestamp`, this checkpoint is the largest consistent one it has seen of the log.
 * Key ID uses signature type 0x04; the signature line carries
 * key ID || u64 big-endian timestamp || Ed25519 signature over the cosigned message.
 */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
const MAX_TIMESTAMP = 2n ** 63n - 1n;

const checkTimestamp = (timestamp: number) => {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`bad cosignature timestamp ${timestamp}`);
};

/** `cosignature/v1\ntime <unix seconds>\n<checkpoint body>` */
export function cosignedMessage(checkpointBody: string, timestamp: number): Buffer {
  checkTimestamp(timestamp);
  return Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n${checkpointBody}`, 'utf8');
}

export const cosignatureKeyId = (name: string, publicKey: KeyObject | Uint8Array): number =>
  keyIdOf(name, SIGNATURE_TYPE.cosignatureV1, publicKey instanceof KeyObject ? rawEd25519PublicKey(publicKey) : publicKey);

/** A note signer producing a cosignature/v1 line stamped with `timestamp` (unix seconds). */
export function cosignatureSigner(name: string, privateKey: KeyObject, timestamp: number): NoteSigner {
  checkTimestamp(timestamp);
  const keyId = cosignatureKeyId(name, rawEd25519PublicKey(privateKey));
  return {
    name,
    keyId,
    sign: (text) => {
      const stamp = Buffer.alloc(8);
      stamp.writeBigUInt64BE(BigInt(timestamp));
      return Buffer.concat([stamp, ed25519Sign(cosignedMessage(text.toString('utf8'), timestamp), privateKey)]);
    },
  };
}

/**
 * Verifies cosignature/v1 lines of one witness: from a vkey of type 0x04, or of type 0x01
 * (an Ed25519 key, read as its cosignature key as transparency-dev/formats does), or a name
 * and public key.
 */
export function cosignatureVerifier(key: string | { name: string; publicKey: KeyObject }): NoteVerifier {
  let name: string;
  let publicKey: KeyObject;
  if (typeof key === 'string') {
    const parsed = parseVerifierKey(key);
    if (parsed.signatureType !== SIGNATURE_TYPE.cosignatureV1 && parsed.signatureType !== SIGNATURE_TYPE.ed25519) {
      throw new NoteError('MALFORMED', `${parsed.name} is not an Ed25519 key`);
    }
    name = parsed.name;
    publicKey = ed25519PublicKeyFromRaw(parsed.publicKey);
  } else {
    ({ name, publicKey } = key);
  }
  return {
    name,
    keyId: cosignatureKeyId(name, publicKey),
    verify: (text, signature) => {
      if (signature.length !== 8 + 64) return false;
      const timestamp = signature.readBigUInt64BE(0);
      if (timestamp > MAX_TIMESTAMP || timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return false;
      return ed25519Verify(cosignedMessage(text.toString('utf8'), Number(timestamp)), signature.subarray(8), publicKey);
    },
  };
}

/** The timestamp (unix seconds) of a cosignature/v1 signature line, or null when it cannot be one. */
export function cosignatureTimestamp(signature: NoteSignature): number | null {
  if (signature.signature.length !== 8 + 64) return null;
  const timestamp = signature.signature.readBigUInt64BE(0);
  return timestamp <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(timestamp) : null;
}

/** Adds a witness's cosignature (at `timestamp`) to a signed checkpoint note. */
export const cosignCheckpoint = (signedCheckpoint: string, witness: { name: string; privateKey: KeyObject }, timestamp: number): string =>
  addSignatures(signedCheckpoint, [cosignatureSigner(witness.name, witness.privateKey, timestamp)]);

export type CosignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: 'ABSENT' | 'BAD_SIGNATURE' | 'MALFORMED' };

/** Whether a signed checkpoint carries a valid cosignature of this witness, and when it was made. */
export function verifyCosignature(signedCheckpoint: string, witness: NoteVerifier): CosignatureCheck {
  let note;
  try {
    note = parseNote(signedCheckpoint);
  } catch {
    return { valid: false, reason: 'MALFORMED' };
  }
  const line = note.signatures.find((s) => s.name === witness.name && s.keyId === witness.keyId);
  if (!line) return { valid: false, reason: 'ABSENT' };
  try {
    const opened = openNote(signedCheckpoint, [witness]);
    return { valid: true, timestamp: cosignatureTimestamp(opened.verified[0])! };
  } catch (error) {
    return { valid: false, reason: error instanceof NoteError && error.code === 'MALFORMED' ? 'MALFORMED' : 'BAD_SIGNATURE' };
  }
}
