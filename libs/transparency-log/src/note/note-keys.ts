import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64Strict } from './strict-base64';

/** Signature type bytes of c2sp.org/signed-note. */
export const SIGNATURE_TYPE = {
  /** Ed25519 over the note text (signed-note). */
  ed25519: 0x01,
  /** Timestamped Ed25519 checkpoint cosignatures (tlog-cosignature, cosignature/v1). */
  cosignatureV1: 0x04,
} as const;

export class NoteKeyError extends Error {
  override readonly name = 'NoteKeyError';
}

/** Key names must be non-empty, with no Unicode space, no plus and no control character. */
export const isValidKeyName = (name: string): boolean => name.length > 0 && !/[\s+\p{Cc}]/u.test(name);

/** Key ID = first 4 bytes (big endian) of SHA-256(key name || 0x0A || signature type || public key). */
export function keyIdOf(name: string, signatureType: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, signatureType])).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

export const keyIdHex = (keyId: number): string => keyId.toString(16).padStart(8, '0');

/** The 32-byte RFC 8032 encoding of an Ed25519 public key. */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new NoteKeyError('not an Ed25519 key');
  return Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
}

export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new NoteKeyError(`an Ed25519 public key has 32 bytes, not ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from its 32-byte RFC 8032 seed. */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new NoteKeyError(`an Ed25519 seed has 32 bytes, not ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

const ed25519Seed = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).d as string, 'base64url');

export const ed25519Sign = (message: Uint8Array, key: KeyObject): Buffer => sign(null, message, key);

export function ed25519Verify(message: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    return signature.length === 64 && verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** A parsed verifier key ("vkey"): `<name>+<hex key ID>+<base64(type || public key)>`. */
export interface VerifierKey {
  name: string;
  keyId: number;
  signatureType: number;
  /** The public key material (32 bytes for Ed25519 types). */
  publicKey: Buffer;
}

export const formatVerifierKey = (name: string, signatureType: number, publicKey: Uint8Array): string => {
  if (!isValidKeyName(name)) throw new NoteKeyError(`invalid key name ${JSON.stringify(name)}`);
  return `${name}+${keyIdHex(keyIdOf(name, signatureType, publicKey))}+${Buffer.concat([Buffer.from([signatureType]), publicKey]).toString('base64')}`;
};

/** Parses and checks a vkey (the key ID must be the one its name and key give). */
export function parseVerifierKey(vkey: string): VerifierKey {
  // The name has no plus; the base64 key material may.
  const [name, hex, ...rest] = vkey.split('+');
  const material = rest.join('+');
  if (rest.length === 0) throw new NoteKeyError('malformed verifier key');
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hex)) throw new NoteKeyError('malformed verifier key');
  const bytes = decodeBase64Strict(material);
  if (!bytes || bytes.length < 2) throw new NoteKeyError('malformed verifier key');
  const signatureType = bytes[0];
  const publicKey = bytes.subarray(1);
  if ((signatureType === SIGNATURE_TYPE.ed25519 || signatureType === SIGNATURE_TYPE.cosignatureV1) && publicKey.length !== 32) {
    throw new NoteKeyError('malformed verifier key: an Ed25519 key has 32 bytes');
  }
  const keyId = parseInt(hex, 16);
  if (keyId !== keyIdOf(name, signatureType, publicKey)) throw new NoteKeyError('verifier key ID does not match its name and key');
  return { name, keyId, signatureType, publicKey: Buffer.from(publicKey) };
}

/** A named Ed25519 key pair, as a log or a witness holds it. */
export interface NamedKeyPair {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * Parses a Go golang.org/x/mod/sumdb/note signer key:
 * `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>`.
 */
export function parseSignerKey(skey: string): NamedKeyPair & { keyId: number } {
  const [tag1, tag2, name, hex, ...rest] = skey.split('+');
  const material = rest.join('+');
  if (tag1 !== 'PRIVATE' || tag2 !== 'KEY' || rest.length === 0 || name === undefined || hex === undefined) throw new NoteKeyError('malformed signer key');
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hex)) throw new NoteKeyError('malformed signer key');
  const bytes = decodeBase64Strict(material);
  if (!bytes || bytes.length !== 33 || bytes[0] !== SIGNATURE_TYPE.ed25519) throw new NoteKeyError('malformed signer key');
  const privateKey = ed25519PrivateKeyFromSeed(bytes.subarray(1));
  const publicKey = createPublicKey(privateKey);
  const keyId = parseInt(hex, 16);
  if (keyId !== keyIdOf(name, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(publicKey))) throw new NoteKeyError('signer key ID does not match its name and key');
  return { name, keyId, privateKey, publicKey };
}

export const formatSignerKey = (pair: NamedKeyPair): string => {
  const raw = rawEd25519PublicKey(pair.publicKey);
  const seed = ed25519Seed(pair.privateKey);
  return `PRIVATE+KEY+${pair.name}+${keyIdHex(keyIdOf(pair.name, SIGNATURE_TYPE.ed25519, raw))}+${Buffer.concat([Buffer.from([SIGNATURE_TYPE.ed25519]), seed]).toString('base64')}`;
};

/** A fresh Ed25519 key pair under a key name. */
export function generateNamedKeyPair(name: string): NamedKeyPair {
  if (!isValidKeyName(name)) throw new NoteKeyError(`invalid key name ${JSON.stringify(name)}`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, privateKey, publicKey };
}
