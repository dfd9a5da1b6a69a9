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

/** Defaults of the optional settings (README.md, Configuration). */
export const CONFIG_DEFAULTS = {
  host: '0.0.0.0',
  consumerLagLimit: 10_000,
  consumerStallMs: 60_000,
  checkpointIntervalMs: 60_000,
  outboxLagLimitMs: 60_000,
  healthRefreshMs: 1_000,
  tokenMaxLifetimeSeconds: 24 * 3600,
  tokenClockSkewSeconds: 60,
  streamsPerUser: 10,
  streamsPerInstitution: 100,
  streamReadConnections: 2,
  witnessStallIntervals: 3,
} as const;

/**
 * Reads and validates a service's configuration. Throws a ConfigurationError naming every
 * missing or malformed variable; never returns a half-valid configuration.
 */
export function loadServiceConfig(serviceName: string, env: NodeJS.ProcessEnv = process.env): ResolvedServiceConfig {
  const raw = plainToInstance(ServiceConfig, { ...env }, { enableImplicitConversion: false });
  const problems = flatten(validateSync(raw, { skipMissingProperties: false, forbidUnknownValues: false }), env);
  if (raw.METRICS_PORT !== undefined && raw.METRICS_PORT === raw.PORT) {
    problems.push(`METRICS_PORT must be an integer TCP port between 1 and 65535, other than PORT (Prometheus metrics are served there) (got "${env.METRICS_PORT}", the same as PORT)`);
  }
  if (raw.KAFKA_MIN_INSYNC_REPLICAS !== undefined && raw.KAFKA_MIN_INSYNC_REPLICAS > (raw.KAFKA_REPLICATION_FACTOR ?? 1)) {
    problems.push(`KAFKA_MIN_INSYNC_REPLICAS must be a whole number between 1 and KAFKA_REPLICATION_FACTOR (2 on a cluster of three) (got "${env.KAFKA_MIN_INSYNC_REPLICAS}", more than the replication factor ${raw.KAFKA_REPLICATION_FACTOR ?? 1})`);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  const d = CONFIG_DEFAULTS;
  const replicationFactor = raw.KAFKA_REPLICATION_FACTOR ?? 1;
  return {
    serviceName,
    port: raw.PORT,
    host: raw.HOST || d.host,
    metricsPort: raw.METRICS_PORT,
    databaseUrl: raw.DATABASE_URL,
    databaseSchema: raw.DATABASE_SCHEMA ?? serviceName.replace(/-/g, '_'),
    kafkaBrokers: raw.KAFKA_BROKERS.split(','),
    kafkaClientId: raw.KAFKA_CLIENT_ID ?? serviceName,
    topicPrefix: raw.KAFKA_TOPIC_PREFIX ?? 'inclusion',
    // default: a write needs 2 copies once there are 3 or more (a cluster survives one broker), else 1
    kafkaReplication: { replicationFactor, minInsyncReplicas: raw.KAFKA_MIN_INSYNC_REPLICAS ?? (replicationFactor >= 3 ? 2 : 1) },
    logLevel: raw.LOG_LEVEL ?? 'log',
    logFormat: raw.LOG_FORMAT ?? 'json',
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    consumerLagLimit: raw.CONSUMER_LAG_LIMIT ?? d.consumerLagLimit,
    consumerStallMs: raw.CONSUMER_STALL_MS ?? d.consumerStallMs,
    checkpointIntervalMs: raw.CHECKPOINT_INTERVAL_MS ?? d.checkpointIntervalMs,
    outboxLagLimitMs: raw.OUTBOX_LAG_LIMIT_MS ?? d.outboxLagLimitMs,
    healthRefreshMs: raw.HEALTH_REFRESH_MS ?? d.healthRefreshMs,
    tokens: {
      maxLifetimeSeconds: raw.TOKEN_MAX_LIFETIME_SECONDS ?? d.tokenMaxLifetimeSeconds,
      clockSkewSeconds: raw.TOKEN_CLOCK_SKEW_SECONDS ?? d.tokenClockSkewSeconds,
    },
    streams: {
      perUser: raw.STREAMS_PER_USER ?? d.streamsPerUser,
      perInstitution: raw.STREAMS_PER_INSTITUTION ?? d.streamsPerInstitution,
      readConnections: raw.STREAM_READ_CONNECTIONS ?? d.streamReadConnections,
    },
    witnessUrls: raw.WITNESS_URLS ? raw.WITNESS_URLS.split(',').map((url) => url.trim().replace(/\/+$/, '')) : [],
    witnessStallIntervals: raw.WITNESS_STALL_INTERVALS ?? d.witnessStallIntervals,
    eventSigningKeysDir: raw.EVENT_SIGNING_KEYS_DIR?.replace(/\{service\}/g, serviceName) || undefined,
    eventSigningKeysJson: raw.EVENT_SIGNING_KEYS_JSON?.trim() || undefined,
  };
}
