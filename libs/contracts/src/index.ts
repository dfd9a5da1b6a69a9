import 'reflect-metadata';
export * from './envelope';
export * from './topics';
export * from './catalogue/event-catalogue';
export * from './catalogue/validate-payload';
export * from './catalogue/catalogue';
export * from './catalogue/events-doc';
export * from './events/case.events';
export * from './events/incident.events';
