import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

/** The class-validator classes whose JSON schemas are added to the OpenAPI document (see bootstrap). */
export const DOCUMENTED_BODIES = new Set<new () => object>();

/**
 * OpenAPI for a command endpoint: the body's schema comes from its class-validator rules
 * (class-validator-jsonschema), the headers and the error statuses are the same everywhere.
 */
export const ApiCommand = (body: new () => object, summary: string) => {
  DOCUMENTED_BODIES.add(body);
  return applyDecorators(
    ApiOperation({ summary }),
    ApiBody({ schema: { $ref: `#/components/schemas/${body.name}` } }),
    ApiBearerAuth(),
    ApiHeader({ name: 'X-On-Behalf-Of', required: false, description: 'institution represented, when acting on behalf of another' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ApiHeader({ name: 'X-Expected-Version', required: false, description: 'optimistic concurrency: the stream version you read (409 if it moved)' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and body returns the first response' }),
    ApiCreatedResponse({ description: 'the resulting events and the new stream version' }),
    ApiResponse({ status: 400, description: 'invalid body or headers: every problem named' }),
    ApiResponse({ status: 401, description: 'no token, or a forged or expired one' }),
    ApiResponse({ status: 403, description: 'not allowed to this institution (another kind, or no part in the case)' }),
    ApiResponse({ status: 404, description: 'unknown case, placement, table...' }),
    ApiConflictResponse({ description: 'expected version mismatch, or Idempotency-Key reused with another body' }),
    ApiResponse({ status: 422, description: 'a domain rule refuses the command (code and reason)' }),
  );
};
