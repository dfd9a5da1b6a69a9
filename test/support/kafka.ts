import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { ROOT } from './stack';
import { freePort } from './service-process';

const run = promisify(execFile);

export const testKafka = (brokers = process.env.KAFKA_BROKERS!, clientId = 'test', retries = 10) =>
  new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries, initialRetryTime: 200, maxRetryTime: 2_000 } });

export const uniqueTopic = (name: string) => `test.${name}.${randomUUID()}`;

/** Collects every message of a topic (from the beginning) until told to stop. */
export async function collectTopic(kafka: Kafka, topic: string): Promise<{ messages: KafkaMessage[]; stop: () => Promise<void>; consumer: Consumer }> {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return { messages, consumer, stop: () => consumer.disconnect() };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A second Apache Kafka broker of the test's own (same jars as the stack, own ports and
 * data), so a test can stop and restart it without disturbing the tests that share the
 * stack's broker.
 */
export class PrivateBroker {
  private readonly runDir = mkdtempSync(join(tmpdir(), 'kafka-private-'));
  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async create(): Promise<PrivateBroker> {
    return new PrivateBroker(await freePort(), await freePort());
  }

  get brokers() {
    return `127.0.0.1:${this.port}`;
  }

  private script(command: string) {
    return run('bash', [join(ROOT, 'infra', 'kafka', 'kafka.sh'), command], {
      env: { ...process.env, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.controllerPort), KAFKA_RUN_DIR: this.runDir, KAFKA_HEAP: '512m' },
    });
  }

  start() {
    return this.script('start');
  }

  stop() {
    return this.script('stop');
  }

  /** Kills the broker with SIGKILL (no clean shutdown), as a crash would. */
  async kill(): Promise<void> {
    const pid = Number(require('node:fs').readFileSync(join(this.runDir, 'kafka.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async destroy() {
    await this.stop().catch(() => undefined);
    rmSync(this.runDir, { recursive: true, force: true });
  }
}
