import { DataSource, MixedList } from 'typeorm';

export interface DatabaseOptions {
  url: string;
  schema: string;
  applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  poolSize?: number;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A TypeORM DataSource bound to one schema: every connection's search_path is that schema,
 * so the raw SQL of the event store and its migrations need no schema prefix, and each
 * service (or test suite) keeps its tables apart in one database.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${quoteIdent(options.schema)},public`,
      // Generous: a loaded machine can take seconds to accept a connection; an unreachable server still fails at once.
      connectionTimeoutMillis: 15_000,
    },
  });
}

type PgClient = { on(event: 'error', listener: (error: Error) => void): void; listenerCount(event: string): number };
type PgPool = { on(event: string, listener: (...args: never[]) => void): void; _clients?: PgClient[] };

/**
 * A connection that dies while checked out (between two queries of a transaction) emits
 * 'error' on its pg client; with no listener that would crash the process. The query in
 * progress (or the next one) fails and the command answers 503; the pool replaces the client.
 */
function survivePgConnectionErrors(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return;
  // pg-pool takes its own listener off a client while it is checked out: ours stays on.
  const guarded = new WeakSet<PgClient>();
  const guard = (client: PgClient) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', () => undefined);
  };
  pool.on('error', () => undefined); // idle clients
  pool.on('connect', (client: never) => guard(client));
  (pool._clients ?? []).forEach(guard);
}

/** Connects, creates the schema if missing, and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  survivePgConnectionErrors(dataSource);
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
