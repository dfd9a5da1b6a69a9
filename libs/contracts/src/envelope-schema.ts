import { CLOUDEVENT_HEADERS } from './cloudevents';
import { ACTOR_ROLES, EventEnvelope } from './envelope';

/*
 * The event envelope's rules, written once: the AsyncAPI document publishes them
 * (components.schemas EventEnvelope, Actor, InclusionProof) and every consumer checks each
 * message against them before anything else (libs/messaging envelope-shape.ts, compiled by
 * ajv). Lengths count characters (code points); `uuid` and `date-time` are the JSON Schema
 * formats (RFC 4122, RFC 3339), which is what the event store writes.
 */

/** A JSON Schema (draft-07 keywords, standard formats only: any JSON Schema tool reads it). */
export type JsonSchema = { [keyword: string]: unknown };

const text = (minLength: number, maxLength: number, description: string): JsonSchema => ({ type: 'string', minLength, maxLength, description });
const position = (description: string): JsonSchema => ({ type: 'integer', minimum: 1, description });
/** The pattern of a SHA-256 hash in hex, as the envelope's `hash` and `previousHash` carry it. */
export const SHA256_HEX = '^[0-9a-f]{64}$';

export const ACTOR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Who recorded the event.',
  required: ['userId', 'role'],
  properties: {
    userId: text(1, 200, 'The user (token subject) within the institution.'),
    role: { type: 'string', enum: [...ACTOR_ROLES], description: 'The role they acted in.' },
    onBehalfOf: { type: ['string', 'null'], description: 'The institution represented, when the actor recorded on behalf of another one.' },
  },
};

/** The inclusion proof an event carries (envelope.ts InclusionProofOnTheWire). */
export const INCLUSION_PROOF_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    "Proves the event is in its institution's transparency log (RFC 9162 Merkle tree; leaf = SHA-256(0x00 || the 32 bytes of `hash`), at index institutionSequence - 1) under a checkpoint the institution signed. " +
    'Verify: the checkpoint is a C2SP tlog-checkpoint signed note (origin `inclusion-network/<institutionId>`, tree size, base64 root hash), signed (Ed25519, signed-note key name = the origin) by the registered key `keyId` valid at `recordedAt`; ' +
    'the RFC 9162 §2.1.3.2 inclusion proof `hashes` leads from the leaf at `leafIndex` in a tree of `treeSize` to its root hash.',
  required: ['checkpoint', 'leafIndex', 'treeSize', 'hashes'],
  additionalProperties: false,
  properties: {
    checkpoint: { type: 'string', description: 'The signed checkpoint note of the commit that recorded the event: `<origin>\\n<tree size>\\n<base64 root hash>\\n\\n— <origin> <base64(key ID || Ed25519 signature)>\\n`.' },
    leafIndex: { type: 'integer', minimum: 0, description: 'institutionSequence - 1.' },
    treeSize: { type: 'integer', minimum: 1, description: 'The tree size of the checkpoint.' },
    hashes: { type: 'array', items: { type: 'string', contentEncoding: 'base64' }, description: 'The inclusion proof, from the leaf up (at most ceil(log2 treeSize) SHA-256 hashes, base64).' },
  },
};

/** Envelope fields a message may lack (the event store always sends them; null when there is none, or absent on events recorded before they existed). */
export const OPTIONAL_ENVELOPE_FIELDS: readonly (keyof EventEnvelope)[] = ['causationId', 'caseId', 'projectId', 'programmeId', 'keyId', 'proof'];

/**
 * The envelope as JSON Schema, one entry per field of EventEnvelope (or it does not compile);
 * `nested` gives the Actor and InclusionProof schemas: a `$ref` in the AsyncAPI document, the
 * schemas themselves for a consumer that compiles the envelope alone.
 */
export function eventEnvelopeSchema(nested: (name: 'Actor' | 'InclusionProof') => JsonSchema): JsonSchema {
  const fields: Record<keyof EventEnvelope, JsonSchema> = {
    eventId: { type: 'string', format: 'uuid', description: 'Unique id of the event (UUID v7): consumers deduplicate on it (delivery is at least once).' },
    type: text(1, 200, `Event type, e.g. \`case.opened\` (also header \`${CLOUDEVENT_HEADERS.type}\`).`),
    schemaVersion: position(`Version of the payload schema of this type (also header \`${CLOUDEVENT_HEADERS.schemaVersion}\`).`),
    streamId: text(1, 300, 'The stream (aggregate instance) the event belongs to, e.g. `case-<caseId>`.'),
    streamVersion: position('Position of the event in its stream (1, 2, 3...).'),
    globalPosition: position("Position in the producing service's store (increasing, not contiguous across topics)."),
    institutionId: text(1, 200, 'The institution that recorded the event; it signed the hash.'),
    institutionSequence: position("Position of this event in its institution's hash chain (1, 2, 3...)."),
    actor: nested('Actor'),
    occurredAt: { type: 'string', format: 'date-time', description: 'When it happened (RFC 3339, UTC).' },
    recordedAt: { type: 'string', format: 'date-time', description: 'When it was recorded (RFC 3339, UTC).' },
    correlationId: { type: 'string', format: 'uuid', description: 'Shared by every event that one request or one chain of reactions produced.' },
    causationId: { type: ['string', 'null'], format: 'uuid', description: 'The event id of the event this one reacts to; null when a person recorded it directly.' },
    caseId: { type: ['string', 'null'], description: 'The case the event concerns, if any.' },
    projectId: { type: ['string', 'null'], description: 'The project the event concerns, if any.' },
    programmeId: { type: ['string', 'null'], description: 'The programme the event concerns, if any.' },
    payload: { type: 'object', description: 'The event data: its schema depends on `type` and `schemaVersion` (one message per pair).' },
    metadata: { type: 'object', description: 'Free-form recording metadata (never personal data).' },
    previousHash: { type: 'string', pattern: SHA256_HEX, description: "Hash of the institution's previous event (64 zeros for its first): the chain links." },
    hash: { type: 'string', pattern: SHA256_HEX, description: 'SHA-256 (hex) of the canonical JSON of the hashed fields (every field but globalPosition, institutionSequence, hash, signature).' },
    signature: {
      type: 'string',
      contentEncoding: 'base64',
      description: "Empty for events recorded under the transparency log (the institution signs the tree head of each commit instead: see `proof`). For events recorded before it: Ed25519 signature (base64) of the hash by the institution's key named by `keyId`.",
    },
    keyId: {
      type: ['string', 'null'],
      minLength: 1,
      maxLength: 64,
      description:
        "The institution's event-signing key that signed the tree head (or, before the transparency log, the hash): its public half is in the network registry (INSTITUTIONS_FILE, `signingKeys`), valid at `recordedAt`; covered by the hash (`legacy` for events recorded before registered keys, not covered).",
    },
    proof: nested('InclusionProof'),
  };
  return {
    type: 'object',
    description: 'An event as stored and as published (libs/contracts/src/envelope.ts).',
    required: Object.keys(fields).filter((field) => !OPTIONAL_ENVELOPE_FIELDS.includes(field as keyof EventEnvelope)),
    properties: fields,
  };
}
