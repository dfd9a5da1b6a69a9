import { DynamicModule, Logger, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { ConfigurationError, loadServiceConfig, ResolvedServiceConfig } from '@inclusion/config';
import { assertKafkajsSendPatched, UnpatchedKafkajsError } from '@inclusion/messaging';
import { HttpErrorFilter } from './http/http-error.filter';
import { createValidationPipe } from './http/validation.pipe';
import { buildOpenApiDocument } from './http/openapi';
import { useRequestLogging } from './http/request-logging';
import { HttpDrain } from './http/http-drain';
import { createLogger, exitAfterFlushingLogs, Metrics, MetricsServer } from '@inclusion/observability';
import { MAX_BODY_BYTES, useBodyParsers } from './http/body-parser';

/** The signals that start a graceful shutdown (see HttpDrain, EventBackbone, DatabaseCloser). */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * The Fastify instance under Nest: routes match with or without a trailing slash (as Express
 * did), path parameters may be as long as an id (120 characters) and more, bodies are read by
 * useBodyParsers (limit MAX_BODY_BYTES).
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 } });
}

/** Builds the HTTP application of a service (Nest on Fastify): body parsers, validation, error mapping, OpenAPI at /docs. */
export async function createServiceApp(
  module: DynamicModule,
  config: ResolvedServiceConfig,
  title: string,
  logger: LoggerService = createLogger(config),
): Promise<NestFastifyApplication> {
  // Nest's default body parsers are replaced by ours (useBodyParsers: depth, charset and encoding refusals worded as 4xx).
  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(), { logger, abortOnError: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  useRequestLogging(fastify, app.get(Metrics));
  app.get(HttpDrain).register(fastify);
  useBodyParsers(fastify);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  const document = buildOpenApiDocument(app, config.serviceName, title);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

/**
 * Entry point of every service: first checks that kafkajs is patched and validates the
 * environment (either failing exits with code 1 and a message naming the problem), then builds
 * and starts the application.
 */
export async function bootstrapService(
  serviceName: string,
  title: string,
  moduleFor: (config: ResolvedServiceConfig) => DynamicModule,
): Promise<NestFastifyApplication> {
  let config: ResolvedServiceConfig;
  try {
    // kafkajs' producer must be the patched one: it can lose messages otherwise (libs/messaging/src/kafkajs-send-patch.ts)
    assertKafkajsSendPatched();
    config = loadServiceConfig(serviceName);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof UnpatchedKafkajsError) {
      process.stderr.write(`[${serviceName}] cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const serviceLogger = createLogger(config);
  Logger.overrideLogger(serviceLogger);
  const logger = new Logger('Bootstrap');
  // A stray rejection in a client library (say, a Kafka connection dropped mid-request) must
  // not take the whole service down: log it loudly; /health reports the broken component.
  process.on('unhandledRejection', (reason) =>
    reason instanceof Error ? logger.error(`unhandled rejection: ${reason.message}`, reason.stack) : logger.error(`unhandled rejection: ${String(reason)}`),
  );
  try {
    const app = await createServiceApp(moduleFor(config), config, title, serviceLogger);
    shutDownOnSignals(app, config.shutdownTimeoutMs, logger);
    await app.listen(config.port, config.host);
    // Prometheus metrics on their own port (METRICS_PORT), never on the API's.
    await app.get(MetricsServer).listen();
    logger.log(`${serviceName} listening on port ${config.port} (schema ${config.databaseSchema}, Kafka ${config.kafkaBrokers.join(',')})`);
    return app;
  } catch (error) {
    process.stderr.write(`[${serviceName}] failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/**
 * A graceful shutdown on SIGTERM, SIGINT or SIGHUP: app.close() runs Nest's lifecycle hooks in
 * order: onModuleDestroy (HttpDrain: stop listening, answer the requests in flight),
 * beforeApplicationShutdown (EventBackbone: consumers finish their message and commit, the
 * relay its batch), the HTTP server's close, onApplicationShutdown (DatabaseCloser). Then the
 * last line is logged and the process exits with 0 once its log lines are written (logs are
 * asynchronous: see exitAfterFlushingLogs). From the first signal, all this gets `timeoutMs`
 * (SHUTDOWN_TIMEOUT_MS); past it the process exits with 1 and says so. A second signal
 * during the shutdown ends the process at once (the default action).
 */
function shutDownOnSignals(app: NestFastifyApplication, timeoutMs: number, logger: Logger): void {
  let began = 0;
  let finished = false;
  const shutDown = async (signal: NodeJS.Signals) => {
    for (const other of SHUTDOWN_SIGNALS) process.removeListener(other, shutDown);
    began = Date.now();
    logger.log(`${signal} received: draining HTTP requests, consumers and the outbox relay (at most ${timeoutMs} ms)`);
    setTimeout(() => {
      finished = true;
      logger.error(`shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): exiting with code 1`);
      void exitAfterFlushingLogs(1, 1_000);
    }, timeoutMs).unref();
    try {
      await app.close();
    } catch (error) {
      finished = true;
      logger.error(`shutdown failed after ${Date.now() - began} ms: ${(error as Error).message}: exiting with code 1`, (error as Error).stack);
      return exitAfterFlushingLogs(1);
    }
    finished = true;
    logger.log(`shutdown finished in ${Date.now() - began} ms: exiting with code 0`);
    await exitAfterFlushingLogs(0);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, shutDown);
  // Any other exit after the signal (say, a library calling process.exit) still says so (pino's exit hook writes it).
  process.once('exit', (code) => {
    if (began && !finished) logger.error(`exiting with code ${code}, ${Date.now() - began} ms after the shutdown signal`);
  });
}
