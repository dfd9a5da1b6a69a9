import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { signToken } from '@inclusion/access';
import { createLogger, Metrics } from '@inclusion/observability';
import { createHttpAdapter, createValidationPipe, HttpErrorFilter, MAX_BODY_BYTES, useBodyParsers, useRequestLogging } from '@inclusion/service-shell';
import { compare, env, Line } from './support';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The JSON both trivial servers answer. */
const PONG = { ok: true, service: 'bench', version: 1 };

@Controller()
class PingController {
  @Get('ping')
  ping() {
    return PONG;
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/**
 * The trivial route on Nest, with the HTTP layer every service has (createServiceApp): the
 * same Fastify adapter and options, body parsers, request logging and metrics hooks,
 * validation pipe and error filter. The logger is at `warn`, so the per-request line is not
 * written (the raw side writes none either).
 */
async function serveNest(port: number): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(PingModule, createHttpAdapter(), {
    logger: createLogger({ serviceName: 'bench-http', logLevel: 'warn', logFormat: 'json' }),
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  useRequestLogging(fastify, new Metrics('bench-http'));
  useBodyParsers(fastify);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  await app.listen(port, '127.0.0.1');
}

/** The same route and JSON on Fastify alone. */
async function serveFastify(port: number): Promise<void> {
  const fastify = Fastify({ bodyLimit: MAX_BODY_BYTES });
  fastify.get('/ping', async () => PONG);
  // What a command costs a raw server: read the body, parse it, answer 201.
  fastify.post('/cases', async (_request, reply) => reply.code(201).send({ ok: true }));
  await fastify.listen({ port, host: '127.0.0.1' });
}

/** A server in its own process (this file, run with `nest` or `fastify`), ready once it answers. */
async function startServer(kind: 'nest' | 'fastify'): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [__filename, kind, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitUntilAnswering(`http://127.0.0.1:${port}/ping`, child);
  return { port, child };
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
};

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The load generator both sides get: `concurrency` clients on keep-alive connections (node:http,
 * lighter than fetch, so the client takes less of the two cores), each sending its next request
 * when the previous answer is in; requests per second over `total` requests.
 */
async function drive(port: number, make: (i: number) => Request, total: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const send = (r: Request) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, agent, headers: { ...(r.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(r.body)) } : {}), ...r.headers } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => (res.statusCode! >= 300 ? reject(new Error(`${r.method} ${r.path}: ${res.statusCode}`)) : resolve()));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(r.body);
    });
  let next = 0;
  const began = process.hrtime.bigint();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < total; i = next++) await send(make(i));
      }),
    );
  } finally {
    agent.destroy();
  }
  return total / (Number(process.hrtime.bigint() - began) / 1e9);
}

/**
 * Nest on Fastify vs Fastify alone, on a trivial route (GET /ping answering the same JSON),
 * each server in its own process, the same client and concurrency; then the full command path
 * (a real social-services process: token check, validation, command loop, append with outbox)
 * beside raw Fastify taking the same requests. A warm-up round, then `repetitions` rounds.
 */
export async function httpCommandThroughput(
  { trivialRequests = 10_000, commands = 300, concurrency = 16, repetitions = 5 }: { trivialRequests?: number; commands?: number; concurrency?: number; repetitions?: number } = {},
): Promise<Line[]> {
  const nest = await startServer('nest');
  const fastify = await startServer('fastify');
  const service = await startSocialServices();
  try {
    const ping = (): Request => ({ method: 'GET', path: '/ping' });
    const trivial = await compare(
      { name: `Nest on Fastify, trivial route (GET /ping, ${concurrency} concurrent keep-alive clients)`, unit: 'req/s', baselineName: 'raw Fastify, same route and JSON, own process', higherIsBetter: true, goal: 0.8 },
      async () => ({ value: await drive(nest.port, ping, trivialRequests, concurrency), baseline: await drive(fastify.port, ping, trivialRequests, concurrency) }),
      { repetitions },
    );
    const token = await signToken('ss-bench', service.keys.privateKey, { userId: 'bench', role: 'technician', expiresIn: '1h' });
    const openCase = (): Request => ({
      method: 'POST',
      path: '/cases',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ caseId: `case-${randomUUID()}`, personId: `p-${randomUUID().slice(0, 13)}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] }),
    });
    const command = await compare(
      { name: `HTTP commands, full path (open a case: token, validation, command loop, append; ${concurrency} concurrent clients)`, unit: 'req/s', baselineName: 'raw Fastify answering the same requests 201', higherIsBetter: true },
      async () => ({ value: await drive(service.port, openCase, commands, concurrency), baseline: await drive(fastify.port, openCase, commands * 10, concurrency) }),
      { repetitions },
    );
    return [trivial, command];
  } finally {
    await Promise.all([stop(nest.child), stop(fastify.child), service.stop()]);
  }
}

/** A real social-services process on a schema and topics of its own, with an institution whose keys the bench holds. */
async function startSocialServices() {
  const keys = generateKeyPairSync('ed25519');
  const eventKeys = generateKeyPairSync('ed25519');
  const pem = (key: KeyObject, type: 'spki' | 'pkcs8') => key.export({ type, format: 'pem' }).toString();
  const port = await freePort();
  const schema = `bench_http_${Date.now().toString(36)}`;
  const child = spawn(process.execPath, [join(__dirname, '..', 'apps', 'social-services', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: env().databaseUrl,
      KAFKA_BROKERS: env().brokers.join(','),
      DATABASE_SCHEMA: schema,
      KAFKA_TOPIC_PREFIX: `bench-${Date.now().toString(36)}`,
      LOG_LEVEL: 'error',
      INSTITUTIONS_JSON: JSON.stringify({
        institutions: [
          { id: 'ss-bench', kind: 'social-services', name: 'bench', publicKey: pem(keys.publicKey, 'spki'), signingKeys: [{ keyId: 'bench', publicKey: pem(eventKeys.publicKey, 'spki'), validFrom: '2020-01-01T00:00:00Z' }] },
        ],
      }),
      EVENT_SIGNING_KEYS_JSON: JSON.stringify([{ institutionId: 'ss-bench', keyId: 'bench', privateKey: pem(eventKeys.privateKey, 'pkcs8') }]),
    },
    stdio: 'ignore',
  });
  await waitUntilAnswering(`http://127.0.0.1:${port}/health`, child);
  return {
    port,
    keys,
    stop: async () => {
      await stop(child);
      const { Client } = await import('pg');
      const db = new Client({ connectionString: env().databaseUrl });
      await db.connect();
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.end();
    },
  };
}

if (require.main === module) {
  const [kind, port] = process.argv.slice(2);
  const serve = kind === 'nest' ? serveNest : kind === 'fastify' ? serveFastify : undefined;
  if (!serve) {
    process.stderr.write('usage: node dist/bench/http.bench.js nest|fastify <port>\n');
    process.exit(2);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
  serve(Number(port)).catch((error: Error) => {
    process.stderr.write(`${kind} server: ${error.stack}\n`);
    process.exit(1);
  });
}
