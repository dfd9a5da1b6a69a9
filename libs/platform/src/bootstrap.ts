import { ConsoleLogger, DynamicModule, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigurationError, loadServiceConfig, ResolvedServiceConfig } from '@inclusion/config';
import { HttpErrorFilter } from './http/http-error.filter';
import { createValidationPipe } from './http/validation.pipe';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { DOCUMENTED_BODIES } from './commands/api-command';
import { requestLogging } from './http/request-logging';
import { Metrics } from './metrics/metrics';

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

export const createLogger = (config: Pick<ResolvedServiceConfig, 'serviceName' | 'logLevel' | 'logFormat'>) =>
  new ConsoleLogger(config.serviceName, {
    json: config.logFormat === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) as unknown as typeof LEVELS[number][],
  });

/** Builds the HTTP application of a service: validation, error mapping, OpenAPI at /docs. */
export async function createServiceApp(
  module: DynamicModule,
  config: ResolvedServiceConfig,
  title: string,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: createLogger(config), abortOnError: false });
  app.use(requestLogging(app.get(Metrics)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA), issuer = institution id' }).setTitle(title).setDescription(`The ${config.serviceName} service's HTTP API`).setVersion('1').build(),
  );
  // Request bodies are class-validator classes (libs/contracts): their schemas come from those rules.
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: "#/components/schemas/" }) as Record<string, object>;
  document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), ...(schemas as NonNullable<typeof document.components>['schemas']) } };
  for (const body of DOCUMENTED_BODIES) if (!schemas[body.name]) document.components.schemas![body.name] = { type: 'object' };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

/**
 * Entry point of every service: validates the environment first (a bad value exits with
 * code 1 and a message naming the variable), then builds and starts the application.
 */
export async function bootstrapService(
  serviceName: string,
  title: string,
  moduleFor: (config: ResolvedServiceConfig) => DynamicModule,
): Promise<INestApplication> {
  let config: ResolvedServiceConfig;
  try {
    config = loadServiceConfig(serviceName);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`[${serviceName}] cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = new Logger('Bootstrap');
  // A stray rejection in a client library (say, a Kafka connection dropped mid-request) must
  // not take the whole service down: log it loudly; /health reports the broken component.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  try {
    const app = await createServiceApp(moduleFor(config), config, title);
    await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
    logger.log(`${serviceName} listening on port ${config.port} (schema ${config.databaseSchema}, Kafka ${config.kafkaBrokers.join(',')})`);
    return app;
  } catch (error) {
    process.stderr.write(`[${serviceName}] failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
