export * from './network-log';
export * from './migrations';
