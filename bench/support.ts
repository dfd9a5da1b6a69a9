import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { openDatabase } from '@inclusion/database';
import { EVENT_STORE_MIGRATIONS, EventStore, KeyRing, SigningKeyProvider } from '@inclusion/event-store';
import { ensureTopics } from '@inclusion/messaging';

export const env = () => ({
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/inclusion',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
});

export const kafkaClient = () => new Kafka({ clientId: 'bench', brokers: env().brokers, logLevel: logLevel.ERROR });

/** The bench signs as any institution with a key made for the run (as a service signs with the keys it holds). */
const benchKeys = new Map<string, KeyObject>();
const benchKeyProvider: SigningKeyProvider = {
  currentKey: async (institutionId) => {
    if (!benchKeys.has(institutionId)) benchKeys.set(institutionId, generateKeyPairSync('ed25519').privateKey);
    return { institutionId, keyId: 'bench', privateKey: benchKeys.get(institutionId)! };
  },
  heldKeys: async () => [],
};

export async function benchStore(name: string, topic?: string) {
  const schema = `bench_${name}_${Date.now().toString(36)}`;
  const dataSource = await openDatabase({ url: env().databaseUrl, schema, applicationName: `bench-${name}`, migrations: EVENT_STORE_MIGRATIONS, poolSize: 16 });
  const store = new EventStore(dataSource, { topic: topic ?? `bench.${name}`, catalogue: EVENT_CATALOGUE, keyRing: new KeyRing(benchKeyProvider) });
  return {
    store,
    dataSource,
    schema,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

export async function freshTopic(kafka: Kafka, name: string, partitions = 6) {
  const topic = `bench.${name}.${randomUUID()}`;
  await ensureTopics(kafka, [topic], partitions);
  return topic;
}

export const caseOpenedPayload = (i: number) => ({
  personId: `person-${i}`,
  municipality: 'Albacete',
  gender: i % 3 === 0 ? 'male' : 'female',
  birthYear: 1960 + (i % 45),
  incidenceGroups: ['long-term-unemployed'],
});

export const context = (i: number) => ({
  institutionId: `ss-${i % 4}`,
  actor: { userId: 'bench', role: 'technician' as const },
  correlationId: randomUUID(),
});

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export interface Line {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  /** true when bigger is better (rates); false for latencies. */
  higherIsBetter: boolean;
}

export const ratio = (line: Line) => line.value / line.baseline;

export const formatLine = (line: Line) =>
  `${line.name}: ${line.value.toFixed(1)} ${line.unit} vs ${line.baselineName}: ${line.baseline.toFixed(1)} ${line.unit} -> ratio ${ratio(line).toFixed(2)}`;
