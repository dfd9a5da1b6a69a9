import { createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { SERVICE_SHELL_MIGRATIONS } from '@inclusion/service-shell';
import { NETWORK_MEMBER_MIGRATIONS } from '@inclusion/network-member';
import { NETWORK_LOG_MIGRATIONS } from '@inclusion/network-log';
import { Kafka, logLevel } from 'kafkajs';
import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { openDatabase } from '@inclusion/database';
import { EventStore, KeyRing, SigningKeyDirectory, SigningKeyProvider } from '@inclusion/event-store';
import { cloudEventHeadersOf, ensureTopics } from '@inclusion/messaging';

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

/** A registry holding the public halves of the keys the bench signs with (consumers and verification check against it). */
export const benchDirectory = (): SigningKeyDirectory => {
  // Public keys made once, as the network registry loads them once.
  const publicKeys = new Map<string, KeyObject>();
  return {
    signingKeysOf: (institutionId) => {
      const key = benchKeys.get(institutionId);
      if (!key) return undefined;
      if (!publicKeys.has(institutionId)) publicKeys.set(institutionId, createPublicKey(key));
      return { institutionId, kind: 'social-services', keys: [{ keyId: 'bench', publicKey: publicKeys.get(institutionId)!, validFrom: new Date(0) }] };
    },
  };
};

export async function benchStore(name: string, topic?: string) {
  const schema = `bench_${name}_${Date.now().toString(36)}`;
  const dataSource = await openDatabase({ url: env().databaseUrl, schema, applicationName: `bench-${name}`, migrations: [...SERVICE_SHELL_MIGRATIONS, ...NETWORK_MEMBER_MIGRATIONS, ...NETWORK_LOG_MIGRATIONS], poolSize: 16 });
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

let persons = 0;
/** A case opening for a new person each time (one open case per person and municipality is a rule the database enforces). */
export const caseOpenedPayload = (i: number) => ({
  personId: `person-${i}-${(persons++).toString(36)}`,
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
  /** The median of the repetitions (or the one figure of a line measured once). */
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  /** true when bigger is better (rates); false for latencies. */
  higherIsBetter: boolean;
  /** Repetitions after the warm-up; each gives a value, a baseline and their ratio (absent: measured once). */
  repetitions?: number;
  /** Median, lowest and highest of the per-repetition ratios. */
  ratio?: { median: number; min: number; max: number };
  /** Lowest and highest value and baseline over the repetitions. */
  valueRange?: [number, number];
  baselineRange?: [number, number];
  /** The ratio the issue asks for: at least this (rates) or at most this (latencies). */
  goal?: number;
}

export const ratio = (line: Line) => line.ratio?.median ?? line.value / line.baseline;
const num = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** Whether the line reaches its goal; undefined when it has none. */
export const goalMet = (line: Line) => (line.goal === undefined ? undefined : line.higherIsBetter ? ratio(line) >= line.goal : ratio(line) <= line.goal);

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

/**
 * Measures a line and its baseline side by side: `warmups` unrecorded rounds, then
 * `repetitions` rounds, each running the measured side then the baseline (same durable work,
 * same run). The line carries the medians, the ranges and the median and range of the
 * per-round ratios, with its goal.
 */
export async function compare(
  line: Omit<Line, 'value' | 'baseline' | 'repetitions' | 'ratio' | 'valueRange' | 'baselineRange'>,
  round: (repetition: number) => Promise<{ value: number; baseline: number }>,
  { warmups = 1, repetitions = 5 }: { warmups?: number; repetitions?: number } = {},
): Promise<Line> {
  for (let w = 0; w < warmups; w++) await round(-1 - w);
  const rounds: { value: number; baseline: number }[] = [];
  for (let r = 0; r < repetitions; r++) rounds.push(await round(r));
  return fromRounds(line, rounds);
}

/** A line from rounds measured after a warm-up (value and baseline of each): medians, ranges and the per-round ratios. */
export function fromRounds(line: Omit<Line, 'value' | 'baseline' | 'repetitions' | 'ratio' | 'valueRange' | 'baselineRange'>, rounds: { value: number; baseline: number }[]): Line {
  const repetitions = rounds.length;
  const ratios = rounds.map((x) => x.value / x.baseline);
  return {
    ...line,
    value: median(rounds.map((x) => x.value)),
    baseline: median(rounds.map((x) => x.baseline)),
    repetitions,
    ratio: { median: median(ratios), ...Object.fromEntries(range(ratios).map((v, i) => [i ? 'max' : 'min', v])) } as Line['ratio'],
    valueRange: range(rounds.map((x) => x.value)),
    baselineRange: range(rounds.map((x) => x.baseline)),
  };
}

/** Seconds taken by `work`. */
export async function seconds(work: () => Promise<unknown>): Promise<number> {
  const began = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - began) / 1e9;
}

const goalText = (line: Line) => {
  const met = goalMet(line);
  return met === undefined ? '' : ` (goal ${line.higherIsBetter ? '>=' : '<='} ${line.goal}: ${met ? 'met' : 'MISSED'})`;
};

export const formatLine = (line: Line) =>
  `${line.name}: ${num(line.value, 1)} ${line.unit} vs ${line.baselineName}: ${num(line.baseline, 1)} ${line.unit} -> ratio ${num(ratio(line))}` +
  (line.ratio ? ` [${line.ratio.min.toFixed(2)}-${line.ratio.max.toFixed(2)}, ${line.repetitions} runs]` : line.repetitions ? ` [${line.repetitions} runs]` : ' [1 run]') +
  goalText(line);

/** One row of the table in docs/performance.md. */
export const tableRow = (l: Line) => {
  const figure = (v: number, r?: [number, number]) => (Number.isFinite(v) ? `${v.toFixed(1)} ${l.unit}${r ? ` (${r[0].toFixed(1)}-${r[1].toFixed(1)})` : ''}` : '-');
  const met = goalMet(l);
  return [
    l.name,
    figure(l.value, l.valueRange),
    l.baselineName,
    figure(l.baseline, l.baselineRange),
    `${num(ratio(l))}${l.ratio ? ` (${l.ratio.min.toFixed(2)}-${l.ratio.max.toFixed(2)})` : ''}`,
    l.repetitions ? `${l.repetitions} + warm-up` : '1, no warm-up',
    l.goal === undefined ? '-' : `${l.higherIsBetter ? '>=' : '<='} ${l.goal}`,
    met === undefined ? '-' : met ? 'met' : '**missed**',
  ].join(' | ');
};

export const TABLE_HEADER = ['| measure | value: median (min-max) | baseline | baseline value | ratio: median (min-max) | runs | goal | goal met |', '|---|---|---|---|---|---|---|---|'];

/** Publishes the store's outbox rows (their bytes and CloudEvents headers) to `topic`, acks=all. */
export async function publishOutbox(kafka: Kafka, dataSource: { query(sql: string): Promise<{ message_key: string; value: string }[]> }, topic: string): Promise<number> {
  const stored = await dataSource.query(`SELECT message_key, value FROM outbox ORDER BY global_position`);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < stored.length; i += 500) {
      await producer.send({ topic, acks: -1, messages: stored.slice(i, i + 500).map((r) => ({ key: r.message_key, value: r.value, headers: cloudEventHeadersOf(JSON.parse(r.value), { partitionKey: r.message_key }) })) });
    }
  } finally {
    await producer.disconnect();
  }
  return stored.length;
}

export async function deleteTopics(kafka: Kafka, topics: string[]) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

export const waitUntil = async (done: () => boolean, timeoutMs = 120_000, state?: () => unknown) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting${state ? ` (${JSON.stringify(state())})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};
