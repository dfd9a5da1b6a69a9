/** Injection token for the service's PostgreSQL DataSource (its own schema). */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
