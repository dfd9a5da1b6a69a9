import { CreateEventStore1763800000000 } from './1763800000000-create-event-store';

export const EVENT_STORE_MIGRATIONS = [CreateEventStore1763800000000];
