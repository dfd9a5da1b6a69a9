import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ACTOR_ROLES, ActorRole, ID } from '@inclusion/contracts';
import { Request } from 'express';
import { v7 as uuidv7 } from 'uuid';

/** Who sends a command or query, on whose behalf, and the optional concurrency and retry keys. */
export interface RequestContext {
  institutionId: string;
  actor: { userId: string; role: ActorRole; onBehalfOf?: string | null };
  correlationId: string;
  expectedVersion?: number;
  idempotencyKey?: string;
  method: string;
  path: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the request headers into a RequestContext; a bad header is a 400 naming each problem.
 * X-Institution-Id, X-Actor-Id, X-Actor-Role are required; X-On-Behalf-Of, X-Correlation-Id,
 * X-Expected-Version (or If-Match) and Idempotency-Key are optional.
 * (Identity from signed tokens replaces the first three with the access-control work.)
 */
export function parseRequestContext(request: Pick<Request, 'headers' | 'method' | 'originalUrl'>): RequestContext {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const problems: { field: string; problems: string[] }[] = [];
  const problem = (field: string, message: string) => problems.push({ field, problems: [message] });

  const institutionId = header('x-institution-id');
  if (!institutionId || !ID.test(institutionId)) problem('X-Institution-Id', 'header X-Institution-Id must name the institution (an id such as ss-albacete)');
  const userId = header('x-actor-id');
  if (!userId || !ID.test(userId)) problem('X-Actor-Id', 'header X-Actor-Id must name the acting user (an id)');
  const role = header('x-actor-role');
  if (!role || !(ACTOR_ROLES as readonly string[]).includes(role)) problem('X-Actor-Role', `header X-Actor-Role must be one of ${ACTOR_ROLES.join(', ')}`);
  const onBehalfOf = header('x-on-behalf-of');
  if (onBehalfOf !== undefined && !ID.test(onBehalfOf)) problem('X-On-Behalf-Of', 'header X-On-Behalf-Of must be an institution id');
  const correlationId = header('x-correlation-id');
  if (correlationId !== undefined && !UUID.test(correlationId)) problem('X-Correlation-Id', 'header X-Correlation-Id must be a UUID');
  const rawVersion = header('x-expected-version') ?? header('if-match')?.replace(/"/g, '');
  if (rawVersion !== undefined && !/^\d{1,9}$/.test(rawVersion)) problem('X-Expected-Version', 'header X-Expected-Version (or If-Match) must be a whole number: the stream version you read');
  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) problem('Idempotency-Key', 'header Idempotency-Key must be 1-200 visible ASCII characters');

  if (problems.length) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'REQUEST.INVALID_HEADERS', message: 'The request headers are invalid', problems });
  }
  return {
    institutionId: institutionId!,
    actor: { userId: userId!, role: role as ActorRole, onBehalfOf: onBehalfOf ?? null },
    correlationId: correlationId ?? uuidv7(),
    expectedVersion: rawVersion === undefined ? undefined : Number(rawVersion),
    idempotencyKey,
    method: request.method,
    path: request.originalUrl,
  };
}

/** Controller parameter: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) => parseRequestContext(context.switchToHttp().getRequest<Request>()));
