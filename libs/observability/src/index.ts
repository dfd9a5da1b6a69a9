export * from './logging/log-context';
export * from './logging/pino-logger';
export * from './metrics/metrics';
export * from './metrics/metrics-server';
export * from './metrics/bounded-reading';
