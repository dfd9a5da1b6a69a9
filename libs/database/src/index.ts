export * from './create-data-source';
export * from './tokens';
