import { EventEnvelope } from '@inclusion/contracts';
import { GENESIS_HASH, hashEvent, signatureIsValid } from './event-hash';
import type { EventKeyResolver } from './key-ring';

export type TamperKind = 'missing' | 'altered' | 'bad-signature' | 'reordered' | 'broken-link' | 'unknown-key' | 'truncated' | 'rewritten' | 'unsigned';

export interface BrokenPoint {
  kind: TamperKind;
  institutionId: string;
  /** The chain position where the problem shows (the first event that does not verify). */
  institutionSequence: number;
  eventId?: string;
  globalPosition?: number;
  detail: string;
}

export type VerificationReport =
  | { intact: true; institutionId: string; eventsChecked: number; headSequence: number; headHash: string }
  | { intact: false; institutionId: string; eventsChecked: number; firstBroken: BrokenPoint };

/**
 * Walks one institution's chain in sequence order (pure: the caller pages the events in)
 * and stops at the first event that does not verify. State is carried between pages.
 */
export class ChainVerifier {
  private expectedSequence = 1;
  private previousHash = GENESIS_HASH;
  private previousPosition = 0;
  private checked = 0;
  private broken?: BrokenPoint;
  /** hash -> sequence of every event seen, to tell a reordering from a foreign link. */
  private readonly seenHashes = new Map<string, number>();

  constructor(
    readonly institutionId: string,
    /** The public key each event must be signed with: the registered key it names, valid when it was recorded. */
    private readonly keyOf: EventKeyResolver,
  ) {}

  get done(): boolean {
    return this.broken !== undefined;
  }

  /** Feeds the next events (in institution_sequence order); returns false once broken. */
  feed(events: EventEnvelope[]): boolean {
    for (const event of events) {
      if (this.broken) return false;
      this.broken = this.check(event);
      if (this.broken) return false;
      this.checked += 1;
      this.seenHashes.set(event.hash, event.institutionSequence);
      this.expectedSequence = event.institutionSequence + 1;
      this.previousHash = event.hash;
      this.previousPosition = event.globalPosition;
    }
    return true;
  }

  report(): VerificationReport {
    if (this.broken) return { intact: false, institutionId: this.institutionId, eventsChecked: this.checked, firstBroken: this.broken };
    return {
      intact: true,
      institutionId: this.institutionId,
      eventsChecked: this.checked,
      headSequence: this.expectedSequence - 1,
      headHash: this.previousHash,
    };
  }

  private check(event: EventEnvelope): BrokenPoint | undefined {
    const at = (kind: TamperKind, detail: string, sequence = event.institutionSequence): BrokenPoint => ({
      kind,
      institutionId: this.institutionId,
      institutionSequence: sequence,
      eventId: event.eventId,
      globalPosition: event.globalPosition,
      detail,
    });
    const key = this.keyOf(event);
    if (!key.ok) return at('unknown-key', `event ${event.eventId} cannot be verified: ${key.reason}`);
    if (event.institutionSequence > this.expectedSequence) {
      return at(
        'missing',
        `events ${this.expectedSequence}..${event.institutionSequence - 1} of the chain are missing before event ${event.eventId}`,
        this.expectedSequence,
      );
    }
    if (hashEvent(event) !== event.hash) return at('altered', `event ${event.eventId} does not match its hash: its content was changed`);
    // Events recorded under the transparency log carry no signature of their own: the signed tree heads cover them (verification.ts).
    if (event.signature !== '' && !signatureIsValid(event.hash, event.signature, key.key)) {
      return at('bad-signature', `the signature of event ${event.eventId} is not the institution's (key ${event.keyId ?? 'missing'})`);
    }
    if (event.previousHash !== this.previousHash) {
      const linkedTo = this.seenHashes.get(event.previousHash);
      return linkedTo !== undefined || event.previousHash === GENESIS_HASH
        ? at('reordered', `event ${event.eventId} follows ${linkedTo === undefined ? 'the chain start' : `event ${linkedTo}`} but sits at ${event.institutionSequence}: the order was changed`)
        : at('reordered', `event ${event.eventId} does not link to the event before it: events were swapped or replaced`);
    }
    if (event.globalPosition <= this.previousPosition) {
      return at('reordered', `event ${event.eventId} has global position ${event.globalPosition}, not after ${this.previousPosition}`);
    }
    return undefined;
  }
}
