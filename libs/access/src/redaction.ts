import { EVENT_CATALOGUE, EventEnvelope, isEncrypted, PROTECTED } from '@inclusion/contracts';
import { Disclosure } from '@inclusion/domain';

/** A sensitive field the reader may not see, for who they are or the purpose they declared. */
export const WITHHELD = { $withheld: true as const, reason: 'not disclosed to this reader for this purpose' };

type Shown = Pick<EventEnvelope, 'type' | 'payload'> & { schemaVersion?: number };

/**
 * What a reader is shown of an event, as the access policy's disclosure says
 * (libs/domain access-policy.ts disclosureFor): identity and health details are withheld
 * unless disclosed; outside social services a diagnosis reads as "job adaptation needed"
 * (the health dimension is not shown); a field still encrypted (no key here) reads as protected.
 */
export function redactForReader<E extends Shown>(event: E, disclosure: Disclosure): E {
  let payload = event.payload as Record<string, unknown>;
  if (event.type === 'case.diagnosis-recorded' && !disclosure.healthDimension) {
    const diagnosis = payload as { diagnosedOn?: string; dimensions?: { dimension: string; critical: boolean }[] };
    const health = diagnosis.dimensions?.find((d) => d.dimension === 'health');
    payload = {
      diagnosedOn: diagnosis.diagnosedOn,
      dimensionsAssessed: (diagnosis.dimensions ?? []).map((d) => d.dimension).filter((d) => d !== 'health'),
      jobAdaptationNeeded: health?.critical ?? false,
      redacted: 'health details are kept by social services',
    };
  }
  const definition = EVENT_CATALOGUE.find(event.type, event.schemaVersion ?? EVENT_CATALOGUE.latestVersion(event.type) ?? 1);
  const sensitive = definition?.sensitive ?? [];
  const disclosed = (field: string) => (field === 'healthDetails' ? disclosure.healthDetails : disclosure.identity);
  const shown = Object.fromEntries(
    Object.entries(payload).map(([field, value]) => [field, sensitive.includes(field) && !disclosed(field) ? WITHHELD : isEncrypted(value) ? PROTECTED : value]),
  );
  return { ...event, payload: shown as E['payload'] };
}
