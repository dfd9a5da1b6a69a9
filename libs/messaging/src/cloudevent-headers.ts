import {
  CLOUDEVENT_HEADERS,
  CLOUDEVENTS_SPEC_VERSION,
  cloudEventSourceOf,
  cloudEventSubjectOf,
  EVENT_CONTENT_TYPE,
  EventEnvelope,
  partitionKeyOf,
} from '@inclusion/contracts';

export interface CloudEventHeaderOptions {
  /** The Kafka message key the event is sent with (`ce_partitionkey`); default: partitionKeyOf(envelope). */
  partitionKey?: string;
  /** The prefix of the institutions' transparency-log origins (`ce_source`); default `inclusion-network`. */
  logOriginPrefix?: string;
}

/**
 * The Kafka headers of an event message: CloudEvents 1.0, Kafka protocol binding, binary
 * content mode (libs/contracts/src/cloudevents.ts). The value stays the JSON envelope, so
 * `data` is the envelope; the headers repeat what a router or a CloudEvents SDK needs:
 * id, source (the institution's transparency log), type, specversion, time (occurredAt),
 * subject (`cases/<id>`, else project, programme, stream), content-type, and the extensions
 * institution, stream, streamversion, position (globalPosition), schemaversion, hash, keyid,
 * proof (the inclusion proof as compact JSON; absent on events recorded before the
 * transparency log), correlationid, causationid (absent when null) and partitionkey (the
 * message key). Pure; every value is a string with no control characters (CloudEvents String).
 * Throws when `event` lacks a field a required attribute comes from (it is not an envelope).
 */
export function cloudEventHeadersOf(event: EventEnvelope, options: CloudEventHeaderOptions = {}): Record<string, string> {
  const h = CLOUDEVENT_HEADERS;
  const headers: Record<string, string> = {
    [h.id]: text(event, 'eventId'),
    [h.source]: cloudEventSourceOf(text(event, 'institutionId'), options.logOriginPrefix),
    [h.type]: text(event, 'type'),
    [h.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [h.time]: text(event, 'occurredAt'),
    [h.subject]: cloudEventSubjectOf(event),
    [h.dataContentType]: EVENT_CONTENT_TYPE,
    [h.institution]: event.institutionId,
    [h.stream]: text(event, 'streamId'),
    [h.streamVersion]: whole(event, 'streamVersion'),
    [h.position]: whole(event, 'globalPosition'),
    [h.schemaVersion]: whole(event, 'schemaVersion'),
    [h.hash]: text(event, 'hash'),
    [h.correlationId]: text(event, 'correlationId'),
    [h.partitionKey]: options.partitionKey ?? partitionKeyOf(event),
  };
  if (event.keyId) headers[h.keyId] = event.keyId;
  if (event.proof) headers[h.proof] = JSON.stringify(event.proof);
  if (event.causationId) headers[h.causationId] = event.causationId;
  return headers;
}

function text(event: EventEnvelope, field: 'eventId' | 'institutionId' | 'type' | 'occurredAt' | 'streamId' | 'hash' | 'correlationId'): string {
  const value: unknown = event[field];
  if (typeof value !== 'string' || value === '') throw new Error(`not an event envelope: ${field} is not a non-empty string`);
  return value;
}

function whole(event: EventEnvelope, field: 'streamVersion' | 'globalPosition' | 'schemaVersion'): string {
  const value: unknown = event[field];
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new Error(`not an event envelope: ${field} is not a positive whole number`);
  return String(value);
}
