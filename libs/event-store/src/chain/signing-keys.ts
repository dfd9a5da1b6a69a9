import { KeyObject } from 'node:crypto';

/**
 * The keyId of events recorded before event-signing keys were registered (self-minted keys
 * kept in signing_keys): their hash does not cover a keyId, and only the recording service
 * can verify them, with the public key it kept (docs/event-store.md, "Upgrading").
 */
export const LEGACY_KEY_ID = 'legacy';

/** A keyId: letters, digits, dashes, underscores (no dots: key files are named `<institutionId>.<keyId>.pem`); `legacy` is reserved. */
export const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** One event-signing public key an institution registered, with the period it signs in. */
export interface RegisteredSigningKey {
  keyId: string;
  publicKey: KeyObject;
  /** Events recorded from this instant on (inclusive)... */
  validFrom: Date;
  /** ...until this instant (exclusive); open-ended when absent. */
  validUntil?: Date;
}

/** An institution's registered event-signing keys and the service (its kind) that hosts it. */
export interface InstitutionSigningKeys {
  institutionId: string;
  kind: string;
  /** The service that hosts it when not its kind's (a partner with no service of its kind); its kind's by default. */
  service?: string;
  keys: RegisteredSigningKey[];
}

/** Where verifiers find each institution's event-signing public keys: the network registry. */
export interface SigningKeyDirectory {
  /** The institution's keys, or undefined when the institution is in no registry. */
  signingKeysOf(institutionId: string): InstitutionSigningKeys | undefined;
}

/** A private key a service may sign with for an institution, named by its keyId. */
export interface SigningKey {
  institutionId: string;
  keyId: string;
  privateKey: KeyObject;
}

/**
 * Gives the event store the private key to sign an institution's events with, from outside
 * the database: files or environment for the local stack, a KMS/HSM in production.
 */
export interface SigningKeyProvider {
  /** The key to sign with at `at` (default now) for this institution, or undefined when this service holds none. */
  currentKey(institutionId: string, at?: Date): Promise<SigningKey | undefined>;
  /** Every key held, for the boot check against the registry. */
  heldKeys(): Promise<SigningKey[]>;
}

/** A provider that holds no key: a store given it can read and verify, never append. */
export const NO_SIGNING_KEYS: SigningKeyProvider = {
  currentKey: async () => undefined,
  heldKeys: async () => [],
};

export const isValidAt = (key: Pick<RegisteredSigningKey, 'validFrom' | 'validUntil'>, at: Date): boolean =>
  at.getTime() >= key.validFrom.getTime() && (!key.validUntil || at.getTime() < key.validUntil.getTime());

export const validityOf = (key: Pick<RegisteredSigningKey, 'validFrom' | 'validUntil'>): string =>
  `from ${key.validFrom.toISOString()} ${key.validUntil ? `until ${key.validUntil.toISOString()}` : 'on (no end)'}`;

export type KeyResolution = { ok: true; key: RegisteredSigningKey } | { ok: false; reason: string };

/**
 * The registered key that must have signed an event of `institutionId` named `keyId` and
 * recorded at `recordedAt`, or why there is none: the institution is in no registry, the
 * keyId is missing or not one of its keys, or the key was not valid when the event was recorded.
 */
export function registeredKeyFor(directory: SigningKeyDirectory, institutionId: string, keyId: string | undefined, recordedAt: string): KeyResolution {
  const institution = directory.signingKeysOf(institutionId);
  if (!institution) return { ok: false, reason: `institution ${institutionId} is in no registry` };
  if (!keyId || keyId === LEGACY_KEY_ID) return { ok: false, reason: `it names no registered signing key of ${institutionId} (keyId ${keyId ?? 'missing'})` };
  const key = institution.keys.find((candidate) => candidate.keyId === keyId);
  if (!key) return { ok: false, reason: `key ${keyId} is not a registered signing key of ${institutionId}` };
  const at = new Date(recordedAt);
  if (Number.isNaN(at.getTime()) || !isValidAt(key, at)) {
    return { ok: false, reason: `key ${keyId} of ${institutionId} is valid ${validityOf(key)}, not at ${recordedAt} when the event says it was recorded` };
  }
  return { ok: true, key };
}

/**
 * Checks the keys a service holds against the registry, before it signs anything: each must
 * be a registered key of an institution of the service's kind, its public half the
 * registered one, and valid now or later (a key registered for a coming period may be held
 * ahead of a rotation). Returns every problem found.
 */
export function problemsOfHeldKeys(held: SigningKey[], directory: SigningKeyDirectory, service: string, now = new Date()): string[] {
  const problems: string[] = [];
  for (const key of held) {
    const name = `key ${key.keyId} of ${key.institutionId}`;
    const institution = directory.signingKeysOf(key.institutionId);
    if (!institution) {
      problems.push(`${name}: institution ${key.institutionId} is in no registry`);
      continue;
    }
    const host = institution.service ?? institution.kind;
    if (host !== service) {
      problems.push(`${name}: ${key.institutionId} is a ${institution.kind}, hosted by the ${host} service, not by ${service}`);
      continue;
    }
    const registered = institution.keys.find((candidate) => candidate.keyId === key.keyId);
    if (!registered) {
      problems.push(`${name}: ${key.keyId} is not a registered signing key of ${key.institutionId} (registered: ${institution.keys.map((k) => k.keyId).join(', ') || 'none'})`);
      continue;
    }
    if (!samePublicKey(registered.publicKey, key.privateKey)) {
      problems.push(`${name}: the private key does not match the public key registered as ${key.keyId}`);
      continue;
    }
    if (registered.validUntil && registered.validUntil.getTime() <= now.getTime()) {
      problems.push(`${name}: it expired on ${registered.validUntil.toISOString()} (valid ${validityOf(registered)}); remove it and hold the institution's current key`);
    }
  }
  const seen = new Set<string>();
  for (const key of held) {
    const id = `${key.institutionId}/${key.keyId}`;
    if (seen.has(id)) problems.push(`key ${key.keyId} of ${key.institutionId} is given twice`);
    seen.add(id);
  }
  return problems;
}

const samePublicKey = (registered: KeyObject, privateKey: KeyObject): boolean => {
  try {
    const derived = (privateKey.asymmetricKeyType === 'ed25519' ? privateKey : undefined)?.export({ format: 'jwk' }) as { x?: string } | undefined;
    const expected = registered.export({ format: 'jwk' }) as { x?: string };
    return !!derived?.x && derived.x === expected.x;
  } catch {
    return false;
  }
};
