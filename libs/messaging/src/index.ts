export * from './kafka-client';
export * from './topic-admin';
export * from './backoff';
export * from './outbox-relay';
export * from './decode-event';
export * from './envelope-shape';
export * from './event-consumer';
export * from './authenticity';
