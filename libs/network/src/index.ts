export * from './network.module';
export * from './tables/tables.module';
export * from './tables/tables.controller';
export * from './knowledge/foreign-events';
export * from './knowledge/case-knowledge';
export * from './knowledge/network-replication';
export * from './cases/case-params';
