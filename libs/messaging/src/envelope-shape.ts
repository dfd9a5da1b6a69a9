import Ajv, { ErrorObject } from 'ajv';
import isISO8601 from 'validator/lib/isISO8601';
import isLength from 'validator/lib/isLength';
import isUUID from 'validator/lib/isUUID';
import { ACTOR_ROLES } from '@inclusion/contracts';

/**
 * The structure every message on an event topic must have (libs/contracts EventEnvelope), as a
 * JSON Schema compiled once by ajv: every consumer checks every message it decodes against it.
 * The rules are those the consumers always applied (they were class-validator decorators until
 * 2026-11-28): UUIDs and ISO 8601 times by validator.js's own checks, string lengths as
 * validator.js counts them (`length`), integers from 1, `payload` and `metadata` objects, the
 * optional fields absent or null (compared on every field with a set of wrong values: the same
 * verdicts, except that `actor` must now be an object: class-validator let a missing actor or an
 * array through). Fields it does not name are left to the payload's and the authenticity checks.
 */
const text = (min: number, max: number) => ({ type: 'string', length: [min, max] });
const optional = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, 'null'] });
const position = { type: 'integer', minimum: 1 };

const ENVELOPE_SCHEMA = {
  type: 'object',
  required: [
    'eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'globalPosition', 'institutionId', 'institutionSequence', 'actor',
    'occurredAt', 'recordedAt', 'correlationId', 'payload', 'metadata', 'previousHash', 'hash', 'signature',
  ],
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    type: text(1, 200),
    schemaVersion: position,
    streamId: text(1, 300),
    streamVersion: position,
    globalPosition: position,
    institutionId: text(1, 200),
    institutionSequence: position,
    actor: {
      type: 'object',
      required: ['userId', 'role'],
      properties: { userId: text(1, 200), role: { enum: [...ACTOR_ROLES] }, onBehalfOf: optional({ type: 'string' }) },
    },
    occurredAt: { type: 'string', format: 'iso8601' },
    recordedAt: { type: 'string', format: 'iso8601' },
    correlationId: { type: 'string', format: 'uuid' },
    causationId: optional({ type: 'string', format: 'uuid' }),
    caseId: optional({ type: 'string' }),
    projectId: optional({ type: 'string' }),
    programmeId: optional({ type: 'string' }),
    payload: { type: 'object' },
    metadata: { type: 'object' },
    previousHash: { type: 'string' },
    hash: { type: 'string' },
    signature: { type: 'string' },
    /** The registered key that signed it (absent or `legacy` only for events recorded before registered keys: the authenticity check refuses those). */
    keyId: optional(text(1, 64)),
  },
} as const;

// verbose: an error carries its rule (the length limits named in the reason)
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
ajv.addFormat('uuid', { type: 'string', validate: (value: string) => isUUID(value) });
ajv.addFormat('iso8601', { type: 'string', validate: (value: string) => isISO8601(value) });
ajv.addKeyword({
  keyword: 'length',
  type: 'string',
  schemaType: 'array',
  errors: false,
  validate: ([min, max]: [number, number], value: string) => isLength(value, { min, max }),
});
const validateEnvelope = ajv.compile(ENVELOPE_SCHEMA);

const fieldOf = (error: ErrorObject) => {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  const missing = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
  return [path, missing].filter(Boolean).join('.') || '(envelope)';
};

const messageOf = (error: ErrorObject) => {
  if (error.keyword === 'required') return 'is missing';
  if (error.keyword === 'length') return `must be a string of ${(error.schema as [number, number]).join(' to ')} characters`;
  if (error.keyword === 'format') return error.params.format === 'uuid' ? 'must be a UUID' : 'must be an ISO 8601 date';
  if (error.keyword === 'enum') return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return error.message ?? error.keyword;
};

/** Every problem of a value as an event envelope (`field: problem`); none when it is one. */
export function envelopeProblems(value: unknown): string[] {
  if (validateEnvelope(value)) return [];
  // one line per field and rule (a union type reports its alternatives once)
  return [...new Set((validateEnvelope.errors ?? []).map((error) => `${fieldOf(error)}: ${messageOf(error)}`))];
}
