import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Server, ServerResponse } from 'node:http';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';

/**
 * First step of a graceful shutdown: the HTTP side stops taking work and finishes what it
 * took. Runs in onModuleDestroy, which Nest calls before any beforeApplicationShutdown
 * (where the event backbone drains its consumers and relay) and onApplicationShutdown (where
 * the database closes), so every accepted request is answered while everything it needs is
 * still open.
 *
 * - The listener closes: new connections are refused.
 * - Requests already being handled run to their end; their answers say `Connection: close`.
 * - A request read after the drain began, on a connection opened before (keep-alive, or one
 *   whose request the server had not read yet), is answered 503 (SERVICE.SHUTTING_DOWN,
 *   Retry-After) without being handled: retry it elsewhere or later, with the same Idempotency-Key.
 * - After at most half of SHUTDOWN_TIMEOUT_MS, connections still open are closed (the
 *   requests on them get no answer; a warning line counts them), so the rest of the
 *   shutdown keeps its time.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private whenIdle?: () => void;
  private readonly drainListeners: (() => void)[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  /**
   * Called when the drain begins: long-lived responses (live event streams) end themselves
   * then, so the drain waits only for ordinary requests (clients resume with Last-Event-ID).
   */
  onDrainStart(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** Requests being handled now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** A Fastify onRequest hook: counts requests in flight; answers 503 once the drain began. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (_request, reply, done) => {
      if (this.draining) {
        reply.raw.setHeader('connection', 'close');
        reply.header('retry-after', '1');
        reply.status(503).send({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'SERVICE.SHUTTING_DOWN',
          message: 'the service is shutting down; nothing was done; retry (with the same Idempotency-Key)',
          retryable: true,
        });
        return;
      }
      const response = reply.raw;
      this.inFlight.add(response);
      // 'close' follows 'finish', and also fires when the connection dies first.
      response.once('close', () => {
        this.inFlight.delete(response);
        if (this.inFlight.size === 0) this.whenIdle?.();
      });
      done();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.drain(Math.floor(this.config.shutdownTimeoutMs / 2));
  }

  /** Stops accepting connections and waits (at most `timeoutMs`) for the requests in flight. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    for (const listener of this.drainListeners) listener();
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    // close() refuses new connections at once and (Node 19+) closes idle keep-alive ones;
    // its callback fires when the last connection has gone.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const response of this.inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
    const began = Date.now();
    const waiting = this.inFlight.size;
    this.logger.log(`stopped accepting connections; waiting for ${waiting} request(s) in flight`);
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.whenIdle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
    }
    const left = this.inFlight.size;
    if (left > 0) this.logger.warn(`${left} request(s) still unanswered after ${timeoutMs} ms: closing their connections`);
    else this.logger.log(`${waiting} request(s) in flight answered in ${Date.now() - began} ms`);
    // What is left: idle keep-alive connections (or the connections of the requests given up above).
    if (left === 0) {
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    server.closeAllConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}
