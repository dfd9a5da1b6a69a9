import { EventEnvelope } from '@inclusion/contracts';
import { hashEvent, LEGACY_KEY_ID, registeredKeyFor, signatureIsValid, SigningKeyDirectory } from '@inclusion/event-store';
import { InstitutionRegistry } from '@inclusion/access';
import { DataSource } from 'typeorm';

export type VerificationStatus =
  | { status: 'verified'; detail: string }
  | { status: 'unverified'; detail: string }
  | { status: 'altered'; detail: string }
  | { status: 'forged'; detail: string };

/**
 * Checks an event as its institution sent it, against the network registry and nothing
 * else: its content matches its hash, and the hash is signed by the registered key the event
 * names (keyId), a key of the institution it claims that was valid when it was recorded.
 * An unknown institution or key, or a key outside its period, is `forged`; an event from
 * before registered keys (keyId `legacy`) is `unverified`: only its recording service can
 * verify it (docs/event-store.md, "Upgrading").
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
    const key = registeredKeyFor(this.registry(), sent.institutionId, sent.keyId, sent.recordedAt);
    if (!key.ok) return { status: 'forged', detail: key.reason };
    if (!signatureIsValid(sent.hash, sent.signature, key.key.publicKey)) return { status: 'forged', detail: `not signed by key ${sent.keyId} of ${sent.institutionId}` };
    return { status: 'verified', detail: `hash and ${sent.institutionId}'s signature (key ${sent.keyId}) verified` };
  }
}

/**
 * A consumer's authenticity check, from the first message on (no trust on first use): an
 * event is refused (dead-lettered with the returned reason) when its institution is in no
 * registry, its keyId is missing or not one of the institution's registered keys, the key was
 * not valid at the event's recordedAt, its content does not match its hash, or its hash is
 * not signed by that key. Returns a reason, or null.
 */
export function authenticityByRegistry(directory: SigningKeyDirectory) {
  return async (event: EventEnvelope): Promise<string | null> => {
    if (hashEvent(event) !== event.hash) return `not authentic: the content of event ${event.eventId} does not match its hash`;
    const key = registeredKeyFor(directory, event.institutionId, event.keyId, event.recordedAt);
    if (!key.ok) return `not authentic: event ${event.eventId} of ${event.institutionId}: ${key.reason}`;
    if (!signatureIsValid(event.hash, event.signature, key.key.publicKey)) {
      return `not authentic: event ${event.eventId} is not signed by key ${event.keyId} of ${event.institutionId}, the institution it claims`;
    }
    return null;
  };
}
