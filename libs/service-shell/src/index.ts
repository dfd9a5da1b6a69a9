export * from './service-shell.module';
export * from './bootstrap';
export * from './http/http-error.filter';
export * from './http/validation.pipe';
export * from './http/http-drain';
export * from './http/api-command';
export * from './http/api-query';
export * from './http/openapi';
