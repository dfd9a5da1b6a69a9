export * from './case-facts';
export * from './table-facts';
export * from './programme-facts';
export * from './risk';
export * from './scope';
export * from './indicators';
export * from './compliance';
export * from './projections';
