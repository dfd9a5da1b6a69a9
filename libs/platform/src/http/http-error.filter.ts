import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

const reason = (status: number) => STATUS_CODES[status] ?? 'Error';
import { Response } from 'express';
import { DomainError } from '@inclusion/domain';
import { PersonErasedError, WrongExpectedVersionError } from '@inclusion/event-store';

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
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode === 503) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      response.setHeader('retry-after', '1');
    } else if (body.statusCode >= 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    response.status(body.statusCode).json(body);
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
    if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      return { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON' };
    }
    if ((exception as { type?: string })?.type === 'entity.too.large') {
      return { statusCode: 413, error: 'Payload Too Large', message: 'The request body is too large' };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred; it has been logged' };
  }
}
