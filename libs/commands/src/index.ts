export * from './command-runner';
export * from './record-command';
export * from './stream-state.query';
export * from './migrations';
export * from './representation';
