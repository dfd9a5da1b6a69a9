import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, KeyObject } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { canonicalJson } from './canonical-json';
import { LEGACY_KEY_ID } from './signing-keys';

/** The hash a chain starts from: the "previous hash" of an institution's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields an event's hash covers: everything it says, and the previous hash that chains
 * it. Not covered: the global position and institution sequence, which are order; the
 * chain's links (previous hash) protect the order instead, and verification checks both.
 */
export type HashedFields = Omit<EventEnvelope, 'globalPosition' | 'institutionSequence' | 'hash' | 'signature'>;

export const hashedFieldsOf = (event: HashedFields): HashedFields => ({
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  institutionId: event.institutionId,
  actor: { userId: event.actor.userId, role: event.actor.role, onBehalfOf: event.actor.onBehalfOf ?? null },
  occurredAt: event.occurredAt,
  recordedAt: event.recordedAt,
  correlationId: event.correlationId,
  causationId: event.causationId,
  caseId: event.caseId,
  projectId: event.projectId,
  programmeId: event.programmeId,
  payload: event.payload,
  metadata: event.metadata,
  previousHash: event.previousHash,
  // Covered when it names a registered key; events from before registered keys were hashed without it.
  keyId: event.keyId === LEGACY_KEY_ID ? undefined : event.keyId,
});

/** SHA-256 (hex) of the canonical serialisation of the event's hashed fields. */
export const hashEvent = (event: HashedFields): string =>
  createHash('sha256').update(canonicalJson(hashedFieldsOf(event))).digest('hex');

export interface SigningKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export const generateSigningKeyPair = (): SigningKeyPair => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
};

export const privateKeyOf = (pem: string): KeyObject => createPrivateKey(pem);
export const publicKeyOf = (pem: string): KeyObject => createPublicKey(pem);

/** Ed25519 signature (base64) over the event's hash. */
export const signHash = (hash: string, key: KeyObject): string => sign(null, Buffer.from(hash, 'hex'), key).toString('base64');

export const signatureIsValid = (hash: string, signature: string, key: KeyObject): boolean => {
  try {
    return verify(null, Buffer.from(hash, 'hex'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
};
