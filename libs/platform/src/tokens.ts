/** Injection tokens for what every service has: its configuration, database and Kafka client. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const KAFKA = Symbol('KAFKA');
export const INSTITUTION_REGISTRY = Symbol('INSTITUTION_REGISTRY');
/** The SigningKeyProvider (libs/event-store) that gives the event store its private event-signing keys, from outside the database. */
export const SIGNING_KEY_PROVIDER = Symbol('SIGNING_KEY_PROVIDER');
