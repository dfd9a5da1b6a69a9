export * from './institution-registry';
export * from './tokens';
export * from './redaction';
