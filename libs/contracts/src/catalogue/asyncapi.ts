import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { stringify } from 'yaml';
import { CLOUDEVENT_HEADERS, CLOUDEVENTS_SPEC_VERSION, CLOUDEVENT_SUBJECT_FROM, EVENT_CONTENT_TYPE } from '../cloudevents';
import { DEAD_LETTER_HEADERS, DEFAULT_LOG_ORIGIN_PREFIX, INSTITUTION_KINDS, InstitutionKind, PARTITION_KEY_FIELDS } from '../envelope';
import { EncryptedField } from '../personal-data';
import { ACTOR_SCHEMA, eventEnvelopeSchema, INCLUSION_PROOF_SCHEMA, JsonSchema } from '../envelope-schema';
import { auditCheckpointTopicOf, auditCosignatureTopicOf, deadLetterTopicOf, DEFAULT_TOPIC_PREFIX, eventTopicOf, TOPIC_DEFAULTS } from '../topics';
import { EventCatalogue, EventDefinition } from './event-catalogue';
import { COMMAND_HEADERS, commandTopicOf, MAX_COMMAND_BYTES, replyTopicOf } from '../commands';
import { ID } from '../events/common';

// class-transformer keeps its @Type metadata here; it ships no typings for the CommonJS path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/**
 * The AsyncAPI 3.0.0 document of the network's Kafka topics, generated from the catalogue:
 * what an outside consumer needs to follow the topics with a plain Kafka client. Written to
 * docs/asyncapi.yaml by `npm run docs:events` (a test keeps it current) and served by the
 * regional delegation at /asyncapi.json and /asyncapi.yaml.
 */

export type { JsonSchema } from '../envelope-schema';
export type AsyncApiDocument = {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, JsonSchema>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, JsonSchema>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, AsyncApiMessage> };
  'x-topic-prefix': { default: string; variable: string; description: string };
};
export type AsyncApiChannel = { address: string; title: string; description: string; messages: Record<string, { $ref: string }>; bindings: JsonSchema };
export type AsyncApiMessage = {
  name: string;
  title: string;
  summary: string;
  description?: string;
  contentType: string;
  deprecated?: boolean;
  headers?: JsonSchema;
  payload: JsonSchema;
  correlationId?: JsonSchema;
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
  'x-event-type'?: string;
  'x-schema-version'?: number;
};

const SCHEMAS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${SCHEMAS}${name}` });
const KAFKA_BINDING = '0.5.0';

/** Channel id of a topic in the document: `social-services.events` -> `socialServicesEvents`. */
const camel = (text: string) => text.replace(/[-.]([a-z])/g, (_, letter: string) => letter.toUpperCase());
export const eventChannelIdOf = (kind: InstitutionKind) => camel(`${kind}-events`);
export const DEAD_LETTER_CHANNEL_ID = 'deadLetter';
export const AUDIT_CHECKPOINT_CHANNEL_ID = 'auditCheckpoints';
export const AUDIT_COSIGNATURE_CHANNEL_ID = 'auditCosignatures';
/** Message id of one event type and version: `case.opened.v2`. */
export const eventMessageIdOf = (type: string, version: number) => `${type}.v${version}`;

type HeaderField = { description: string; pattern?: string; const?: string; format?: string; optional?: true };

const subjectRule = CLOUDEVENT_SUBJECT_FROM.map(({ field, collection }) => `\`${collection}/<${field}>\``).join(', else ');

/**
 * What each Kafka header of an event message carries: CloudEvents 1.0, Kafka protocol binding,
 * binary content mode (libs/contracts/src/cloudevents.ts); `optional` headers are absent when
 * the envelope has no value for them.
 */
const CLOUDEVENT_HEADER_FIELDS: Record<keyof typeof CLOUDEVENT_HEADERS, HeaderField> = {
  id: { description: 'CloudEvents `id`: envelope `eventId`' },
  source: {
    description: `CloudEvents \`source\` (URI reference): the recording institution's transparency log, \`${DEFAULT_LOG_ORIGIN_PREFIX}/<institutionId>\`, the origin of the checkpoint in \`ce_proof\``,
    pattern: `^${DEFAULT_LOG_ORIGIN_PREFIX}/[A-Za-z0-9][A-Za-z0-9_.:-]*$`,
  },
  type: { description: 'CloudEvents `type`: envelope `type`, e.g. `case.opened` (its version is `ce_schemaversion`)' },
  specVersion: { description: 'CloudEvents `specversion`', const: CLOUDEVENTS_SPEC_VERSION },
  time: { description: 'CloudEvents `time` (RFC 3339): envelope `occurredAt`', format: 'date-time' },
  subject: { description: `CloudEvents \`subject\`: what the event is about, ${subjectRule} (the id the message key carries)`, pattern: '^(cases|projects|programmes|streams)/.+$' },
  dataContentType: { description: 'CloudEvents `datacontenttype` (the binding maps it to `content-type`): the value, CloudEvents `data`, is the JSON envelope', const: EVENT_CONTENT_TYPE },
  institution: { description: 'extension `institution`: envelope `institutionId`' },
  stream: { description: 'extension `stream`: envelope `streamId`' },
  streamVersion: { description: 'extension `streamversion` (Integer): envelope `streamVersion`, in decimal', pattern: '^[1-9][0-9]*$' },
  position: { description: "extension `position`: envelope `globalPosition` (the event's position in the recording service's store), in decimal", pattern: '^[1-9][0-9]*$' },
  schemaVersion: { description: 'extension `schemaversion` (Integer): envelope `schemaVersion`, in decimal', pattern: '^[1-9][0-9]*$' },
  hash: { description: 'extension `hash`: envelope `hash` (SHA-256, hex)', pattern: '^[0-9a-f]{64}$' },
  keyId: { description: "extension `keyid`: envelope `keyId`, the institution's registered key that signed the checkpoint in `ce_proof`", optional: true },
  proof: {
    description:
      "extension `proof`: envelope `proof` as compact JSON (an InclusionProof: the checkpoint note's newlines travel escaped), proving the event is in its institution's transparency log; absent on events recorded before the log",
    optional: true,
  },
  correlationId: { description: 'extension `correlationid`: envelope `correlationId`' },
  causationId: { description: 'extension `causationid`: envelope `causationId` (absent when null)', optional: true },
  partitionKey: { description: 'extension `partitionkey` (CloudEvents Partitioning extension): the message key' },
};

const DEAD_LETTER_HEADER_FIELDS: Record<keyof typeof DEAD_LETTER_HEADERS, HeaderField> = {
  reason: { description: 'why the consumer gave up (not JSON, unknown type or version, invalid payload, handler failure...)' },
  sourceTopic: { description: 'the topic the message was read from' },
  sourcePartition: { description: 'its partition', pattern: '^[0-9]+$' },
  sourceOffset: { description: 'its offset', pattern: '^[0-9]+$' },
  consumerGroup: { description: 'the consumer group that dead-lettered it' },
  attempts: { description: 'how many times it was tried', pattern: '^[0-9]+$' },
  failedAt: { description: 'when (ISO 8601, UTC)' },
};

/** The wire form of an encrypted field (libs/contracts/src/personal-data.ts): one entry per field, or it does not compile. */
const ENCRYPTED_FIELD: Record<keyof EncryptedField, JsonSchema> = {
  $enc: { const: 'aes-256-gcm', description: 'Cipher: AES-256-GCM.' },
  person: { type: 'string', description: 'The person whose key encrypts the field; it is also the authenticated data (the field cannot be moved to another person).' },
  iv: { type: 'string', contentEncoding: 'base64', description: '12-byte initialisation vector (base64).' },
  tag: { type: 'string', contentEncoding: 'base64', description: 'GCM authentication tag (base64).' },
  data: { type: 'string', contentEncoding: 'base64', description: "Ciphertext (base64) of the field's JSON value." },
};

/** A signed audit checkpoint (libs/event-store/src/chain/checkpoint.ts); a unit test checks a real one against it. */
const CHECKPOINT: JsonSchema = {
  type: 'object',
  description:
    "An institution's signed statement: its hash chain had this head at this sequence. Verify the signature (Ed25519, base64) over the SHA-256 of the canonical JSON (keys sorted) of the other fields with `publicKey`, which must be one of the institution's event-signing keys in the network registry, valid at `issuedAt`; a checkpoint that contradicts an earlier one (same sequence, other hash) means the chain was rewritten.",
  required: ['institutionId', 'sequence', 'headHash', 'publicKey', 'service', 'issuedAt', 'signature'],
  properties: {
    institutionId: { type: 'string', minLength: 1 },
    sequence: { type: 'integer', minimum: 1, description: 'The institution sequence of the chain head.' },
    headHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'The hash of the event at that sequence.' },
    publicKey: { type: 'string', description: "The institution's Ed25519 event-signing public key (PEM, SPKI) that signed this checkpoint: one of its registered `signingKeys`." },
    service: { type: 'string', enum: [...INSTITUTION_KINDS], description: 'The service that published the checkpoint.' },
    issuedAt: { type: 'string', format: 'date-time' },
    signature: { type: 'string', contentEncoding: 'base64' },
    log: {
      type: 'object',
      description:
        "The institution's transparency log at the same moment, for witnesses: its latest signed tree head (a C2SP tlog-checkpoint signed note, as recorded with the commit) and an RFC 9162 consistency proof from the size the service published before.",
      required: ['origin', 'checkpoint', 'previousSize', 'consistency'],
      additionalProperties: false,
      properties: {
        origin: { type: 'string', description: 'The log\'s origin, `inclusion-network/<institutionId>`: the first line of the note and its key name.' },
        checkpoint: { type: 'string', description: 'The signed checkpoint note (origin, tree size, base64 root hash; one Ed25519 signature line of the institution\'s registered key).' },
        previousSize: { type: 'integer', minimum: 0, description: 'The tree size of the checkpoint this service published before (0: none).' },
        consistency: { type: 'array', items: { type: 'string', contentEncoding: 'base64' }, description: 'RFC 9162 §2.1.4 consistency proof from `previousSize` to the checkpoint\'s size (empty when equal or from 0).' },
      },
    },
  },
};

/** A witness's cosigned checkpoint (libs/witness/src/witness.ts). */
const COSIGNATURE: JsonSchema = {
  type: 'object',
  description:
    "A witness (the regional delegation) cosigned an institution's checkpoint (C2SP tlog-cosignature v1) after checking it is consistent with the last one it cosigned. Verify the cosignature line with the witness institution's registered event-signing key (key name = the witness's institution id, signature type 0x04), and the log's own signature line with the institution's key.",
  required: ['institutionId', 'origin', 'witness', 'treeSize', 'rootHash', 'cosigned', 'cosignedAt'],
  additionalProperties: false,
  properties: {
    institutionId: { type: 'string', minLength: 1 },
    origin: { type: 'string', description: 'The log\'s origin.' },
    witness: { type: 'string', description: 'The witness institution id (its cosignature key name).' },
    treeSize: { type: 'integer', minimum: 0 },
    rootHash: { type: 'string', contentEncoding: 'base64' },
    cosigned: { type: 'string', description: 'The checkpoint note with the institution\'s signature and the witness\'s cosignature line.' },
    cosignedAt: { type: 'string', format: 'date-time', description: 'The cosignature\'s timestamp.' },
  },
};

type PayloadClass = new () => object;

/** The classes a payload class nests (ValidateNested + @Type), to describe them beside it. */
const nestedClassesOf = (payloadClass: PayloadClass): PayloadClass[] =>
  getMetadataStorage()
    .getTargetValidationMetadatas(payloadClass, '', true, false)
    .filter((rule) => rule.type === ValidationTypes.NESTED_VALIDATION)
    .map((rule) => defaultMetadataStorage.findTypeMetadata(rule.target as PayloadClass, rule.propertyName)?.typeFunction() as PayloadClass | undefined)
    .filter((nested): nested is PayloadClass => typeof nested === 'function');

/**
 * JSON Schema of a payload class, from its class-validator rules (class-validator-jsonschema,
 * as the OpenAPI request bodies), adjusted to how the catalogue validates and publishes: unknown
 * fields are refused (forbidNonWhitelisted), an optional field may also be null (IsOptional),
 * and a sensitive field travels encrypted.
 */
function classSchema(payloadClass: PayloadClass, sensitive: string[]): JsonSchema {
  const schema = targetConstructorToSchema(payloadClass, { refPointerPrefix: SCHEMAS, classTransformerMetadataStorage: defaultMetadataStorage }) as JsonSchema;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rules = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const field of sensitive) if (!rules[field]) throw new Error(`${payloadClass.name} has no field ${field} to mark sensitive`);
  const properties = Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => {
      const wire = sensitive.includes(name) ? encryptedProperty(name, rule) : rule;
      return [name, required.has(name) ? wire : { anyOf: [wire, { type: 'null' }] }];
    }),
  );
  return { ...schema, properties, additionalProperties: false };
}

/** A sensitive field as it travels: an EncryptedField whose plaintext follows the original schema. */
const encryptedProperty = (field: string, plaintext: JsonSchema): JsonSchema => ({
  allOf: [ref('EncryptedField')],
  description: `Sensitive: \`${field}\` travels encrypted with the person's key (AES-256-GCM); only the holder of that key (social services) reads it, and erasure destroys the key. Decrypted, its JSON value follows \`x-decrypted\`.`,
  'x-decrypted': plaintext,
});

/** The schemas of the payload classes and of the classes they nest, by class name. */
function payloadSchemas(definitions: EventDefinition[]): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  const classes = new Map<string, { payloadClass: PayloadClass; sensitive: string }>();
  const add = (payloadClass: PayloadClass, sensitive: string[] = []) => {
    const known = classes.get(payloadClass.name);
    if (known && known.payloadClass !== payloadClass) throw new Error(`two payload classes are named ${payloadClass.name}: their schemas would collide`);
    if (known && known.sensitive !== [...sensitive].sort().join(',')) throw new Error(`${payloadClass.name} has different sensitive fields in two places`);
    if (known) return;
    classes.set(payloadClass.name, { payloadClass, sensitive: [...sensitive].sort().join(',') });
    schemas[payloadClass.name] = classSchema(payloadClass, sensitive);
    nestedClassesOf(payloadClass).forEach((nested) => add(nested));
  };
  definitions.forEach((definition) => add(definition.payload, definition.sensitive));
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

const headersSchema = (fields: Record<string, HeaderField>, names: Record<string, string>, description: string): JsonSchema => ({
  type: 'object',
  description,
  required: Object.entries(fields).filter(([, f]) => !f.optional).map(([key]) => names[key]),
  properties: Object.fromEntries(
    Object.entries(fields).map(([key, f]) => [
      names[key],
      { type: 'string', description: f.description, ...(f.const ? { const: f.const } : {}), ...(f.format ? { format: f.format } : {}), ...(f.pattern ? { pattern: f.pattern } : {}) },
    ]),
  ),
});

const keySchema = (): JsonSchema => ({
  type: 'string',
  description: `The partition key: the envelope's ${PARTITION_KEY_FIELDS.map((f) => `\`${f}\``).join(', else ')} (the first that is not null), so that the events of one case (project, programme) keep their order on one partition.`,
  'x-key-from': [...PARTITION_KEY_FIELDS],
});

function eventMessage(definition: EventDefinition, latest: number): AsyncApiMessage {
  const sensitive = definition.sensitive?.length ? ` Sensitive fields (${definition.sensitive.map((f) => `\`${f}\``).join(', ')}) are EncryptedField objects on the wire.` : '';
  const deprecated = definition.deprecated ? ` Deprecated: services record v${latest} now; messages of this version may still be on the topic (read them as v${latest} with the catalogue's upcasters).` : '';
  return {
    name: eventMessageIdOf(definition.type, definition.version),
    title: `${definition.type} v${definition.version}`,
    summary: definition.description,
    description: `${definition.description}${definition.originalTerm ? ` Original term: ${definition.originalTerm}.` : ''} Aggregate: ${definition.aggregate}.${sensitive}${deprecated}`,
    contentType: 'application/json',
    ...(definition.deprecated ? { deprecated: true } : {}),
    headers: {
      type: 'object',
      allOf: [
        ref('EventHeaders'),
        { type: 'object', properties: { [CLOUDEVENT_HEADERS.type]: { const: definition.type }, [CLOUDEVENT_HEADERS.schemaVersion]: { const: String(definition.version) } } },
      ],
    },
    payload: {
      type: 'object',
      allOf: [
        ref('EventEnvelope'),
        { type: 'object', properties: { type: { const: definition.type }, schemaVersion: { const: definition.version }, payload: ref(definition.payload.name) } },
      ],
    },
    correlationId: { location: `$message.header#/${CLOUDEVENT_HEADERS.correlationId}`, description: 'Shared by the events of one request and of the reactions it caused.' },
    bindings: { kafka: { key: keySchema(), bindingVersion: KAFKA_BINDING } },
    'x-event-type': definition.type,
    'x-schema-version': definition.version,
  };
}

const topicBindings = () => ({ kafka: { partitions: TOPIC_DEFAULTS.numPartitions, replicas: TOPIC_DEFAULTS.replicationFactor, bindingVersion: KAFKA_BINDING } });
const prefixNote = `\`${DEFAULT_TOPIC_PREFIX}\` is the default prefix: a network started with KAFKA_TOPIC_PREFIX uses that value instead.`;

/** Channel ids of a service's command ingress: `socialServicesCommands`, `socialServicesReplies`. */
export const commandChannelIdOf = (kind: InstitutionKind) => camel(`${kind}-commands`);
export const replyChannelIdOf = (kind: InstitutionKind) => camel(`${kind}-replies`);

/** The command ingress's messages (libs/network-member/src/ingress/command-message.ts), as JSON Schema. */
const COMMAND_SCHEMAS: Record<string, JsonSchema> = {
  CommandMessage: {
    type: 'object',
    description:
      'One command of the HTTP API: its name as docs/domain.md gives it (the command column; only those with an HTTP route), its route parameters, and its body exactly as over HTTP (the OpenAPI document of the service, docs/openapi/<service>.json, has each body\'s schema). ' +
      'The service decides it as over HTTP: same token, access rules, validation and error codes.',
    required: ['type', 'version', 'body'],
    properties: {
      type: { type: 'string', pattern: '^[A-Z][A-Za-z]+$', description: 'The command, e.g. `OpenCase`, `AssignReferenceTechnician`, `StartPlacement` (docs/domain.md).', examples: ['AssignReferenceTechnician'] },
      version: { const: 1, description: 'The version of the command message format.' },
      params: { type: 'object', description: 'The path parameters of its HTTP route (`caseId`, `placementId`, `tableId`...), each an id.', additionalProperties: { type: 'string', pattern: ID.source } },
      body: { type: 'object', description: 'The HTTP request body of the command.' },
    },
  },
  CommandHeaders: {
    type: 'object',
    description: 'Kafka headers of a command message (UTF-8 strings).',
    required: [COMMAND_HEADERS.authorization, COMMAND_HEADERS.commandId],
    properties: {
      [COMMAND_HEADERS.authorization]: { type: 'string', pattern: '^Bearer .+', description: "`Bearer <token>`: the same token as over HTTP, signed by the institution's own system." },
      [COMMAND_HEADERS.commandId]: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$', description: "The command's idempotency key (1-200 visible ASCII characters): the same command again has no second effect and gets the first answer." },
      [COMMAND_HEADERS.correlationId]: { type: 'string', format: 'uuid', description: 'Optional: carried to the events the command records and to its reply.' },
    },
  },
  CommandReply: {
    type: 'object',
    description: 'The answer to one command: accepted with the recorded events and the new stream version (as the HTTP API\'s 201), or rejected with the HTTP API\'s status and error body (400 names every invalid field, 401, 403, 404, 409, 422 with the rule\'s code).',
    required: ['commandId', 'outcome', 'status'],
    properties: {
      commandId: { type: 'string', description: 'The `command-id` of the command answered.' },
      outcome: { type: 'string', enum: ['accepted', 'rejected'] },
      status: { type: 'integer', minimum: 100, maximum: 599, description: 'The status the HTTP API answered.' },
      result: ref('CommandResult'),
      error: ref('CommandError'),
    },
    oneOf: [
      { properties: { outcome: { const: 'accepted' } }, required: ['result'] },
      { properties: { outcome: { const: 'rejected' } }, required: ['error'] },
    ],
  },
  CommandResult: {
    type: 'object',
    required: ['streamId', 'version', 'events'],
    properties: {
      streamId: { type: 'string' },
      version: { type: 'integer', minimum: 0, description: "The stream's version after the command." },
      events: { type: 'array', items: ref('EventEnvelope'), description: 'The events the command recorded.' },
    },
  },
  CommandError: {
    type: 'object',
    description: 'The HTTP API\'s error body.',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer' },
      error: { type: 'string' },
      message: { type: 'string' },
      code: { type: 'string', description: 'e.g. COMMAND.INVALID (not a command), REQUEST.INVALID, ACCESS.DENIED, a domain rule code.' },
      problems: { type: 'array', items: {} },
      retryable: { type: 'boolean' },
    },
  },
  ReplyHeaders: {
    type: 'object',
    description: 'Kafka headers of a reply (UTF-8 strings).',
    required: [COMMAND_HEADERS.commandId, COMMAND_HEADERS.outcome],
    properties: {
      [COMMAND_HEADERS.commandId]: { type: 'string', description: 'The command answered.' },
      [COMMAND_HEADERS.outcome]: { type: 'string', enum: ['accepted', 'rejected'] },
      [COMMAND_HEADERS.correlationId]: { type: 'string', format: 'uuid', description: "The command's correlation id, when it had one." },
    },
  },
};

/** Builds the AsyncAPI 3.0.0 document of the catalogue's topics. Pure: the same catalogue gives the same document. */
export function buildAsyncApiDocument(catalogue: EventCatalogue): AsyncApiDocument {
  const definitions = catalogue.all();
  const messages: Record<string, AsyncApiMessage> = {};
  for (const definition of definitions) {
    messages[eventMessageIdOf(definition.type, definition.version)] = eventMessage(definition, catalogue.latestVersion(definition.type) ?? definition.version);
  }
  messages.deadLetter = {
    name: 'dead-letter',
    title: 'Dead letter',
    summary: 'A message a consumer could not process, unchanged, with why and where from.',
    description:
      'Key, value and headers of the original message, byte for byte (the value is usually an event envelope, but may be anything: not being JSON can be the reason), plus the `dlt-*` headers. `npm run cli -- replay-dead-letter` republishes one to its source topic.',
    contentType: 'application/octet-stream',
    headers: ref('DeadLetterHeaders'),
    payload: { type: 'string', format: 'binary', description: 'The original message value.' },
    bindings: { kafka: { key: { type: 'string', description: 'The original message key.' }, bindingVersion: KAFKA_BINDING } },
  };
  messages.auditCosignature = {
    name: 'audit-cosignature',
    title: 'Audit cosignature',
    summary: "A witness's cosignature of an institution's transparency-log checkpoint.",
    contentType: 'application/json',
    payload: ref('Cosignature'),
    bindings: { kafka: { key: { type: 'string', description: 'The institution id (`institutionId` of the value).' }, bindingVersion: KAFKA_BINDING } },
  };
  messages.auditCheckpoint = {
    name: 'audit-checkpoint',
    title: 'Audit checkpoint',
    summary: "An institution's signed chain head, published by its service every CHECKPOINT_INTERVAL_MS.",
    contentType: 'application/json',
    payload: ref('Checkpoint'),
    bindings: { kafka: { key: { type: 'string', description: 'The institution id (`institutionId` of the value).' }, bindingVersion: KAFKA_BINDING } },
  };

  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, JsonSchema> = {};
  const receive = (channelId: string, summary: string) => {
    operations[`receive${channelId[0].toUpperCase()}${channelId.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary,
      description: 'Use a consumer group of your own (offsets are yours); deduplicate on `eventId`: delivery is at least once.',
      messages: Object.keys(channels[channelId].messages).map((id) => ({ $ref: `#/channels/${channelId}/messages/${id}` })),
    };
  };
  for (const kind of INSTITUTION_KINDS) {
    const carried = definitions.filter((d) => d.producer === kind || d.producer === 'any');
    const id = eventChannelIdOf(kind);
    channels[id] = {
      address: eventTopicOf(kind),
      title: `${kind} events`,
      description:
        `The events recorded through the ${kind} service, by every institution of that kind it serves: the ${kind} events of the catalogue and the events of the responsible institution ` +
        `(itinerary steps, coordination tables) recorded there. One message per event, a JSON envelope; its headers are the event's CloudEvents attributes (Kafka protocol binding, binary mode). ${prefixNote}`,
      messages: Object.fromEntries(carried.map((d) => [eventMessageIdOf(d.type, d.version), { $ref: `#/components/messages/${eventMessageIdOf(d.type, d.version)}` }])),
      bindings: topicBindings(),
    };
    receive(id, `Follow the events recorded by ${kind} institutions.`);
  }
  channels[DEAD_LETTER_CHANNEL_ID] = {
    address: deadLetterTopicOf(),
    title: 'Dead-letter topic',
    description: `Where every consumer of the network sends the messages it cannot process (after retries), so that the next ones go on. ${prefixNote}`,
    messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
    bindings: topicBindings(),
  };
  receive(DEAD_LETTER_CHANNEL_ID, 'Follow what consumers could not process.');
  channels[AUDIT_CHECKPOINT_CHANNEL_ID] = {
    address: auditCheckpointTopicOf(),
    title: 'Audit checkpoints',
    description: `Signed heads of every institution's hash chain: with them a consumer checks that the events it received are authentic and that no chain was rewritten. ${prefixNote}`,
    messages: { auditCheckpoint: { $ref: '#/components/messages/auditCheckpoint' } },
    bindings: topicBindings(),
  };
  receive(AUDIT_CHECKPOINT_CHANNEL_ID, "Follow the institutions' signed chain heads.");
  channels[AUDIT_COSIGNATURE_CHANNEL_ID] = {
    address: auditCosignatureTopicOf(),
    title: 'Audit cosignatures',
    description: `Witnesses' cosignatures of every institution's transparency-log checkpoints (C2SP tlog-cosignature): each service keeps those of its own logs and its verification holds its store against them. ${prefixNote}`,
    messages: { auditCosignature: { $ref: '#/components/messages/auditCosignature' } },
    bindings: topicBindings(),
  };
  receive(AUDIT_COSIGNATURE_CHANNEL_ID, "Follow the witnesses' cosigned checkpoints.");

  messages.command = {
    name: 'command',
    title: 'Command',
    summary: "One command of a service's HTTP API, sent by an institution's own system.",
    description:
      `Keyed by the case or stream id (commands with the same key are decided in order). At most ${MAX_COMMAND_BYTES} bytes. A message that is not a command (not JSON, unknown type or version, missing token or command id, oversized) goes to the dead-letter topic with the reason, and gets a rejected reply (code COMMAND.INVALID) when it carries a command id.`,
    contentType: 'application/json',
    headers: ref('CommandHeaders'),
    payload: ref('CommandMessage'),
    correlationId: { location: `$message.header#/${COMMAND_HEADERS.commandId}`, description: 'The reply carries the same command id.' },
    bindings: { kafka: { key: { type: 'string', pattern: ID.source, description: 'The case id, else the id of the stream the command acts on (placement, table, programme).' }, bindingVersion: KAFKA_BINDING } },
  };
  messages.commandReply = {
    name: 'command-reply',
    title: 'Command reply',
    summary: 'The service\'s answer to one command: accepted or rejected.',
    contentType: 'application/json',
    headers: ref('ReplyHeaders'),
    payload: ref('CommandReply'),
    correlationId: { location: `$message.header#/${COMMAND_HEADERS.commandId}`, description: 'The command id of the command answered.' },
    bindings: { kafka: { key: { type: 'string', description: 'The key of the command answered.' }, bindingVersion: KAFKA_BINDING } },
  };
  for (const kind of INSTITUTION_KINDS) {
    const commands = commandChannelIdOf(kind);
    const replies = replyChannelIdOf(kind);
    channels[commands] = {
      address: commandTopicOf(kind),
      title: `${kind} commands`,
      description: `The commands that institutions' own systems send to the ${kind} service instead of calling its HTTP API, one per message, decided exactly as over HTTP. ${prefixNote}`,
      messages: { command: { $ref: '#/components/messages/command' } },
      bindings: topicBindings(),
    };
    channels[replies] = {
      address: replyTopicOf(kind),
      title: `${kind} replies`,
      description: `The ${kind} service's answer to each command of ${commandTopicOf(kind)}, keyed like the command, with its command id. ${prefixNote}`,
      messages: { commandReply: { $ref: '#/components/messages/commandReply' } },
      bindings: topicBindings(),
    };
    const Kind = commands[0].toUpperCase() + commands.slice(1);
    operations[`send${Kind}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${commands}` },
      summary: `Send a command to the ${kind} service.`,
      description: 'Give each command a unique `command-id` and keep it across retries: a command sent again is not decided twice and gets the first answer again.',
      messages: [{ $ref: `#/channels/${commands}/messages/command` }],
      reply: { channel: { $ref: `#/channels/${replies}` }, messages: [{ $ref: `#/channels/${replies}/messages/commandReply` }] },
    };
    receive(replies, `Follow the ${kind} service's answers to commands (match them by \`command-id\`).`);
  }

  const eventVersions = definitions.length;
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Inclusion coordination network: Kafka topics',
      // major: the topics' version (`.v1`); minor: how many event versions are published (each one is an addition).
      version: `1.${eventVersions}.0`,
      description: [
        'The events that the social services, employment offices, insertion companies and the regional delegation exchange, each service publishing on its own topic through an outbox.',
        `Generated from libs/contracts by \`npm run docs:events\`; do not edit by hand. docs/events.md lists the same events as a table.`,
        '',
        '- Value: a JSON event envelope; its `payload` follows the schema of its `type` and `schemaVersion` (one message per pair). Published versions never change; a new shape is a new version.',
        `- Key: the case id, else project, programme or stream id, so that one case's events are read in order.`,
        `- Headers: CloudEvents ${CLOUDEVENTS_SPEC_VERSION} in the binary content mode of its Kafka protocol binding (${Object.values(CLOUDEVENT_HEADERS).map((h) => `\`${h}\``).join(', ')}: the standard attributes, then this system's extensions), UTF-8 strings: any CloudEvents SDK reads a message as an event whose \`data\` is the envelope, and a router needs no parsing of the value.`,
        "- Personal data: identifying and sensitive fields travel as EncryptedField objects that only the holder of the person's key reads.",
        "- Authenticity: each event carries a SHA-256 hash chained per institution and, in `proof`, its RFC 9162 inclusion proof under the C2SP checkpoint its institution signed for the commit; the audit-checkpoint topic publishes signed tree heads with consistency proofs, the audit-cosignature topic the witnesses' cosignatures.",
        `- Topics: \`${DEFAULT_TOPIC_PREFIX}\` is the default prefix of every address; a network started with KAFKA_TOPIC_PREFIX=<p> uses \`<p>.\` instead (see \`x-topic-prefix\`).`,
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        title: 'Local stack',
        description: 'The broker of the local stack (`npm start`, or `bash infra/kafka/kafka.sh start`), plaintext. Elsewhere: the brokers of the services\' KAFKA_BROKERS.',
      },
    },
    channels,
    operations,
    components: {
      schemas: {
        EventEnvelope: eventEnvelopeSchema(ref),
        Actor: ACTOR_SCHEMA,
        EventHeaders: headersSchema(
          CLOUDEVENT_HEADER_FIELDS,
          CLOUDEVENT_HEADERS,
          `Kafka headers of every event message (UTF-8 string values): its CloudEvents ${CLOUDEVENTS_SPEC_VERSION} attributes in the binary content mode of the Kafka protocol binding, \`ce_<attribute>\` (datacontenttype as \`content-type\`). The value is the event's \`data\`.`,
        ),
        DeadLetterHeaders: {
          ...headersSchema(DEAD_LETTER_HEADER_FIELDS, DEAD_LETTER_HEADERS, 'The original headers (any) plus these.'),
          additionalProperties: { type: 'string' },
        },
        EncryptedField: { type: 'object', description: 'A field encrypted with a person\'s key (libs/contracts/src/personal-data.ts).', required: Object.keys(ENCRYPTED_FIELD), additionalProperties: false, properties: ENCRYPTED_FIELD },
        InclusionProof: INCLUSION_PROOF_SCHEMA,
        Checkpoint: CHECKPOINT,
        Cosignature: COSIGNATURE,
        ...COMMAND_SCHEMAS,
        ...payloadSchemas(definitions),
      },
      messages,
    },
    'x-topic-prefix': {
      default: DEFAULT_TOPIC_PREFIX,
      variable: 'KAFKA_TOPIC_PREFIX',
      description: `Every channel address starts with \`${DEFAULT_TOPIC_PREFIX}.\`; with KAFKA_TOPIC_PREFIX=<p> the topics are \`<p>.\` followed by the rest of the address.`,
    },
  };
}

/** The topic of a channel address under another prefix (KAFKA_TOPIC_PREFIX). */
export const topicUnderPrefix = (address: string, prefix: string) => {
  if (!address.startsWith(`${DEFAULT_TOPIC_PREFIX}.`)) throw new Error(`${address} does not start with the default prefix ${DEFAULT_TOPIC_PREFIX}`);
  return `${prefix}.${address.slice(DEFAULT_TOPIC_PREFIX.length + 1)}`;
};

/** docs/asyncapi.yaml: the document as YAML (no anchors, stable order). */
export const renderAsyncApiYaml = (document: AsyncApiDocument): string =>
  `# generated from libs/contracts by \`npm run docs:events\`; do not edit by hand\n${stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
