import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ResolvedServiceConfig, ServiceConfig } from './service-config';

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

const flatten = (errors: ValidationError[], env: NodeJS.ProcessEnv): string[] =>
  errors.flatMap((error) => {
    const messages = Object.values(error.constraints ?? {});
    const given = env[error.property];
    const missing = given === undefined || given.trim() === '';
    // One sentence per variable: the first rule's message says what it expects.
    const expects = messages[messages.length - 1] ?? `${error.property} is invalid`;
    return [missing ? `${error.property} is not set: ${expects}` : `${expects} (got "${given}")`];
  });

/**
 * Reads and validates a service's configuration. Throws a ConfigurationError naming every
 * missing or malformed variable; never returns a half-valid configuration.
 */
export function loadServiceConfig(serviceName: string, env: NodeJS.ProcessEnv = process.env): ResolvedServiceConfig {
  const raw = plainToInstance(ServiceConfig, { ...env }, { enableImplicitConversion: false });
  const problems = flatten(validateSync(raw, { skipMissingProperties: false, forbidUnknownValues: false }), env);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    serviceName,
    port: raw.PORT,
    databaseUrl: raw.DATABASE_URL,
    databaseSchema: raw.DATABASE_SCHEMA ?? serviceName.replace(/-/g, '_'),
    kafkaBrokers: raw.KAFKA_BROKERS.split(','),
    kafkaClientId: raw.KAFKA_CLIENT_ID ?? serviceName,
    topicPrefix: raw.KAFKA_TOPIC_PREFIX ?? 'inclusion',
    logLevel: raw.LOG_LEVEL ?? 'log',
    logFormat: raw.LOG_FORMAT ?? 'json',
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS ?? 10_000,
  };
}
