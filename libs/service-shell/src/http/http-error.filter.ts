import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { DomainError } from '@inclusion/domain';
import { NoSigningKeyError, PersonErasedError, WrongExpectedVersionError } from '@inclusion/event-store';

const reason = (status: number) => STATUS_CODES[status] ?? 'Error';

const STATUS_OF_KIND = { rule: 422, 'not-found': 404, forbidden: 403, conflict: 409 } as const;

// Connection lost, server shutting down, too many connections, cannot connect: the command's
// transaction did not commit, so the client may retry.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection/i;

const isUnavailable = (exception: unknown): boolean => {
  const error = exception as { code?: string; driverError?: { code?: string }; message?: string; name?: string };
  const code = error?.driverError?.code ?? error?.code;
  return (
    (code !== undefined && UNAVAILABLE_SQLSTATES.has(code)) ||
    UNAVAILABLE_MESSAGES.test(error?.message ?? '') ||
    // TypeORM, once the transaction's connection died under it
    /QueryRunner(Provider)?AlreadyReleasedError/.test(error?.name ?? '')
  );
};

const sqlState = (exception: unknown): string | undefined => {
  const error = exception as { code?: unknown; driverError?: { code?: unknown } };
  const code = error?.driverError?.code ?? error?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** SQLSTATE class 22, data exception: a value out of range, a date that does not exist, text PostgreSQL cannot store. */
const isDataException = (exception: unknown): boolean => (exception as { name?: string })?.name !== undefined && /^22/.test(sqlState(exception) ?? '');

/**
 * A request body the body parser could not read (body-parser and http-errors mark their
 * errors with a 4xx `status`, `expose` and a `type`): answered with that status and a message
 * naming the problem, never the parser's internals.
 */
function unreadableBody(exception: unknown): ErrorBody | undefined {
  const error = exception as { status?: unknown; expose?: unknown; type?: unknown; code?: unknown; charset?: unknown; message?: unknown };
  if (!error || typeof error !== 'object' || typeof error.status !== 'number' || error.status < 400 || error.status >= 500 || error.expose !== true) return undefined;
  const status = error.status;
  const body = (code: string, message: string): ErrorBody => ({ statusCode: status, error: reason(status), code, message });
  switch (error.type) {
    case 'entity.parse.failed':
      // As Nest answered body-parser's SyntaxError: 400 with the parser's message, which says where the JSON breaks.
      return { statusCode: status, error: reason(status), message: typeof error.message === 'string' && /JSON/.test(error.message) ? error.message : 'The request body is not valid JSON' };
    case 'entity.too.large':
      return body('REQUEST.TOO_LARGE', 'The request body is too large');
    case 'entity.too.deep':
      return body('REQUEST.TOO_DEEP', `The request body is invalid: ${String(error.message)}`);
    case 'charset.unsupported':
      return body('REQUEST.UNSUPPORTED_CHARSET', `The request body's charset ${JSON.stringify(String(error.charset ?? ''))} is not supported: send JSON in UTF-8 (Content-Type: application/json or application/json; charset=utf-8)`);
    case 'encoding.unsupported':
      return body('REQUEST.UNSUPPORTED_ENCODING', 'The request body\'s Content-Encoding is not supported: send it uncompressed (identity), or gzip, deflate or br');
  }
  if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return body('REQUEST.UNDECODABLE_BODY', 'The request body does not decode as its Content-Encoding says (gzip, deflate or br)');
  }
  return body('REQUEST.UNREADABLE_BODY', 'The request body could not be read');
}

/**
 * An error Fastify itself raised before the route ran (its codes start with FST_ and carry a
 * 4xx `statusCode`): a media type no parser takes, a body or URL it cannot read.
 */
function refusedByFastify(exception: unknown): ErrorBody | undefined {
  const error = exception as { statusCode?: unknown; code?: unknown };
  if (!error || typeof error !== 'object' || typeof error.code !== 'string' || !error.code.startsWith('FST_')) return undefined;
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : undefined;
  if (status === undefined) return undefined;
  const body = (code: string, message: string): ErrorBody => ({ statusCode: status, error: reason(status), code, message });
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      if (status === 415) return body('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'The request body\'s Content-Type is not supported: send application/json (UTF-8)');
      break;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return body('REQUEST.TOO_LARGE', 'The request body is too large');
  }
  return body('REQUEST.UNREADABLE', 'The request could not be read');
}

/** Sends the error body on a Fastify reply (or, before Fastify wrapped it, on the raw response). */
function reply(response: FastifyReply | ServerResponse, status: number, body: ErrorBody, headers: Record<string, string>): void {
  if (typeof (response as FastifyReply).send === 'function') {
    const fastifyReply = response as FastifyReply;
    if (fastifyReply.sent) return;
    for (const [name, value] of Object.entries(headers)) fastifyReply.header(name, value);
    // A route that answers HTML (the public consultation page) has set its own content type before it threw: the error is JSON.
    fastifyReply.header('content-type', 'application/json; charset=utf-8');
    fastifyReply.status(status).send(body);
    return;
  }
  const raw = response as ServerResponse;
  if (raw.headersSent) return void raw.end();
  raw.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  raw.end(JSON.stringify(body));
}

export interface ErrorBody {
  retryable?: boolean;
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  problems?: unknown[];
}

/**
 * The one place that turns exceptions into HTTP responses: a JSON body with the status, a
 * short error name, a message and (for validation) every problem. Never a stack trace:
 * unexpected errors are logged with their stack and answered with a plain 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply | ServerResponse>();
    const body = this.toBody(exception);
    const headers: Record<string, string> = {};
    if (body.statusCode === 503) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      headers['retry-after'] = '1';
    } else if (body.statusCode >= 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    reply(response, body.statusCode, body, headers);
  }

  private toBody(exception: unknown): ErrorBody {
    if (isUnavailable(exception)) {
      return { statusCode: 503, error: reason(503), code: 'SERVICE.UNAVAILABLE', message: 'the database is unavailable; nothing was written; retry (with the same Idempotency-Key)', retryable: true };
    }
    if (exception instanceof DomainError) {
      const status = STATUS_OF_KIND[exception.kind];
      return { statusCode: status, error: reason(status), code: exception.code, message: exception.message };
    }
    if (exception instanceof PersonErasedError) {
      return { statusCode: 422, error: reason(422), code: exception.code, message: exception.message };
    }
    if (exception instanceof WrongExpectedVersionError) {
      return { statusCode: 409, error: 'Conflict', code: exception.code, message: exception.message };
    }
    if (exception instanceof NoSigningKeyError) {
      // This service holds no key of the institution: it is recorded (and signed) at its own service.
      return { statusCode: 403, error: reason(403), code: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'string') return { statusCode: status, error: reason(status), message: raw };
      const record = raw as Record<string, unknown>;
      const message = Array.isArray(record.message) ? 'The request is invalid' : String(record.message ?? exception.message);
      return {
        statusCode: status,
        error: String(record.error ?? reason(status)),
        message,
        ...(record.code ? { code: String(record.code) } : {}),
        ...(Array.isArray(record.problems) ? { problems: record.problems } : {}),
        ...(Array.isArray(record.message) ? { problems: record.message } : {}),
      };
    }
    const unreadable = unreadableBody(exception) ?? refusedByFastify(exception);
    if (unreadable) return unreadable;
    if (isDataException(exception)) {
      // A value PostgreSQL cannot take (out of range, not a date, not storable text): the
      // statement failed, so its transaction wrote nothing. The validation layer should have
      // refused it first; the log line says which statement to give a rule.
      this.logger.warn(`a request value PostgreSQL refused (SQLSTATE ${sqlState(exception)}): ${(exception as Error).message}`);
      return { statusCode: 400, error: reason(400), code: 'REQUEST.VALUE_NOT_STORABLE', message: 'A value of the request is out of range or cannot be stored; nothing was written' };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred; it has been logged' };
  }
}
