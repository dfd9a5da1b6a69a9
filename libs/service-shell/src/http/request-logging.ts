import { Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { Metrics, runWithLogContext } from '@inclusion/observability';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives every request a correlation id (X-Correlation-Id, kept when the caller sent a valid
 * one; echoed in the response; recorded on the events the request causes), handles the
 * request inside a log context with that id (every line logged meanwhile carries it), then
 * logs one line per request with it and records the request's duration. A request whose
 * connection closed before its answer was sent gets a warning line instead.
 */
export function requestLogging(metrics: Metrics) {
  const logger = new Logger('HTTP');
  return (request: Request, response: Response, next: NextFunction) => {
    const given = request.headers['x-correlation-id'];
    if (typeof given !== 'string' || !UUID.test(given)) {
      if (given === undefined) request.headers['x-correlation-id'] = uuidv7();
    }
    const correlationId = String(request.headers['x-correlation-id']);
    response.setHeader('x-correlation-id', correlationId);
    const began = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      const route = (request.route?.path as string | undefined) ?? 'unmatched';
      metrics.httpSeconds.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      if (route.startsWith('/health') || route.startsWith('/metrics')) return;
      const line = { message: 'request', method: request.method, path: request.originalUrl, route, status: response.statusCode, ms: Math.round(seconds * 1000), correlationId };
      if (response.statusCode >= 500) logger.error(line);
      else logger.log(line);
    });
    response.on('close', () => {
      if (!response.writableFinished) logger.warn({ message: 'request aborted before its answer was sent', method: request.method, path: request.originalUrl, correlationId });
    });
    runWithLogContext({ correlationId }, next);
  };
}
