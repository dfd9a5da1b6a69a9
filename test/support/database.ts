import { Client } from 'pg';

/** Drops test schemas so repeated runs do not pile up tables. */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
