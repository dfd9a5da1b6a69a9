import { CreateEventStore1763800000000 } from './1763800000000-create-event-store';
import { CreateNetworkTables1763800000001 } from './1763800000001-create-network-tables';
import { CreateAccessLog1763800000002 } from './1763800000002-create-access-log';
import { CreateAuditCheckpoints1763800000003 } from './1763800000003-create-audit-checkpoints';
import { CreatePersonKeys1763800000004 } from './1763800000004-create-person-keys';
import { IndexCasePersons1763800000005 } from './1763800000005-index-case-persons';
import { CreateNetworkLog1763800000006 } from './1763800000006-create-network-log';
import { CreateNetworkLogParticipants1763800000007 } from './1763800000007-create-network-log-participants';
import { RegistrySigningKeys1763800000009 } from './1763800000009-registry-signing-keys';
import { PersonKeyHolders1763800000010 } from './1763800000010-person-key-holders';
import { IndexForeignStreams1763800000011 } from './1763800000011-index-foreign-streams';
import { CreatePendingReactions1763800000012 } from './1763800000012-create-pending-reactions';
import { WitnessedTransparencyLogs1763800000013 } from './1763800000013-witnessed-transparency-logs';
import { TRANSPARENCY_LOG_MIGRATIONS } from '@inclusion/transparency-log';
// Relative, not @inclusion/messaging: messaging imports the event store.
import { MESSAGING_MIGRATIONS } from '../../../messaging/src/migrations/1763800000020-relay-cursor';

export const EVENT_STORE_MIGRATIONS = [CreateEventStore1763800000000, CreateNetworkTables1763800000001, CreateAccessLog1763800000002, CreateAuditCheckpoints1763800000003, CreatePersonKeys1763800000004, IndexCasePersons1763800000005, CreateNetworkLog1763800000006, CreateNetworkLogParticipants1763800000007, ...TRANSPARENCY_LOG_MIGRATIONS, RegistrySigningKeys1763800000009, PersonKeyHolders1763800000010, IndexForeignStreams1763800000011, CreatePendingReactions1763800000012, WitnessedTransparencyLogs1763800000013, ...MESSAGING_MIGRATIONS];
