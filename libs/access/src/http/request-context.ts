import { BadRequestException, createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { ActorRole, ID } from '@inclusion/contracts';
import { Reader } from '@inclusion/domain';
import { v7 as uuidv7 } from 'uuid';
import { AuthenticatedRequest } from './auth.guard';

/** Who sends a command or query (from the verified token), on whose behalf, and the optional concurrency and retry keys. */
export interface RequestContext {
  institutionId: string;
  institutionKind?: string;
  actor: { userId: string; role: ActorRole; onBehalfOf?: string | null };
  correlationId: string;
  expectedVersion?: number;
  idempotencyKey?: string;
  method: string;
  path: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the RequestContext: the institution and actor come from the verified token (see
 * AuthGuard); X-On-Behalf-Of (explicit representation, recorded with the actor),
 * X-Correlation-Id, X-Expected-Version (or If-Match) and Idempotency-Key are optional
 * headers. A bad header is a 400 naming each problem.
 */
export function parseRequestContext(request: Pick<AuthenticatedRequest, 'headers' | 'method' | 'originalUrl' | 'identity'>): RequestContext {
  if (!request.identity) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'AUTH.MISSING_TOKEN', message: 'authentication is required' });
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const problems: { field: string; problems: string[] }[] = [];
  const problem = (field: string, message: string) => problems.push({ field, problems: [message] });

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
  const { identity } = request;
  return {
    institutionId: identity.institution.id,
    institutionKind: identity.institution.kind,
    actor: { userId: identity.userId, role: identity.role, onBehalfOf: onBehalfOf ?? null },
    correlationId: correlationId ?? uuidv7(),
    expectedVersion: rawVersion === undefined ? undefined : Number(rawVersion),
    idempotencyKey,
    method: request.method,
    path: request.originalUrl,
  };
}

/** Who asks, as the access policy sees it (libs/domain access-policy.ts). */
export const readerOf = (ctx: Pick<RequestContext, 'institutionId' | 'institutionKind' | 'actor'>): Reader => ({
  institutionId: ctx.institutionId,
  institutionKind: ctx.institutionKind,
  role: ctx.actor.role,
});

/** Controller parameter: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) => parseRequestContext(context.switchToHttp().getRequest<AuthenticatedRequest>()));
