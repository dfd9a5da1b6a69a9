import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

/** The class-validator classes whose JSON schemas are added to the OpenAPI document (see openapi.ts). */
export const DOCUMENTED_BODIES = new Set<new () => object>();

/** Named response schemas (plain OpenAPI schemas) added to the document's components when an operation refers to them. */
export const DOCUMENTED_SCHEMAS = new Map<string, Record<string, unknown>>();

/** Registers a named schema for the document's components and answers a reference to it. */
export const apiSchema = (name: string, schema: Record<string, unknown>): { $ref: string } => {
  const known = DOCUMENTED_SCHEMAS.get(name);
  if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`two different OpenAPI schemas are named ${name}`);
  DOCUMENTED_SCHEMAS.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
};

/** A field the validation refused, with every rule it broke (libs/service-shell/src/http/validation.pipe.ts). */
export const FIELD_PROBLEM = apiSchema('FieldProblem', {
  type: 'object',
  required: ['field', 'problems'],
  properties: {
    field: { type: 'string', description: 'The field as the client wrote it (`steps.0.kind`), or a header.' },
    problems: { type: 'array', items: { type: 'string' } },
  },
});

/** Every error answer (HttpErrorFilter's ErrorBody): never a stack trace. */
export const ERROR_BODY = apiSchema('ErrorBody', {
  type: 'object',
  description: 'The body of every error answer (4xx, 5xx). `code` names the rule or the refusal (docs/domain.md lists the domain rules).',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status, repeated.' },
    error: { type: 'string', description: 'The status text (Bad Request, Forbidden...).' },
    message: { type: 'string' },
    code: { type: 'string', description: 'e.g. REQUEST.INVALID, CASE.NOT_FOUND, STREAM.WRONG_EXPECTED_VERSION, ITINERARY.NOT_ACCREDITED' },
    problems: { type: 'array', description: 'On 400: every invalid field or header.', items: { anyOf: [FIELD_PROBLEM, { type: 'string' }] } },
    retryable: { type: 'boolean', description: 'On 503: nothing was written; retry (with the same Idempotency-Key).' },
  },
});

/** An event as the store recorded it (libs/contracts/src/envelope.ts; docs/asyncapi.yaml has every field). */
export const RECORDED_EVENT = apiSchema('RecordedEvent', {
  type: 'object',
  description: 'An event envelope as recorded and published (docs/asyncapi.yaml, EventEnvelope, describes every field); its `payload` follows the schema of its `type` and `schemaVersion` (docs/events.md).',
  required: ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'institutionId', 'occurredAt', 'recordedAt', 'payload'],
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    type: { type: 'string', example: 'case.opened' },
    schemaVersion: { type: 'integer', minimum: 1 },
    streamId: { type: 'string' },
    streamVersion: { type: 'integer', minimum: 1 },
    globalPosition: { type: 'integer' },
    institutionId: { type: 'string' },
    institutionSequence: { type: 'integer' },
    actor: { type: 'object', properties: { userId: { type: 'string' }, role: { type: 'string' }, onBehalfOf: { type: 'string', nullable: true } } },
    occurredAt: { type: 'string', format: 'date-time' },
    recordedAt: { type: 'string', format: 'date-time' },
    correlationId: { type: 'string' },
    causationId: { type: 'string', nullable: true },
    caseId: { type: 'string', nullable: true },
    projectId: { type: 'string', nullable: true },
    programmeId: { type: 'string', nullable: true },
    payload: { type: 'object', additionalProperties: true },
    metadata: { type: 'object', additionalProperties: true },
    previousHash: { type: 'string' },
    hash: { type: 'string' },
    signature: { type: 'string' },
    keyId: { type: 'string' },
    proof: { type: 'object', additionalProperties: true },
  },
});

/** What every command answers (libs/commands CommandResult). */
export const COMMAND_RESULT = apiSchema('CommandResult', {
  type: 'object',
  required: ['streamId', 'version', 'events'],
  properties: {
    streamId: { type: 'string', example: 'case-case-0001' },
    version: { type: 'integer', minimum: 0, description: "The stream's version after the command: send it as X-Expected-Version next time." },
    events: { type: 'array', items: RECORDED_EVENT, description: 'The events the command recorded (none when it changed nothing).' },
  },
});

const error = (status: number, description: string) => ApiResponse({ status, description, content: { 'application/json': { schema: ERROR_BODY } } });

/**
 * OpenAPI for a command endpoint: the body's schema comes from its class-validator rules
 * (class-validator-jsonschema), the headers, the answer and the error statuses are the same everywhere.
 */
export const ApiCommand = (body: new () => object, summary: string) => {
  DOCUMENTED_BODIES.add(body);
  return applyDecorators(
    ApiOperation({ summary }),
    ApiBody({ required: true, schema: { $ref: `#/components/schemas/${body.name}` } }),
    ApiBearerAuth(),
    ApiHeader({ name: 'X-On-Behalf-Of', required: false, description: 'institution represented, when acting on behalf of another' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ApiHeader({ name: 'X-Expected-Version', required: false, description: 'optimistic concurrency: the stream version you read (409 if it moved)' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'the same as X-Expected-Version' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and body returns the first response' }),
    ApiResponse({ status: 201, description: 'the resulting events and the new stream version', content: { 'application/json': { schema: COMMAND_RESULT } } }),
    error(400, 'invalid body or headers: every problem named'),
    error(401, 'no token, or a forged or expired one'),
    error(403, 'not allowed to this institution (another kind, or no part in the case)'),
    error(404, 'unknown case, placement, table...'),
    error(409, 'expected version mismatch, or Idempotency-Key reused with another body'),
    error(422, 'a domain rule refuses the command (code and reason)'),
  );
};

/** OpenAPI for a request body that is not a command's: its schema from its class-validator rules. */
export const ApiJsonBody = (body: new () => object) => {
  DOCUMENTED_BODIES.add(body);
  return ApiBody({ required: true, schema: { $ref: `#/components/schemas/${body.name}` } });
};
