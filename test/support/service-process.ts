import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './stack';
import { dropSchemas } from './database';
import { testEventSigningKeysJson, testInstitutionsJson } from './institutions';

export const SERVICE_NAMES = ['social-services', 'employment-office', 'insertion-company', 'regional-delegation'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export const testTopicPrefix = () => `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export const uniqueSchema = (prefix: string) =>
  `t_${prefix.replace(/[^a-z0-9]/g, '_')}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;

/** A service started from the build (dist/) as its own OS process, as in production. */
export class ServiceProcess {
  readonly output: string[] = [];
  private exitCode: Promise<number | null>;

  private constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk) => this.output.push(String(chunk)));
    child.stderr?.on('data', (chunk) => this.output.push(String(chunk)));
    this.exitCode = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.on('exit', (code, signal) => {
      if (!this.stopping && signal !== 'SIGKILL' && !this.expectingExit) {
        process.stderr.write(`\n[tests] ${name} exited unexpectedly (code ${code}, signal ${signal}); last log lines:\n${this.tail()}\n`);
      }
    });
  }

  private stopping = false;
  private expectingExit = false;

  static async start(name: ServiceName, env: Record<string, string | undefined> = {}): Promise<ServiceProcess> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
      cwd: ROOT,
      // Tests get their own topics and consumer groups unless they share a prefix on purpose,
      // so they never steal events from a running system on the same broker.
      env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', KAFKA_TOPIC_PREFIX: testTopicPrefix(), INSTITUTIONS_JSON: testInstitutionsJson(), EVENT_SIGNING_KEYS_JSON: testEventSigningKeysJson(name), PORT: String(port), ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, port, child);
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get log() {
    return this.output.join('');
  }

  /** The last `lines` lines of its log, for a failing test to show. */
  tail(lines = 30): string {
    return this.log.split('\n').slice(-lines).join('\n');
  }

  /** Resolves with the exit code once the process ends (or null after the timeout). */
  exited(timeoutMs = 30_000): Promise<number | null> {
    this.expectingExit = true;
    return Promise.race([this.exitCode, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref())]);
  }

  /** Waits until GET /health answers 200; throws with the service's log if it never does. */
  async waitHealthy(timeoutMs = 60_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.log}`);
      try {
        const response = await fetch(`${this.url}/health`);
        if (response.status === 200) return response.json();
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} not healthy after ${timeoutMs} ms:\n${this.log}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    if ((await this.exited(15_000)) === null && this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Several services of one test network: each in its own fresh schema, all on one topic prefix. */
export class TestNetwork<N extends ServiceName> {
  private constructor(
    readonly services: Record<N, ServiceProcess>,
    readonly schemas: Record<N, string>,
  ) {}

  /** Starts the services (in parallel) and waits until each is healthy. */
  static async start<N extends ServiceName>(names: readonly N[], label: string, env: Record<string, string> = {}): Promise<TestNetwork<N>> {
    const prefix = env.KAFKA_TOPIC_PREFIX ?? testTopicPrefix();
    const schemas = Object.fromEntries(names.map((name) => [name, uniqueSchema(`${label}_${name.replace(/-/g, '_')}`)])) as Record<N, string>;
    const services = {} as Record<N, ServiceProcess>;
    await Promise.all(names.map(async (name) => (services[name] = await ServiceProcess.start(name, { DATABASE_SCHEMA: schemas[name], KAFKA_TOPIC_PREFIX: prefix, ...env }))));
    const network = new TestNetwork(services, schemas);
    try {
      await Promise.all(names.map((name) => services[name].waitHealthy(90_000)));
    } catch (error) {
      await network.stop();
      throw error;
    }
    return network;
  }

  /** Stops every service and drops their schemas. */
  async stop(): Promise<void> {
    await Promise.all(Object.values<ServiceProcess>(this.services).map((service) => service.stop()));
    await dropSchemas(...Object.values<string>(this.schemas));
  }
}
