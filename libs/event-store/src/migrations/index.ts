import { CreateEventStore1763800000000 } from './1763800000000-create-event-store';
import { CreateNetworkTables1763800000001 } from './1763800000001-create-network-tables';
import { CreateAccessLog1763800000002 } from './1763800000002-create-access-log';
import { CreateAuditCheckpoints1763800000003 } from './1763800000003-create-audit-checkpoints';
import { CreatePersonKeys1763800000004 } from './1763800000004-create-person-keys';
import { IndexCasePersons1763800000005 } from './1763800000005-index-case-persons';
import { CreateNetworkLog1763800000006 } from './1763800000006-create-network-log';
import { CreateNetworkLogParticipants1763800000007 } from './1763800000007-create-network-log-participants';

export const EVENT_STORE_MIGRATIONS = [CreateEventStore1763800000000, CreateNetworkTables1763800000001, CreateAccessLog1763800000002, CreateAuditCheckpoints1763800000003, CreatePersonKeys1763800000004, IndexCasePersons1763800000005, CreateNetworkLog1763800000006, CreateNetworkLogParticipants1763800000007];
