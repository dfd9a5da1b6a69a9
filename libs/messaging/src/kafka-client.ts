import { Logger } from '@nestjs/common';
import { Kafka, logLevel, LogEntry } from 'kafkajs';

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

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Whether kafkajs logs its own info lines (noisy); warnings and errors always. */
  verbose?: boolean;
}

export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    logLevel: options.verbose ? logLevel.INFO : logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
  });
}
