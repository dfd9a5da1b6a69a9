import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const envFile = (path: string): Record<string, string> =>
  Object.fromEntries(
    read(path)
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** docker-compose.yml as Compose reads it with these variables: `${NAME:-default}` interpolated, profiles applied. */
const composeWith = (variables: Record<string, string>) => {
  const text = read('docker-compose.yml').replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => variables[name] || fallback);
  const compose = parse(text, { merge: true });
  const profiles = (variables.COMPOSE_PROFILES ?? '').split(',').filter(Boolean);
  const active = Object.fromEntries(
    Object.entries<{ profiles?: string[] }>(compose.services).filter(([, service]) => !service.profiles || service.profiles.some((p) => profiles.includes(p))),
  );
  return { ...compose, services: active };
};

/** docker-compose.yml cannot run here (no Docker engine): this checks its two Kafka layouts. */
describe('docker-compose.yml Kafka layouts', () => {
  it('runs one Kafka node with unreplicated topics by default, as the local stack does', () => {
    const compose = composeWith({});
    const nodes = Object.keys(compose.services).filter((name) => name.startsWith('kafka'));
    expect(nodes).toEqual(['kafka']);
    expect(compose.services.kafka.environment).toMatchObject({ KAFKA_NODE_ID: 1, KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093', KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1 });
    expect(compose.services['social-services'].environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', KAFKA_REPLICATION_FACTOR: 1, KAFKA_MIN_INSYNC_REPLICAS: 1 });
  });

  it('profile cluster: three nodes of one cluster, a quorum of 3, topics with 3 copies and 2 in sync', () => {
    const compose = composeWith(envFile('infra/kafka/compose-cluster.env'));
    const nodes = ['kafka', 'kafka-2', 'kafka-3'];
    expect(Object.keys(compose.services).filter((name) => name.startsWith('kafka'))).toEqual(nodes);
    const envs = nodes.map((name) => compose.services[name].environment);
    expect(envs.map((env) => env.KAFKA_NODE_ID)).toEqual([1, 2, 3]);
    expect(new Set(envs.map((env) => env.CLUSTER_ID)).size).toBe(1);
    for (const [i, env] of envs.entries()) {
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093');
      expect(env.KAFKA_ADVERTISED_LISTENERS).toContain(`PLAINTEXT://${nodes[i]}:9092`);
      expect(env).toMatchObject({ KAFKA_DEFAULT_REPLICATION_FACTOR: 3, KAFKA_MIN_INSYNC_REPLICAS: 2, KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3, KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2, KAFKA_PROCESS_ROLES: 'broker,controller' });
    }
    const hostPorts = nodes.map((name) => compose.services[name].ports[0]);
    expect(new Set(hostPorts).size).toBe(3);
    for (const name of ['social-services', 'employment-office', 'insertion-company', 'regional-delegation']) {
      expect(compose.services[name].environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092,kafka-2:9092,kafka-3:9092', KAFKA_REPLICATION_FACTOR: 3, KAFKA_MIN_INSYNC_REPLICAS: 2 });
      expect(Object.keys(compose.services[name].depends_on)).toEqual(expect.arrayContaining(nodes));
    }
  });
});
