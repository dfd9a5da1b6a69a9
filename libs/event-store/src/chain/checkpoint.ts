import { createHash, KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { publicKeyOf, signatureIsValid, signHash } from './event-hash';
import { isValidAt, SigningKeyDirectory, validityOf } from './signing-keys';

/** A signed statement by an institution: "my chain had this head at this sequence". */
export interface Checkpoint {
  institutionId: string;
  sequence: number;
  headHash: string;
  publicKey: string;
  service: string;
  issuedAt: string;
  signature: string;
}

const digest = (checkpoint: Omit<Checkpoint, 'signature'>) =>
  createHash('sha256')
    .update(canonicalJson({ institutionId: checkpoint.institutionId, sequence: checkpoint.sequence, headHash: checkpoint.headHash, publicKey: checkpoint.publicKey, service: checkpoint.service, issuedAt: checkpoint.issuedAt }))
    .digest('hex');

export const signCheckpoint = (unsigned: Omit<Checkpoint, 'signature'>, privateKey: KeyObject): Checkpoint => ({
  ...unsigned,
  signature: signHash(digest(unsigned), privateKey),
});

/**
 * Valid when signed by the key it names; `pinnedKey`, when known, must be that key. This alone
 * does not say the key is the institution's: use checkpointDoubt with the registry for that.
 */
export function checkpointIsValid(checkpoint: Checkpoint, pinnedKey?: string): boolean {
  if (pinnedKey && pinnedKey.trim() !== checkpoint.publicKey.trim()) return false;
  try {
    return signatureIsValid(digest(checkpoint), checkpoint.signature, publicKeyOf(checkpoint.publicKey));
  } catch {
    return false;
  }
}

/**
 * Why a checkpoint is not authentic by the network registry, or null: its institution must be
 * registered, the public key it names one of that institution's registered signing keys,
 * valid when the checkpoint was issued, and the signature that key's. No key is taken on
 * trust from the checkpoint itself.
 */
export function checkpointDoubt(checkpoint: Checkpoint, directory: SigningKeyDirectory): string | null {
  const institution = directory.signingKeysOf(checkpoint.institutionId);
  if (!institution) return `institution ${checkpoint.institutionId} is in no registry`;
  let named: KeyObject;
  try {
    named = publicKeyOf(checkpoint.publicKey);
  } catch {
    return `its public key is not a PEM public key`;
  }
  const registered = institution.keys.find((key) => key.publicKey.equals(named));
  if (!registered) return `its key is not a registered signing key of ${checkpoint.institutionId}`;
  const issuedAt = new Date(checkpoint.issuedAt);
  if (Number.isNaN(issuedAt.getTime()) || !isValidAt(registered, issuedAt)) {
    return `key ${registered.keyId} of ${checkpoint.institutionId} is valid ${validityOf(registered)}, not at ${checkpoint.issuedAt} when the checkpoint was issued`;
  }
  if (!signatureIsValid(digest(checkpoint), checkpoint.signature, registered.publicKey)) return `its signature is not by key ${registered.keyId} of ${checkpoint.institutionId}`;
  return null;
}
