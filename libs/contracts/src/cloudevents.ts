/**
 * Event messages on Kafka are CloudEvents 1.0 in the binary content mode of the Kafka
 * protocol binding: the message value is the event's `data` (the JSON envelope, unchanged),
 * the `content-type` header its `datacontenttype`, and every other attribute a `ce_<name>`
 * header holding the attribute's canonical string (UTF-8). Any CloudEvents SDK reads them
 * (the `cloudevents` npm package: `Kafka.toEvent({ headers, key, value })`). The headers are
 * computed at publish time from the envelope by libs/messaging `cloudEventHeadersOf`.
 */

import { DEFAULT_LOG_ORIGIN_PREFIX, logOriginOf } from './envelope';

/** The CloudEvents version the headers follow. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** The `datacontenttype` of every event message: the value is the JSON envelope. */
export const EVENT_CONTENT_TYPE = 'application/json';

/** Kafka header prefix of CloudEvents attributes in binary content mode. */
export const CLOUDEVENT_HEADER_PREFIX = 'ce_';

/**
 * This system's CloudEvents extension attributes (CloudEvents 1.0, "Extension Context
 * Attributes": names of lowercase letters and digits only, at most 20 characters), by what
 * they carry. `partitionkey` is the spec's own Partitioning extension (the Kafka message key).
 */
export const CLOUDEVENT_EXTENSIONS = {
  institution: 'institution',
  stream: 'stream',
  streamVersion: 'streamversion',
  position: 'position',
  schemaVersion: 'schemaversion',
  hash: 'hash',
  keyId: 'keyid',
  proof: 'proof',
  correlationId: 'correlationid',
  causationId: 'causationid',
  partitionKey: 'partitionkey',
} as const;

/** The rule extension attribute names follow (CloudEvents 1.0, "Attribute Naming Convention"). */
export const CLOUDEVENT_ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;

const ce = <N extends string>(name: N) => `${CLOUDEVENT_HEADER_PREFIX}${name}` as `ce_${N}`;

/** Kafka headers of every published event message (UTF-8 string values), by attribute. */
export const CLOUDEVENT_HEADERS = {
  id: ce('id'),
  source: ce('source'),
  type: ce('type'),
  specVersion: ce('specversion'),
  time: ce('time'),
  subject: ce('subject'),
  /** The binding maps `datacontenttype` to the Kafka `content-type` header, without prefix. */
  dataContentType: 'content-type',
  institution: ce(CLOUDEVENT_EXTENSIONS.institution),
  stream: ce(CLOUDEVENT_EXTENSIONS.stream),
  streamVersion: ce(CLOUDEVENT_EXTENSIONS.streamVersion),
  position: ce(CLOUDEVENT_EXTENSIONS.position),
  schemaVersion: ce(CLOUDEVENT_EXTENSIONS.schemaVersion),
  hash: ce(CLOUDEVENT_EXTENSIONS.hash),
  keyId: ce(CLOUDEVENT_EXTENSIONS.keyId),
  proof: ce(CLOUDEVENT_EXTENSIONS.proof),
  correlationId: ce(CLOUDEVENT_EXTENSIONS.correlationId),
  causationId: ce(CLOUDEVENT_EXTENSIONS.causationId),
  partitionKey: ce(CLOUDEVENT_EXTENSIONS.partitionKey),
} as const;

/** The envelope fields the subject is taken from (the first that is not null), with the collection each names. */
export const CLOUDEVENT_SUBJECT_FROM = [
  { field: 'caseId', collection: 'cases' },
  { field: 'projectId', collection: 'projects' },
  { field: 'programmeId', collection: 'programmes' },
  { field: 'streamId', collection: 'streams' },
] as const;

/**
 * `ce_subject`: what the event is about within its source, as `<collection>/<id>`: the case
 * (`cases/case-0001`), else the project, the programme, the stream. The same precedence as the
 * message key, so a subject filter and a key select the same events.
 */
export const cloudEventSubjectOf = (event: { caseId: string | null; projectId: string | null; programmeId: string | null; streamId: string }): string => {
  for (const { field, collection } of CLOUDEVENT_SUBJECT_FROM) {
    const value = event[field];
    if (value !== null && value !== undefined) return `${collection}/${value}`;
  }
  return `streams/${event.streamId}`;
};

/**
 * `ce_source`: the institution's transparency log, named by its origin
 * (`inclusion-network/<institutionId>`, a URI reference), the first line of the checkpoint
 * note `ce_proof` carries (institution ids are letters, digits and `_.:-`: a valid path). `id`
 * (a UUID) is unique on its own; source + id is too.
 */
export const cloudEventSourceOf = (institutionId: string, logOriginPrefix = DEFAULT_LOG_ORIGIN_PREFIX): string => logOriginOf(institutionId, logOriginPrefix);
