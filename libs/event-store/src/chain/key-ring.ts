import { createPublicKey, KeyObject } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@inclusion/contracts';
import { NoSigningKeyError } from '../errors';
import { publicKeyOf } from './event-hash';
import { KeyResolution, LEGACY_KEY_ID, NO_SIGNING_KEYS, registeredKeyFor, SigningKey, SigningKeyDirectory, SigningKeyProvider } from './signing-keys';

/** Which public key must have signed an event (or why none can): for ChainVerifier. */
export type EventKeyResolver = (event: Pick<EventEnvelope, 'institutionId' | 'keyId' | 'recordedAt'>) => { ok: true; key: KeyObject } | { ok: false; reason: string };

/**
 * The keys of a store: private keys from its SigningKeyProvider (never from the database),
 * public keys from the network registry (SigningKeyDirectory). Events recorded before keys
 * were registered (keyId `legacy`) verify with the public key kept in signing_keys.
 */
export class KeyRing {
  constructor(
    readonly provider: SigningKeyProvider = NO_SIGNING_KEYS,
    readonly directory?: SigningKeyDirectory,
  ) {}

  /** The key to sign the institution's events with now; NoSigningKeyError when this service holds none. */
  async signingKeyFor(institutionId: string, at = new Date()): Promise<SigningKey> {
    const key = await this.provider.currentKey(institutionId, at);
    if (!key) throw new NoSigningKeyError(institutionId, this.directory?.signingKeysOf(institutionId)?.kind);
    return key;
  }

  /** The registered key an event must be signed with, by its institution, keyId and recordedAt. */
  registeredKey(institutionId: string, keyId: string | undefined, recordedAt: string): KeyResolution {
    if (!this.directory) return { ok: false, reason: `no registry of the network's keys was given to verify ${institutionId}'s events` };
    return registeredKeyFor(this.directory, institutionId, keyId, recordedAt);
  }

  /** The self-minted public key kept from before registered keys, if any. */
  async legacyPublicKey(institutionId: string, manager: EntityManager): Promise<KeyObject | undefined> {
    const [row] = await manager.query(`SELECT public_key FROM signing_keys WHERE institution_id = $1`, [institutionId]);
    return row ? publicKeyOf(row.public_key) : undefined;
  }

  /** A resolver for verifying one institution's chain in this store: registry keys, legacy key for legacy events. */
  async resolverFor(institutionId: string, manager: EntityManager): Promise<EventKeyResolver> {
    const legacy = await this.legacyPublicKey(institutionId, manager);
    return (event) => {
      if (event.keyId === LEGACY_KEY_ID || event.keyId === undefined) {
        return legacy
          ? { ok: true, key: legacy }
          : { ok: false, reason: `event was recorded before registered keys and no legacy public key of ${institutionId} is kept in signing_keys` };
      }
      const resolved = this.registeredKey(event.institutionId, event.keyId, event.recordedAt);
      return resolved.ok ? { ok: true, key: resolved.key.publicKey } : resolved;
    };
  }
}

/** The public half (PEM, SPKI) of a signing key. */
export const publicPemOf = (key: SigningKey): string => createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }).toString();
