import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

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

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose',
  })
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT?: 'json' | 'text';

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000' })
  @Min(1000, { message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000' })
  @Max(600_000, { message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000' })
  SHUTDOWN_TIMEOUT_MS?: number;
}

/** The configuration as the rest of the code sees it: parsed, defaulted, typed. */
export interface ResolvedServiceConfig {
  serviceName: string;
  port: number;
  databaseUrl: string;
  databaseSchema: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  /** Prefix of every topic and consumer group name (several networks can share a broker). */
  topicPrefix: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  logFormat: 'json' | 'text';
  /** On SIGTERM/SIGINT: the longest the drain (HTTP, consumers, relay) and the closing may take before the process exits with 1. */
  shutdownTimeoutMs: number;
}
