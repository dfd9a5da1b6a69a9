export * from './tokens';
export * from './platform.module';
export * from './bootstrap';
export * from './http/http-error.filter';
export * from './http/validation.pipe';
export * from './messaging/event-backbone';
