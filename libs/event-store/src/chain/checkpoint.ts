import { createHash, KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { publicKeyOf, signatureIsValid, signHash } from './event-hash';

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

/** Valid when signed by the key it names; `pinnedKey`, when known, must be that key. */
export function checkpointIsValid(checkpoint: Checkpoint, pinnedKey?: string): boolean {
  if (pinnedKey && pinnedKey.trim() !== checkpoint.publicKey.trim()) return false;
  try {
    return signatureIsValid(digest(checkpoint), checkpoint.signature, publicKeyOf(checkpoint.publicKey));
  } catch {
    return false;
  }
}
