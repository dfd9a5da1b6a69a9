import { CreateNetworkLog1763800000006 } from './1763800000006-create-network-log';
import { CreateNetworkLogParticipants1763800000007 } from './1763800000007-create-network-log-participants';

/** libs/network-log's tables (the delegation keeps the network log): the network log, its participants and enrolments, and the projections over it. */
export const NETWORK_LOG_MIGRATIONS = [CreateNetworkLog1763800000006, CreateNetworkLogParticipants1763800000007];
