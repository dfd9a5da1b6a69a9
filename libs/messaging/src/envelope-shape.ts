import Ajv, { ErrorObject } from 'ajv';
import isRFC3339 from 'validator/lib/isRFC3339';
import isUUID from 'validator/lib/isUUID';
import { ACTOR_SCHEMA, eventEnvelopeSchema, INCLUSION_PROOF_SCHEMA, SHA256_HEX } from '@inclusion/contracts';

/**
 * Every consumer checks every message it decodes against the envelope's JSON Schema, the one
 * the AsyncAPI document publishes (libs/contracts envelope-schema.ts), compiled once by ajv
 * with its Actor and InclusionProof inline. The formats are checked by validator.js: `uuid`
 * (isUUID) and `date-time` (isRFC3339, what the event store writes). Until 2026-11-28 the
 * consumers applied rules of their own, looser than the published ones in places (any ISO 8601
 * date, any string as a hash, the proof left to the authenticity check) and stricter in others
 * (lengths, UUID correlation ids the document did not state): the two are one description now.
 */
const ENVELOPE_SCHEMA = eventEnvelopeSchema((name) => (name === 'Actor' ? ACTOR_SCHEMA : INCLUSION_PROOF_SCHEMA));

// verbose: an error carries its schema (the length limits named in the reason)
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
ajv.addFormat('uuid', { type: 'string', validate: (value: string) => isUUID(value) });
ajv.addFormat('date-time', { type: 'string', validate: (value: string) => isRFC3339(value) });
const validateEnvelope = ajv.compile(ENVELOPE_SCHEMA);

const fieldOf = (error: ErrorObject) => {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  const missing = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
  return [path, missing].filter(Boolean).join('.') || '(envelope)';
};

const messageOf = (error: ErrorObject) => {
  if (error.keyword === 'required') return 'is missing';
  if (error.keyword === 'minLength' || error.keyword === 'maxLength') {
    const { minLength, maxLength } = error.parentSchema as { minLength: number; maxLength: number };
    return `must be a string of ${minLength} to ${maxLength} characters`;
  }
  if (error.keyword === 'format') return error.params.format === 'uuid' ? 'must be a UUID' : 'must be an RFC 3339 date-time, such as 2026-03-02T09:00:00Z';
  if (error.keyword === 'pattern') return error.params.pattern === SHA256_HEX ? 'must be 64 lowercase hexadecimal digits (a SHA-256 hash)' : `must match ${error.params.pattern}`;
  if (error.keyword === 'enum') return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  if (error.keyword === 'additionalProperties') return `has a field it may not have: ${(error.params as { additionalProperty: string }).additionalProperty}`;
  return error.message ?? error.keyword;
};

/** Every problem of a value as an event envelope (`field: problem`); none when it is one. */
export function envelopeProblems(value: unknown): string[] {
  if (validateEnvelope(value)) return [];
  // one line per field and rule (a union type reports its alternatives once)
  return [...new Set((validateEnvelope.errors ?? []).map((error) => `${fieldOf(error)}: ${messageOf(error)}`))];
}
