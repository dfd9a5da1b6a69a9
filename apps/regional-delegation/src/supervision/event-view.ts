import { KeyObject } from 'node:crypto';
import { EventEnvelope, isEncrypted, PROTECTED } from '@inclusion/contracts';
import { redactForReader } from '@inclusion/access';
import { hashEvent, publicKeyOf, signatureIsValid } from '@inclusion/event-store';
import { DataSource } from 'typeorm';

/** What a reader of this institution kind sees of an event: health details redacted (but for social services), encrypted fields marked protected. */
export function eventForReader(event: EventEnvelope, readerKind: string): EventEnvelope {
  const redacted = redactForReader(event, readerKind);
  const payload = Object.fromEntries(Object.entries(redacted.payload).map(([field, value]) => [field, isEncrypted(value) ? PROTECTED : value]));
  return { ...redacted, payload };
}

export type VerificationStatus =
  | { status: 'verified'; detail: string }
  | { status: 'unverified'; detail: string }
  | { status: 'altered'; detail: string }
  | { status: 'forged'; detail: string };

/**
 * Checks an event as its institution sent it: its content matches its hash, and the hash is
 * signed with the institution's key pinned by the first signed checkpoint the delegation
 * received from it. Before any checkpoint the key is unknown: unverified, not failed.
 */
export class EventVerifier {
  private readonly keys = new Map<string, KeyObject | null>();

  constructor(private readonly dataSource: DataSource) {}

  private async keyOf(institutionId: string): Promise<KeyObject | null> {
    if (!this.keys.has(institutionId)) {
      const [row] = await this.dataSource.query(`SELECT public_key FROM audit_checkpoints WHERE institution_id = $1 ORDER BY sequence LIMIT 1`, [institutionId]);
      this.keys.set(institutionId, row ? publicKeyOf(row.public_key) : null);
    }
    return this.keys.get(institutionId)!;
  }

  async verify(sent: EventEnvelope): Promise<VerificationStatus> {
    if (hashEvent(sent) !== sent.hash) return { status: 'altered', detail: 'the content does not match its hash' };
    const key = await this.keyOf(sent.institutionId);
    if (!key) return { status: 'unverified', detail: `no signed checkpoint of ${sent.institutionId} received yet: its key is not pinned` };
    if (!signatureIsValid(sent.hash, sent.signature, key)) return { status: 'forged', detail: `not signed by ${sent.institutionId}` };
    return { status: 'verified', detail: `hash and ${sent.institutionId}'s signature verified` };
  }
}

/** What the delegation's supervisors see of an event. */
export const eventForSupervisors = (event: EventEnvelope): EventEnvelope => eventForReader(event, 'regional-delegation');
