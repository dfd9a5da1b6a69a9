import { EventEnvelope, isEncrypted, PROTECTED } from '@inclusion/contracts';
import { redactForReader } from '@inclusion/access';

/** What a reader of this institution kind sees of an event: health details redacted (but for social services), encrypted fields marked protected. */
export function eventForReader(event: EventEnvelope, readerKind: string): EventEnvelope {
  const redacted = redactForReader(event, readerKind);
  const payload = Object.fromEntries(Object.entries(redacted.payload).map(([field, value]) => [field, isEncrypted(value) ? PROTECTED : value]));
  return { ...redacted, payload };
}

/** What the delegation's supervisors see of an event. */
export const eventForSupervisors = (event: EventEnvelope): EventEnvelope => eventForReader(event, 'regional-delegation');
