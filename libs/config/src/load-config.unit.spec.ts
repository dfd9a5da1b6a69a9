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
      host: '0.0.0.0',
      metricsPort: undefined,
      databaseUrl: valid.DATABASE_URL,
      databaseSchema: 'social_services',
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9094'],
      kafkaClientId: 'social-services',
      topicPrefix: 'inclusion',
      kafkaReplication: { replicationFactor: 1, minInsyncReplicas: 1 },
      logLevel: 'log',
      logFormat: 'json',
      shutdownTimeoutMs: 10_000,
      consumerLagLimit: 10_000,
      consumerStallMs: 60_000,
      checkpointIntervalMs: 60_000,
      outboxLagLimitMs: 60_000,
      healthRefreshMs: 1_000,
      tokens: { maxLifetimeSeconds: 86_400, clockSkewSeconds: 60 },
      streams: { perUser: 10, perInstitution: 100, readConnections: 2 },
      witnessUrls: [],
      witnessStallIntervals: 3,
    });
  });

  it('reads the witnesses to fetch cosigned checkpoints from and the stall bound, and names a bad value', () => {
    const config = loadServiceConfig('social-services', { ...valid, WITNESS_URLS: 'http://127.0.0.1:3004/, https://witness.example.org/base', WITNESS_STALL_INTERVALS: '5' });
    expect(config).toMatchObject({ witnessUrls: ['http://127.0.0.1:3004', 'https://witness.example.org/base'], witnessStallIntervals: 5 });
    expect(() => loadServiceConfig('social-services', { ...valid, WITNESS_URLS: 'ftp://witness', WITNESS_STALL_INTERVALS: '0' })).toThrow(
      expect.objectContaining({
        problems: [
          'WITNESS_URLS must be a comma-separated list of http(s) base URLs of witnesses, such as http://127.0.0.1:3004 (got "ftp://witness")',
          'WITNESS_STALL_INTERVALS must be a whole number of checkpoint intervals between 1 and 1000 (got "0")',
        ],
      }),
    );
  });

  it('reads every variable the services use (none is read raw elsewhere)', () => {
    const config = loadServiceConfig('regional-delegation', {
      ...valid,
      HOST: '127.0.0.1',
      METRICS_PORT: '9404',
      CONSUMER_LAG_LIMIT: '500',
      CONSUMER_STALL_MS: '20000',
      CHECKPOINT_INTERVAL_MS: '2000',
      OUTBOX_LAG_LIMIT_MS: '30000',
      TOKEN_MAX_LIFETIME_SECONDS: '3600',
      TOKEN_CLOCK_SKEW_SECONDS: '0',
      STREAMS_PER_USER: '3',
      STREAMS_PER_INSTITUTION: '7',
      STREAM_READ_CONNECTIONS: '4',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      metricsPort: 9404,
      consumerLagLimit: 500,
      consumerStallMs: 20_000,
      checkpointIntervalMs: 2000,
      outboxLagLimitMs: 30_000,
      tokens: { maxLifetimeSeconds: 3600, clockSkewSeconds: 0 },
      streams: { perUser: 3, perInstitution: 7, readConnections: 4 },
    });
  });

  it('names every malformed optional variable at once, with the value it got', () => {
    const problems = problemsOf({
      ...valid,
      HOST: 'not a host!',
      METRICS_PORT: '99999',
      CONSUMER_LAG_LIMIT: 'many',
      CONSUMER_STALL_MS: '1000',
      CHECKPOINT_INTERVAL_MS: '1m',
      OUTBOX_LAG_LIMIT_MS: '-5',
      TOKEN_MAX_LIFETIME_SECONDS: '1576800000',
      TOKEN_CLOCK_SKEW_SECONDS: '31536000',
      STREAMS_PER_USER: '0',
      STREAMS_PER_INSTITUTION: '2.5',
      STREAM_READ_CONNECTIONS: '100',
    });
    expect(problems).toEqual([
      'HOST must be an interface address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or :: (got "not a host!")',
      'METRICS_PORT must be an integer TCP port between 1 and 65535, other than PORT (Prometheus metrics are served there) (got "99999")',
      'CONSUMER_LAG_LIMIT must be a whole number of messages between 0 and 1000000000 (got "many")',
      'CONSUMER_STALL_MS must be a whole number of milliseconds between 5000 and 3600000 (got "1000")',
      'CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds between 1000 and 86400000 (got "1m")',
      'OUTBOX_LAG_LIMIT_MS must be a whole number of milliseconds between 1000 and 86400000 (got "-5")',
      'TOKEN_MAX_LIFETIME_SECONDS must be a whole number of seconds between 60 and 604800 (7 days) (got "1576800000")',
      'TOKEN_CLOCK_SKEW_SECONDS must be a whole number of seconds between 0 and 600 (got "31536000")',
      'STREAMS_PER_USER must be a whole number between 1 and 1000 (got "0")',
      'STREAMS_PER_INSTITUTION must be a whole number between 1 and 10000 (got "2.5")',
      'STREAM_READ_CONNECTIONS must be a whole number between 1 and 20 (got "100")',
    ]);
  });

  it('reads the replication of the topics a service creates: one copy by default, 2 in sync of 3 on a cluster', () => {
    expect(loadServiceConfig('social-services', { ...valid, KAFKA_REPLICATION_FACTOR: '3' }).kafkaReplication).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(loadServiceConfig('social-services', { ...valid, KAFKA_REPLICATION_FACTOR: '2' }).kafkaReplication).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(loadServiceConfig('social-services', { ...valid, KAFKA_REPLICATION_FACTOR: '5', KAFKA_MIN_INSYNC_REPLICAS: '3' }).kafkaReplication).toEqual({ replicationFactor: 5, minInsyncReplicas: 3 });
    expect(problemsOf({ ...valid, KAFKA_REPLICATION_FACTOR: '0', KAFKA_MIN_INSYNC_REPLICAS: 'two' })).toEqual([
      'KAFKA_REPLICATION_FACTOR must be a whole number of copies between 1 and 15 (1 on a single broker, 3 on a cluster of three), at most the number of brokers (got "0")',
      'KAFKA_MIN_INSYNC_REPLICAS must be a whole number between 1 and KAFKA_REPLICATION_FACTOR (2 on a cluster of three) (got "two")',
    ]);
    expect(problemsOf({ ...valid, KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '4' })).toEqual([
      'KAFKA_MIN_INSYNC_REPLICAS must be a whole number between 1 and KAFKA_REPLICATION_FACTOR (2 on a cluster of three) (got "4", more than the replication factor 3)',
    ]);
  });

  it('refuses a metrics port that is the HTTP port', () => {
    expect(problemsOf({ ...valid, METRICS_PORT: '3001' })).toEqual([
      'METRICS_PORT must be an integer TCP port between 1 and 65535, other than PORT (Prometheus metrics are served there) (got "3001", the same as PORT)',
    ]);
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
