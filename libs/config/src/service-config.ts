import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsJSON, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toNumber = ({ value }: { value: unknown }) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : Number(value));

/** An optional whole number between `min` and `max`; `message` says what the variable expects. */
const OptionalWholeNumber =
  (min: number, max: number, message: string): PropertyDecorator =>
  (target, key) => {
    for (const decorate of [IsOptional(), Transform(toNumber), IsInt({ message }), Min(min, { message }), Max(max, { message })]) decorate(target, key as string);
  };

/**
 * Every setting a service reads from its environment. Each rule's message says what the
 * variable expects, so a bad value stops the service with a sentence an operator can act on.
 */
export class ServiceConfig {
  @Transform(({ value }) => (value === undefined || value === '' ? value : Number(value)))
  @IsInt({ message: 'PORT must be an integer TCP port between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer TCP port between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer TCP port between 1 and 65535' })
  PORT: number;

  @IsOptional()
  @Transform(trim)
  @Matches(/^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}))$/, {
    message: 'HOST must be an interface address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::',
  })
  HOST?: string;

  @OptionalWholeNumber(1, 65535, 'METRICS_PORT must be an integer TCP port between 1 and 65535, other than PORT (Prometheus metrics are served there)')
  METRICS_PORT?: number;

  @Transform(trim)
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/inclusion',
  })
  DATABASE_URL: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: 'DATABASE_SCHEMA must be a lower-case SQL identifier (letters, digits, underscore), such as social_services',
  })
  DATABASE_SCHEMA?: string;

  @Transform(trim)
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port, such as 127.0.0.1:9092',
  })
  KAFKA_BROKERS: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be 1-100 letters, digits, dots, dashes or underscores' })
  KAFKA_CLIENT_ID?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,40}$/, { message: 'KAFKA_TOPIC_PREFIX must be 1-41 lower-case letters, digits or dashes, such as inclusion' })
  KAFKA_TOPIC_PREFIX?: string;

  @OptionalWholeNumber(1, 15, 'KAFKA_REPLICATION_FACTOR must be a whole number of copies between 1 and 15 (1 on a single broker, 3 on a cluster of three), at most the number of brokers')
  KAFKA_REPLICATION_FACTOR?: number;

  @OptionalWholeNumber(1, 15, 'KAFKA_MIN_INSYNC_REPLICAS must be a whole number between 1 and KAFKA_REPLICATION_FACTOR (2 on a cluster of three)')
  KAFKA_MIN_INSYNC_REPLICAS?: number;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose',
  })
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT?: 'json' | 'text';

  @OptionalWholeNumber(1000, 600_000, 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000')
  SHUTDOWN_TIMEOUT_MS?: number;

  @OptionalWholeNumber(0, 1_000_000_000, 'CONSUMER_LAG_LIMIT must be a whole number of messages between 0 and 1000000000')
  CONSUMER_LAG_LIMIT?: number;

  @OptionalWholeNumber(5_000, 3_600_000, 'CONSUMER_STALL_MS must be a whole number of milliseconds between 5000 and 3600000')
  CONSUMER_STALL_MS?: number;

  @OptionalWholeNumber(1000, 86_400_000, 'CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds between 1000 and 86400000')
  CHECKPOINT_INTERVAL_MS?: number;

  @OptionalWholeNumber(1000, 86_400_000, 'OUTBOX_LAG_LIMIT_MS must be a whole number of milliseconds between 1000 and 86400000')
  OUTBOX_LAG_LIMIT_MS?: number;

  @OptionalWholeNumber(100, 60_000, 'HEALTH_REFRESH_MS must be a whole number of milliseconds between 100 and 60000')
  HEALTH_REFRESH_MS?: number;

  @OptionalWholeNumber(60, 604_800, 'TOKEN_MAX_LIFETIME_SECONDS must be a whole number of seconds between 60 and 604800 (7 days)')
  TOKEN_MAX_LIFETIME_SECONDS?: number;

  @OptionalWholeNumber(0, 600, 'TOKEN_CLOCK_SKEW_SECONDS must be a whole number of seconds between 0 and 600')
  TOKEN_CLOCK_SKEW_SECONDS?: number;

  @OptionalWholeNumber(1, 1000, 'STREAMS_PER_USER must be a whole number between 1 and 1000')
  STREAMS_PER_USER?: number;

  @OptionalWholeNumber(1, 10_000, 'STREAMS_PER_INSTITUTION must be a whole number between 1 and 10000')
  STREAMS_PER_INSTITUTION?: number;

  @OptionalWholeNumber(1, 20, 'STREAM_READ_CONNECTIONS must be a whole number between 1 and 20')
  STREAM_READ_CONNECTIONS?: number;

  /** Witnesses' base URLs (comma-separated): verification fetches their cosigned checkpoints of this service's logs from `<url>/audit/witness/checkpoints`. */
  @IsOptional()
  @Transform(trim)
  @Matches(/^https?:\/\/[^\s,/]+(\/[^\s,]*)?(\s*,\s*https?:\/\/[^\s,/]+(\/[^\s,]*)?)*$/, {
    message: 'WITNESS_URLS must be a comma-separated list of http(s) base URLs of witnesses, such as http://127.0.0.1:3004',
  })
  WITNESS_URLS?: string;

  @OptionalWholeNumber(1, 1000, 'WITNESS_STALL_INTERVALS must be a whole number of checkpoint intervals between 1 and 1000')
  WITNESS_STALL_INTERVALS?: number;

  /** Directory of the private event-signing keys this service holds, `<institutionId>.<keyId>.pem`; `{service}` stands for the service name. */
  @IsOptional()
  @Transform(trim)
  @Matches(/^[^\0\n\r]{1,1000}$/, { message: 'EVENT_SIGNING_KEYS_DIR must be the path of a directory of PEM files named <institutionId>.<keyId>.pem ({service} stands for the service name), such as infra/dev-keys/events/{service}' })
  EVENT_SIGNING_KEYS_DIR?: string;

  /** The private event-signing keys themselves (tests, containers): wins over EVENT_SIGNING_KEYS_DIR. */
  @IsOptional()
  @IsJSON({ message: 'EVENT_SIGNING_KEYS_JSON must be a JSON array of {"institutionId", "keyId", "privateKey" (PEM, PKCS#8 Ed25519)}' })
  EVENT_SIGNING_KEYS_JSON?: string;
}

/** How far the service trusts a token's times (see libs/access verifyToken). */
export interface TokenPolicy {
  /** The longest a token may be valid: exp - iat (seconds). */
  maxLifetimeSeconds: number;
  /** How far in the future iat and nbf may be (the issuer's clock runs ahead), and how long past exp a token is still taken (seconds). */
  clockSkewSeconds: number;
}

/** The configuration as the rest of the code sees it: parsed, defaulted, typed. */
export interface ResolvedServiceConfig {
  serviceName: string;
  port: number;
  /** Interface the HTTP (and metrics) listeners bind to. */
  host: string;
  /** Port of the Prometheus scrape endpoint (GET /metrics); none: metrics are not served. */
  metricsPort?: number;
  databaseUrl: string;
  databaseSchema: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  /** Prefix of every topic and consumer group name (several networks can share a broker). */
  topicPrefix: string;
  /** Replication of the topics the service creates: copies per partition, and the in-sync copies an acks=all write needs. */
  kafkaReplication: { replicationFactor: number; minInsyncReplicas: number };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  logFormat: 'json' | 'text';
  /** On SIGTERM/SIGINT: the longest the drain (HTTP, consumers, relay) and the closing may take before the process exits with 1. */
  shutdownTimeoutMs: number;
  /** /health reports consumers down beyond this many unread messages. */
  consumerLagLimit: number;
  /** A consumer whose assigned partition has messages waiting and does not progress this long (no batch in flight) is replaced. */
  consumerStallMs: number;
  /** How often signed checkpoints are published. */
  checkpointIntervalMs: number;
  /** /health reports the outbox down when its oldest unpublished row is older. */
  outboxLagLimitMs: number;
  /** How often readiness (GET /health) is checked in the background; /health answers from the last check. */
  healthRefreshMs: number;
  tokens: TokenPolicy;
  /** Live event streams (regional delegation): open streams allowed per user and per institution, and the connections their reads may use. */
  streams: { perUser: number; perInstitution: number; readConnections: number };
  /** Witnesses whose cosigned checkpoints verification fetches (WITNESS_URLS), without a trailing slash. */
  witnessUrls: string[];
  /** A witness raises a stall alarm when an institution's log has had no checkpoint cosigned for this many checkpoint intervals. */
  witnessStallIntervals: number;
  /** Where the private event-signing keys come from (libs/event-store StaticSigningKeyProvider): the directory ({service} replaced)... */
  eventSigningKeysDir?: string;
  /** ...or the keys as JSON, which wins. Neither: the service refuses to start. */
  eventSigningKeysJson?: string;
}
