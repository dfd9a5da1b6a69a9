import { EventEnvelope, logOriginOf } from '@inclusion/contracts';
import { hashEvent, inclusionDoubt, LEGACY_KEY_ID, logVerifierOf, registeredKeyFor, signatureIsValid, SigningKeyDirectory } from '@inclusion/event-store';
import { InstitutionRegistry } from '@inclusion/access';

export type VerificationStatus =
  | { status: 'verified'; detail: string }
  | { status: 'unverified'; detail: string }
  | { status: 'altered'; detail: string }
  | { status: 'forged'; detail: string };

/**
 * Why an event as sent is not authentic by the network registry, or null. Its content must
 * match its hash, its keyId name a registered key of the institution it claims, valid when it
 * was recorded, and either
 * - (transparency log) its `proof` show its leaf (SHA-256(0x00 || hash), index
 *   institutionSequence - 1) is in the tree whose checkpoint note that key signed, under the
 *   origin `<logOriginPrefix>/<institutionId>`; or
 * - (events recorded before the transparency log, which carry no proof) its own signature be
 *   that key's signature of its hash.
 */
export function authenticityDoubt(
  directory: SigningKeyDirectory,
  event: EventEnvelope,
  logOriginPrefix?: string,
): { kind: 'altered' | 'forged'; reason: string; detail: string } | null {
  if (hashEvent(event) !== event.hash) return { kind: 'altered', reason: `the content of event ${event.eventId} does not match its hash`, detail: 'the content does not match its hash' };
  const key = registeredKeyFor(directory, event.institutionId, event.keyId, event.recordedAt);
  if (!key.ok) return { kind: 'forged', reason: `event ${event.eventId} of ${event.institutionId}: ${key.reason}`, detail: key.reason };
  if (event.proof !== undefined || !event.signature) {
    const origin = logOriginOf(event.institutionId, logOriginPrefix);
    // Only the key the event names (valid when it was recorded) may have signed its checkpoint.
    const doubt = inclusionDoubt(event, event.proof, origin, [logVerifierOf(origin, key.key.publicKey)]);
    const detail = `not proven in ${event.institutionId}'s transparency log under a checkpoint signed by key ${event.keyId}: ${doubt}`;
    return doubt ? { kind: 'forged', reason: `event ${event.eventId} of ${event.institutionId} is ${detail}`, detail } : null;
  }
  if (!signatureIsValid(event.hash, event.signature, key.key.publicKey)) {
    return { kind: 'forged', reason: `event ${event.eventId} is not signed by key ${event.keyId} of ${event.institutionId}, the institution it claims`, detail: `not signed by key ${event.keyId} of ${event.institutionId}` };
  }
  return null;
}

/**
 * Checks an event as its institution sent it, against the network registry and nothing
 * else (authenticityDoubt): an unknown institution or key, a key outside its period, a proof
 * or signature that does not hold is `forged`; an event from before registered keys (keyId
 * `legacy`) is `unverified`: only its recording service can verify it (docs/event-store.md,
 * "Upgrading").
 */
export class EventVerifier {
  private directory?: SigningKeyDirectory;

  /**
   * `directory` is the registry the service was given (INSTITUTION_REGISTRY); without one it
   * is read from the environment (INSTITUTIONS_FILE / INSTITUTIONS_JSON) on first use.
   */
  constructor(directory?: SigningKeyDirectory) {
    this.directory = directory;
  }

  private registry(): SigningKeyDirectory {
    this.directory ??= InstitutionRegistry.fromEnvironment();
    return this.directory;
  }

  async verify(sent: EventEnvelope): Promise<VerificationStatus> {
    if (hashEvent(sent) !== sent.hash) return { status: 'altered', detail: 'the content does not match its hash' };
    if (sent.keyId === undefined || sent.keyId === LEGACY_KEY_ID) {
      return { status: 'unverified', detail: `recorded before registered keys (keyId ${sent.keyId ?? 'missing'}): only ${sent.institutionId}'s own service can verify it` };
    }
    const doubt = authenticityDoubt(this.registry(), sent);
    if (doubt) return { status: doubt.kind, detail: doubt.detail };
    return sent.proof
      ? { status: 'verified', detail: `hash, and inclusion in ${sent.institutionId}'s transparency log under a checkpoint signed by key ${sent.keyId}, verified` }
      : { status: 'verified', detail: `hash and ${sent.institutionId}'s signature (key ${sent.keyId}) verified` };
  }
}

/**
 * A consumer's authenticity check, from the first message on (no trust on first use): an
 * event is refused (dead-lettered with the returned reason) when its institution is in no
 * registry, its keyId is missing or not one of the institution's registered keys, the key was
 * not valid at the event's recordedAt, its content does not match its hash, or neither its
 * inclusion proof under a checkpoint signed by that key nor (events recorded before the
 * transparency log) its own signature by that key holds. Returns a reason, or null.
 */
export function authenticityByRegistry(directory: SigningKeyDirectory, logOriginPrefix?: string) {
  return async (event: EventEnvelope): Promise<string | null> => {
    const doubt = authenticityDoubt(directory, event, logOriginPrefix);
    return doubt ? `not authentic: ${doubt.reason}` : null;
  };
}
