import { CreateTransparencyLog1763800000008 } from './1763800000008-create-transparency-log';

export const TRANSPARENCY_LOG_MIGRATIONS = [CreateTransparencyLog1763800000008];
