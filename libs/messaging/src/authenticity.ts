import { KeyObject } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { hashEvent, publicKeyOf, signatureIsValid } from '@inclusion/event-store';
import { DataSource } from 'typeorm';

export type VerificationStatus =
  | { status: 'verified'; detail: string }
  | { status: 'unverified'; detail: string }
  | { status: 'altered'; detail: string }
  | { status: 'forged'; detail: string };

/**
 * Checks an event as its institution sent it: its content matches its hash, and the hash is
 * signed by the institution's event key, as pinned from the first signed checkpoint received
 * for that institution (audit_checkpoints). Before any checkpoint the key is unknown:
 * unverified, not failed. Pinned keys are kept; an unknown one is looked up again next time.
 */
export class EventVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly dataSource: DataSource) {}

  async pinnedKey(institutionId: string): Promise<KeyObject | null> {
    if (!this.keys.has(institutionId)) {
      const [row] = await this.dataSource.query(`SELECT public_key FROM audit_checkpoints WHERE institution_id = $1 ORDER BY sequence LIMIT 1`, [institutionId]);
      if (!row) return null;
      this.keys.set(institutionId, publicKeyOf(row.public_key));
    }
    return this.keys.get(institutionId)!;
  }

  async verify(sent: EventEnvelope): Promise<VerificationStatus> {
    if (hashEvent(sent) !== sent.hash) return { status: 'altered', detail: 'the content does not match its hash' };
    const key = await this.pinnedKey(sent.institutionId);
    if (!key) return { status: 'unverified', detail: `no signed checkpoint of ${sent.institutionId} received yet: its key is not pinned` };
    if (!signatureIsValid(sent.hash, sent.signature, key)) return { status: 'forged', detail: `not signed by ${sent.institutionId}` };
    return { status: 'verified', detail: `hash and ${sent.institutionId}'s signature verified` };
  }
}

/**
 * A consumer's authenticity check (EventVerifier): an event is refused when its content does
 * not match its hash or its hash is not signed by the institution it claims. Until a
 * checkpoint of the institution has arrived its key is unknown and the event is accepted
 * (trust on first use; checkpoints are published every CHECKPOINT_INTERVAL_MS). Returns a
 * reason, or null.
 */
export function authenticityByCheckpoints(dataSource: DataSource) {
  const verifier = new EventVerifier(dataSource);
  return async (event: EventEnvelope): Promise<string | null> => {
    if (!(await verifier.pinnedKey(event.institutionId))) return null;
    const { status } = await verifier.verify(event);
    if (status === 'altered') return `not authentic: the content of event ${event.eventId} does not match its hash`;
    if (status === 'forged') return `not authentic: event ${event.eventId} is not signed by ${event.institutionId}, the institution it claims`;
    return null;
  };
}
