import { EVENT_CATALOGUE, eventTopicOf } from '@inclusion/contracts';
import { openDatabase } from '@inclusion/database';
import { EVENT_STORE_MIGRATIONS, EventStore } from '@inclusion/event-store';
import { DataSource } from 'typeorm';
import { uniqueSchema } from './service-process';

export interface TestStore {
  store: EventStore;
  dataSource: DataSource;
  schema: string;
  close(): Promise<void>;
}

/** An event store on a fresh schema of the test database; close() drops the schema. */
export async function openTestStore(name: string, topic = eventTopicOf(`test-${name}`)): Promise<TestStore> {
  const schema = uniqueSchema(name);
  const dataSource = await openDatabase({
    url: process.env.DATABASE_URL!,
    schema,
    applicationName: `test-${name}`,
    migrations: EVENT_STORE_MIGRATIONS,
    poolSize: 12,
  });
  const store = new EventStore(dataSource, { topic, catalogue: EVENT_CATALOGUE });
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
