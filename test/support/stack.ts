import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root: the nearest folder above holding package.json (test/support/ from ts-jest, dist/test/support/ when a bench compiled these helpers). */
const rootFrom = (dir: string): string => (existsSync(join(dir, 'package.json')) || dirname(dir) === dir ? dir : rootFrom(dirname(dir)));
export const ROOT = rootFrom(__dirname);

export interface StackEndpoints {
  kafkaBrokers: string;
  databaseUrl: string;
  source: 'environment' | 'testcontainers' | 'local';
}

const localEnv = (): Record<string, string> =>
  Object.fromEntries(
    readFileSync(join(ROOT, 'infra', 'local.env'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

const dockerAnswers = (): boolean =>
  spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;

/**
 * The infrastructure the tests run against, in this order of preference:
 * KAFKA_BROKERS and DATABASE_URL when both are set; Testcontainers when a Docker engine
 * answers; otherwise the no-Docker local stack (infra/stack.sh start, idempotent).
 */
export async function provideStack(): Promise<{ endpoints: StackEndpoints; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) {
    return {
      endpoints: { kafkaBrokers: process.env.KAFKA_BROKERS, databaseUrl: process.env.DATABASE_URL, source: 'environment' },
      stop: async () => undefined,
    };
  }
  if (process.env.TEST_STACK !== 'local' && dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const [postgres, kafka] = await Promise.all([
      new PostgreSqlContainer('postgres:16-alpine').withDatabase('inclusion').start(),
      new KafkaContainer('confluentinc/cp-kafka:8.0.0').withKraft().start(),
    ]);
    return {
      endpoints: {
        kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
        databaseUrl: postgres.getConnectionUri(),
        source: 'testcontainers',
      },
      stop: async () => {
        await Promise.all([kafka.stop(), postgres.stop()]);
      },
    };
  }
  execFileSync('bash', [join(ROOT, 'infra', 'stack.sh'), 'start'], { stdio: 'inherit' });
  const env = localEnv();
  return {
    endpoints: { kafkaBrokers: env.KAFKA_BROKERS, databaseUrl: env.DATABASE_URL, source: 'local' },
    stop: async () => undefined, // the local stack stays up for the next run; `npm run stack:stop` stops it
  };
}
