import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { signToken } from '@inclusion/access';
import { env, Line } from './support';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function drive(url: (i: number) => string, init: (i: number) => Promise<RequestInit>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const began = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const response = await fetch(url(i), await init(i));
        await response.arrayBuffer();
        if (response.status >= 300) throw new Error(`request ${i}: ${response.status}`);
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - began) / 1e9);
}

/**
 * HTTP command throughput of a real social-services process (token check, validation,
 * command loop, append with outbox) vs a raw Node HTTP server answering the same requests.
 */
export async function httpCommandThroughput(total = 1500, concurrency = 16): Promise<Line[]> {
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
  try {
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const token = await signToken('ss-bench', keys.privateKey, { userId: 'bench', role: 'technician', expiresIn: '1h' });
    const body = (i: number) => JSON.stringify({ caseId: `case-${i}-${randomUUID().slice(0, 6)}`, personId: `p-${i}-${randomUUID().slice(0, 6)}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] });
    const init = async (i: number): Promise<RequestInit> => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body(i) });
    const service = await drive(() => `http://127.0.0.1:${port}/cases`, init, total, concurrency);

    const raw = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c) => chunks.push(c));
      request.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    const rawPort = await freePort();
    await new Promise<void>((resolve) => raw.listen(rawPort, '127.0.0.1', resolve));
    const baseline = await drive(() => `http://127.0.0.1:${rawPort}/cases`, init, total, concurrency);
    raw.close();
    return [{ name: `HTTP commands (open a case, ${concurrency} concurrent clients)`, value: service, unit: 'req/s', baselineName: 'raw Node HTTP server, same requests', baseline, higherIsBetter: true }];
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    const { Client } = await import('pg');
    const db = new Client({ connectionString: env().databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  }
}
