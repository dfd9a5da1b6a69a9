import { CreateAccessLog1763800000002 } from './1763800000002-create-access-log';

/** libs/access's tables: the access log (who read what, for which purpose). */
export const ACCESS_MIGRATIONS = [CreateAccessLog1763800000002];
