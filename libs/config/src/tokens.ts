/** Injection token for the service's validated configuration (ResolvedServiceConfig). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
