import { EVENT_CATALOGUE, eventTopicOf } from '@inclusion/contracts';
import { SERVICE_SHELL_MIGRATIONS } from '@inclusion/service-shell';
import { NETWORK_MEMBER_MIGRATIONS } from '@inclusion/network-member';
import { NETWORK_LOG_MIGRATIONS } from '@inclusion/network-log';
import { openDatabase } from '@inclusion/database';
import { EventStore, EventStoreOptions, InstitutionSigningKeys, KeyRing, SigningKey, SigningKeyDirectory, SigningKeyProvider } from '@inclusion/event-store';
import { DataSource } from 'typeorm';
import { uniqueSchema } from './service-process';
import { eventKeyOf, TEST_EVENT_KEY_FROM, TEST_EVENT_KEY_ID, TEST_INSTITUTIONS } from './institutions';

const KIND_OF_PREFIX: Record<string, string> = { ss: 'social-services', eo: 'employment-office', ei: 'insertion-company', rd: 'regional-delegation' };

/**
 * The keys of a raw test store (not a service): it holds the test event key of any institution
 * it is asked to record for, and registers its public half, so the store's own mechanics can
 * be tested with any institution id. The same keys as testInstitutionsJson gives the services
 * (one per institution per test process), so services verify what such a store publishes for
 * the test institutions, and dead-letter anything it publishes for an institution they do not know.
 */
export const testKeyBook: SigningKeyProvider & SigningKeyDirectory = {
  currentKey: async (institutionId: string): Promise<SigningKey> => ({ institutionId, keyId: TEST_EVENT_KEY_ID, privateKey: eventKeyOf(institutionId).privateKey }),
  heldKeys: async () => [],
  signingKeysOf: (institutionId: string): InstitutionSigningKeys => ({
    institutionId,
    kind: TEST_INSTITUTIONS[institutionId] ?? KIND_OF_PREFIX[institutionId.split('-')[0]] ?? 'social-services',
    keys: [{ keyId: TEST_EVENT_KEY_ID, publicKey: eventKeyOf(institutionId).publicKey, validFrom: new Date(TEST_EVENT_KEY_FROM) }],
  }),
};

export interface TestStore {
  store: EventStore;
  dataSource: DataSource;
  schema: string;
  close(): Promise<void>;
}

/** An event store on a fresh schema of the test database; close() drops the schema. */
export async function openTestStore(name: string, topic = eventTopicOf(`test-${name}`), options: Partial<EventStoreOptions> = {}): Promise<TestStore> {
  const schema = uniqueSchema(name);
  const dataSource = await openDatabase({
    url: process.env.DATABASE_URL!,
    schema,
    applicationName: `test-${name}`,
    migrations: [...SERVICE_SHELL_MIGRATIONS, ...NETWORK_MEMBER_MIGRATIONS, ...NETWORK_LOG_MIGRATIONS],
    poolSize: 12,
  });
  const store = new EventStore(dataSource, { topic, catalogue: EVENT_CATALOGUE, keyRing: new KeyRing(testKeyBook, testKeyBook), ...options });
  return {
    store,
    dataSource,
    schema,
    close: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

export const actor = { userId: 'tech-ana', role: 'technician' as const };

export const context = (institutionId = 'ss-albacete', correlationId = '0190a000-0000-7000-8000-000000000001') => ({
  institutionId,
  actor,
  correlationId,
});

export const caseOpened = (caseId: string, overrides: Record<string, unknown> = {}) => ({
  type: 'case.opened',
  schemaVersion: 2,
  caseId,
  payload: { personId: `person-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1985, incidenceGroups: ['long-term-unemployed'], ...overrides },
});
