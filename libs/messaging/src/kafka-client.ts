import { Logger } from '@nestjs/common';
import { Kafka, logLevel, LogEntry } from 'kafkajs';
// Stops kafkajs 2.2.4's idle timer loop on every broker connection (see the module).
import './kafkajs-idle-loop-fix';

const nestLevel: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through Nest's logger, so broker trouble appears in the service's JSON log. */
const kafkaLogCreator = () => {
  const logger = new Logger('Kafka');
  return ({ level, log }: LogEntry) => {
    // kafkajs' `correlationId` numbers its protocol requests: renamed, so that `correlationId`
    // in a log line always means the request or event being handled. `timestamp` repeats `time`.
    const { message, correlationId, timestamp: _timestamp, ...rest } = log;
    logger[nestLevel[level] ?? 'log']({ message, ...rest, ...(correlationId === undefined ? {} : { kafkaCorrelationId: correlationId }) });
  };
};

/** How the topics a service creates are replicated (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS). */
export interface TopicReplication {
  /** Copies of each partition, on as many brokers (1 on a single broker, 3 on a cluster). */
  replicationFactor: number;
  /** In-sync copies a write with acks=all needs; below it the partition refuses writes (NOT_ENOUGH_REPLICAS) rather than keep a single copy. */
  minInsyncReplicas: number;
}

export const SINGLE_BROKER_REPLICATION: TopicReplication = { replicationFactor: 1, minInsyncReplicas: 1 };

const replicationOf = new WeakMap<Kafka, TopicReplication>();

/** The replication ensureTopics gives the topics it creates through this client (one broker's unless createKafka was told otherwise). */
export const topicReplicationOf = (kafka: Kafka): TopicReplication => replicationOf.get(kafka) ?? SINGLE_BROKER_REPLICATION;

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Whether kafkajs logs its own info lines (noisy); warnings and errors always. */
  verbose?: boolean;
  /** Replication of the topics created through this client (default: one copy, a single broker). */
  replication?: TopicReplication;
}

const RETRY = { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 };

/**
 * The service's Kafka client. Every producer made from it is idempotent with one request in
 * flight per broker unless its caller says otherwise (the broker drops a batch a retry sends
 * twice, and keeps each partition's order across retries), and every send of the services
 * asks for acks=all (-1): with min.insync.replicas 2 on a cluster of 3, an acknowledged event
 * is on two brokers and survives the loss of either.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    logLevel: options.verbose ? logLevel.INFO : logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: RETRY,
  });
  replicationOf.set(kafka, options.replication ?? SINGLE_BROKER_REPLICATION);
  const producer = kafka.producer.bind(kafka);
  // kafkajs' idempotent producer would otherwise retry a send forever (Number.MAX_SAFE_INTEGER
  // times) while a broker is away; the client's bounded retries let the caller's own loop
  // (the relay's backoff, a publisher's next tick) take over, and resend the same messages.
  kafka.producer = (config = {}) => producer(config.idempotent === undefined ? { idempotent: true, maxInFlightRequests: 1, retry: RETRY, ...config } : config);
  return kafka;
}
