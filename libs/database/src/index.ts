export * from './create-data-source';
