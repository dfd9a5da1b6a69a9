import { execFileSync } from 'node:child_process';
import { provideStack, ROOT } from './stack';

/**
 * Runs once before the integration tests: provides a real PostgreSQL and Kafka, exports
 * their addresses to the test workers, and builds the services the tests start as
 * separate processes.
 */
export default async function globalSetup(): Promise<void> {
  const began = Date.now();
  const { endpoints, stop } = await provideStack();
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers;
  process.env.DATABASE_URL = endpoints.databaseUrl;
  (globalThis as { __stopStack?: () => Promise<void> }).__stopStack = stop;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  process.stderr.write(
    `\n[tests] stack from ${endpoints.source}: Kafka ${endpoints.kafkaBrokers}, PostgreSQL ${endpoints.databaseUrl} ` +
      `(ready and built in ${((Date.now() - began) / 1000).toFixed(1)}s)\n`,
  );
}
