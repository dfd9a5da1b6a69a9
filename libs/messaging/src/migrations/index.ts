import { CreateAuditCheckpoints1763800000003 } from './1763800000003-create-audit-checkpoints';
import { RelayCursor1763800000020 } from './1763800000020-relay-cursor';

/** libs/messaging's tables: the audit checkpoints published and the relay's cursor. */
export const MESSAGING_MIGRATIONS = [CreateAuditCheckpoints1763800000003, RelayCursor1763800000020];
