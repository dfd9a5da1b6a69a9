/** Injection tokens for what every service has: its configuration, database and Kafka client. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const KAFKA = Symbol('KAFKA');
export const INSTITUTION_REGISTRY = Symbol('INSTITUTION_REGISTRY');
