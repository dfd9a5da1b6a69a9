import { ConfigurationError, loadServiceConfig } from './load-config';

const valid = {
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/inclusion',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094',
};

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadServiceConfig('social-services', env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

describe('loadServiceConfig', () => {
  it('parses a valid environment and fills the defaults', () => {
    expect(loadServiceConfig('social-services', valid)).toEqual({
      serviceName: 'social-services',
      port: 3001,
      databaseUrl: valid.DATABASE_URL,
      databaseSchema: 'social_services',
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9094'],
      kafkaClientId: 'social-services',
      topicPrefix: 'inclusion',
      logLevel: 'log',
      logFormat: 'json',
      shutdownTimeoutMs: 10_000,
    });
  });

  it('reads SHUTDOWN_TIMEOUT_MS and refuses a bound that is not a sane number of milliseconds', () => {
    expect(loadServiceConfig('social-services', { ...valid, SHUTDOWN_TIMEOUT_MS: '25000' }).shutdownTimeoutMs).toBe(25_000);
    expect(problemsOf({ ...valid, SHUTDOWN_TIMEOUT_MS: '10s' })).toEqual(['SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000 (got "10s")']);
    expect(problemsOf({ ...valid, SHUTDOWN_TIMEOUT_MS: '50' })).toEqual(['SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000 (got "50")']);
  });

  it('names every missing variable and what it expects', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT is not set: PORT must be an integer TCP port/),
        expect.stringMatching(/^DATABASE_URL is not set: DATABASE_URL must be a PostgreSQL URL/),
        expect.stringMatching(/^KAFKA_BROKERS is not set: KAFKA_BROKERS must be a comma-separated list of host:port/),
      ]),
    );
  });

  it('names every malformed variable with the value it got', () => {
    const problems = problemsOf({
      ...valid,
      PORT: '70000',
      DATABASE_URL: 'mysql://x/y',
      KAFKA_BROKERS: 'localhost',
      DATABASE_SCHEMA: 'Drop Table',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual([
      'PORT must be an integer TCP port between 1 and 65535 (got "70000")',
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/inclusion (got "mysql://x/y")',
      'DATABASE_SCHEMA must be a lower-case SQL identifier (letters, digits, underscore), such as social_services (got "Drop Table")',
      'KAFKA_BROKERS must be a comma-separated list of host:port, such as 127.0.0.1:9092 (got "localhost")',
      'LOG_LEVEL must be one of error, warn, log, debug, verbose (got "loud")',
    ]);
  });

  it('rejects a port that is not a number', () => {
    expect(problemsOf({ ...valid, PORT: 'abc' })).toEqual(['PORT must be an integer TCP port between 1 and 65535 (got "abc")']);
  });
});
