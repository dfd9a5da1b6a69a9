import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/stack';
import { freePort } from '../support/service-process';

const run = promisify(execFile);

/**
 * A three-node Apache Kafka cluster of the test's own (KRaft, each node broker+controller,
 * a controller quorum of 3), started by infra/kafka/kafka.sh with KAFKA_NODES=3 from the
 * stack's jars, on free ports and in a temporary run dir, so a test can kill and restart
 * nodes without disturbing the tests that share the stack's broker.
 */
export class PrivateCluster {
  private readonly runDir = mkdtempSync(join(tmpdir(), 'kafka-cluster-'));
  private constructor(
    readonly ports: number[],
    private readonly controllerPorts: number[],
  ) {}

  static async create(nodes = 3): Promise<PrivateCluster> {
    const ports: number[] = [];
    for (let i = 0; i < nodes * 2; i++) ports.push(await freePort());
    return new PrivateCluster(ports.slice(0, nodes), ports.slice(nodes));
  }

  get nodes(): number[] {
    return this.ports.map((_, i) => i + 1);
  }

  get brokers(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  private script(...args: string[]) {
    return run('bash', [join(ROOT, 'infra', 'kafka', 'kafka.sh'), ...args], {
      env: {
        ...process.env,
        KAFKA_NODES: String(this.ports.length),
        KAFKA_PORTS: this.ports.join(','),
        KAFKA_CONTROLLER_PORTS: this.controllerPorts.join(','),
        KAFKA_RUN_DIR: this.runDir,
        KAFKA_HEAP: '256m',
      },
    });
  }

  /** Starts every node (or just `node`, e.g. after a crash) and waits until it serves. */
  start(node?: number) {
    return this.script('start', ...(node === undefined ? [] : [String(node)]));
  }

  stop(node?: number) {
    return this.script('stop', ...(node === undefined ? [] : [String(node)]));
  }

  pid(node: number): number {
    return Number(readFileSync(join(this.runDir, `node-${node}`, 'kafka.pid'), 'utf8'));
  }

  /** Sends `signal` to a node's JVM (SIGKILL: a crash, no clean shutdown); for SIGKILL waits until it is gone. */
  async signal(node: number, signal: NodeJS.Signals): Promise<void> {
    const pid = this.pid(node);
    process.kill(pid, signal);
    if (signal !== 'SIGKILL') return;
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Kafka node ${node} (pid ${pid}) still alive 20 s after SIGKILL`);
  }

  kill(node: number): Promise<void> {
    return this.signal(node, 'SIGKILL');
  }

  log(node: number): string {
    return readFileSync(join(this.runDir, `node-${node}`, 'server.log'), 'utf8');
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.runDir, { recursive: true, force: true });
  }
}
