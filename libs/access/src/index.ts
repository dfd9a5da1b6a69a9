export * from './institution-registry';
export * from './tokens';
