import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { Metrics, runWithLogContext } from '@inclusion/observability';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The correlation id a request is handled under (set by the onRequest hook below). */
const correlationOf = (headers: Record<string, string | string[] | undefined>) => String(headers['x-correlation-id']);

/**
 * Gives every request a correlation id (X-Correlation-Id, kept when the caller sent a valid
 * one; echoed in the response; recorded on the events the request causes), handles the
 * request inside a log context with that id (every line logged meanwhile carries it), then
 * logs one line per request with it and records the request's duration. A request whose
 * connection closed before its answer was sent gets a warning line instead.
 *
 * Fastify hooks: onRequest gives the id and watches the raw response (so streamed, hijacked
 * answers are counted too); the log context is entered there and again in preHandler, since
 * reading a body goes through the socket's own callbacks and leaves it.
 */
export function useRequestLogging(fastify: FastifyInstance, metrics: Metrics): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers['x-correlation-id'];
    if (typeof given !== 'string' || !UUID.test(given)) {
      if (given === undefined) request.headers['x-correlation-id'] = uuidv7();
    }
    const correlationId = correlationOf(request.headers);
    const response = reply.raw;
    response.setHeader('x-correlation-id', correlationId);
    const began = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpSeconds.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      if (route.startsWith('/health') || route.startsWith('/metrics')) return;
      const line = { message: 'request', method: request.method, path: request.originalUrl, route, status: response.statusCode, ms: Math.round(seconds * 1000), correlationId };
      if (response.statusCode >= 500) logger.error(line);
      else logger.log(line);
    });
    response.once('close', () => {
      if (!response.writableFinished) logger.warn({ message: 'request aborted before its answer was sent', method: request.method, path: request.originalUrl, correlationId });
    });
    runWithLogContext({ correlationId }, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => runWithLogContext({ correlationId: correlationOf(request.headers) }, done));
}
