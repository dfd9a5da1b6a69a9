import { CreateNetworkTables1763800000001 } from './1763800000001-create-foreign-events';
import { IndexForeignStreams1763800000011 } from './1763800000011-index-foreign-streams';
import { CreatePendingReactions1763800000012 } from './1763800000012-create-pending-reactions';

/** libs/network-member's tables: other institutions' events received, and reactions waiting for their institution. */
export const NETWORK_MEMBER_MIGRATIONS = [CreateNetworkTables1763800000001, IndexForeignStreams1763800000011, CreatePendingReactions1763800000012];
