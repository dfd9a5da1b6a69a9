import { CreateIdempotencyKeys1763800000014 } from './1763800000014-create-idempotency-keys';

/** libs/commands's tables: the responses of idempotent commands. */
export const COMMANDS_MIGRATIONS = [CreateIdempotencyKeys1763800000014];
