import { KeyObject } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { hashEvent, publicKeyOf, signatureIsValid } from '@inclusion/event-store';
import { DataSource } from 'typeorm';

/**
 * Checks that a received event is what its claimed institution signed: its content matches
 * its hash, and the hash is signed by the institution's event key, as pinned from the first
 * signed checkpoint received for that institution (audit_checkpoints). Until a checkpoint of
 * the institution has arrived its key is unknown and the event is accepted (trust on first
 * use; checkpoints are published every CHECKPOINT_INTERVAL_MS). Returns a reason, or null.
 */
export function authenticityByCheckpoints(dataSource: DataSource) {
  const keys = new Map<string, KeyObject>();
  return async (event: EventEnvelope): Promise<string | null> => {
    let key = keys.get(event.institutionId);
    if (!key) {
      const [row] = await dataSource.query(`SELECT public_key FROM audit_checkpoints WHERE institution_id = $1 ORDER BY sequence LIMIT 1`, [event.institutionId]);
      if (!row) return null;
      key = publicKeyOf(row.public_key);
      keys.set(event.institutionId, key);
    }
    if (hashEvent(event) !== event.hash) return `not authentic: the content of event ${event.eventId} does not match its hash`;
    if (!signatureIsValid(event.hash, event.signature, key)) return `not authentic: event ${event.eventId} is not signed by ${event.institutionId}, the institution it claims`;
    return null;
  };
}
