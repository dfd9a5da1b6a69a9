import { CreateEventStore1763800000000 } from './1763800000000-create-event-store';
import { CreatePersonKeys1763800000004 } from './1763800000004-create-person-keys';
import { IndexCasePersons1763800000005 } from './1763800000005-index-case-persons';
import { RegistrySigningKeys1763800000009 } from './1763800000009-registry-signing-keys';
import { PersonKeyHolders1763800000010 } from './1763800000010-person-key-holders';
import { WitnessedTransparencyLogs1763800000013 } from './1763800000013-transparency-log-publications';
import { OpenCasePerPerson1763800000030 } from './1763800000030-open-case-per-person';
import { OutboxWithoutHeaders1763800000031 } from './1763800000031-outbox-without-headers';
import { TRANSPARENCY_LOG_MIGRATIONS } from '@inclusion/transparency-log';

/** The event store's tables (events, streams, outbox, inbox, chain heads, signing keys, person keys, log publications), its transparency log's included. */
export const EVENT_STORE_MIGRATIONS = [...TRANSPARENCY_LOG_MIGRATIONS, CreateEventStore1763800000000, CreatePersonKeys1763800000004, IndexCasePersons1763800000005, RegistrySigningKeys1763800000009, PersonKeyHolders1763800000010, WitnessedTransparencyLogs1763800000013, OpenCasePerPerson1763800000030, OutboxWithoutHeaders1763800000031];
export { openCasesTriggerSql } from './1763800000030-open-case-per-person';
