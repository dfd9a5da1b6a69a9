export * from './witness';
export * from './witness.health';
export * from './migrations';
