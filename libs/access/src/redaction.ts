import { EventEnvelope, InstitutionKind } from '@inclusion/contracts';

/**
 * What an institution's role needs to see of an event. Health details stay with social
 * services: others see that a job adaptation is needed, not the diagnosis behind it.
 */
export function redactForReader<E extends Pick<EventEnvelope, 'type' | 'payload'>>(event: E, readerKind: InstitutionKind | string | undefined): E {
  if (readerKind === 'social-services') return event;
  if (event.type === 'case.diagnosis-recorded') {
    const payload = event.payload as { diagnosedOn?: string; dimensions?: { dimension: string; critical: boolean }[] };
    const health = payload.dimensions?.find((d) => d.dimension === 'health');
    return {
      ...event,
      payload: {
        diagnosedOn: payload.diagnosedOn,
        dimensionsAssessed: (payload.dimensions ?? []).map((d) => d.dimension).filter((d) => d !== 'health'),
        jobAdaptationNeeded: health?.critical ?? false,
        redacted: 'health details are kept by social services',
      },
    };
  }
  return event;
}
