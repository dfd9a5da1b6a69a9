/** Injection token for the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');
