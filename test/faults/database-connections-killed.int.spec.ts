import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/**
 * The service's PostgreSQL connections are killed repeatedly under load: every command either
 * commits fully (201) or fails with a retryable 503 and writes nothing; retries with the same
 * Idempotency-Key then succeed once; the service recovers without a restart.
 */
describe('database connections killed under load', () => {
  const schema = uniqueSchema('pgkill');
  let service: ServiceProcess;
  let admin: Client;

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema });
    await service.waitHealthy();
    admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await service.stop();
    await dropSchemas(schema);
  });

  it('commits fully or answers 503 retryable, loses nothing accepted, recovers by itself', async () => {
    const ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const commands = Array.from({ length: 120 }, (_, i) => ({ key: randomUUID(), body: { caseId: `case-${i}-${randomUUID().slice(0, 6)}`, personId: `p-kill-${i}-${randomUUID().slice(0, 4)}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] } }));
    const killer = setInterval(() => {
      void admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`social-services:${schema}`]).catch(() => undefined);
    }, 150);
    const first: number[] = [];
    let next = 0;
    try {
      await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = next++; i < commands.length; i = next++) {
          // A connection dropped before the answer leaves the outcome unknown (0): the client
          // retries it below with the same Idempotency-Key, as a real client would.
          const reply = await ss.post('/cases', commands[i].body, { 'idempotency-key': commands[i].key }).catch(() => ({ status: 0, body: undefined }));
          first[i] = reply.status;
          if (reply.status === 0) continue;
          if (reply.status === 503) expect(reply.body).toMatchObject({ code: 'SERVICE.UNAVAILABLE', retryable: true });
          else expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
        }
      }),
      );
    } finally {
      clearInterval(killer);
    }

    const accepted = first.filter((s) => s === 201).length;
    const refused = first.filter((s) => s === 503).length;
    const unknown = first.filter((s) => s === 0).length;
    expect(accepted + refused + unknown).toBe(commands.length);
    // refused commands wrote nothing, accepted ones wrote everything (unknown ones either)
    const count = async () => Number((await admin.query(`SELECT count(*) AS n FROM "${schema}".events WHERE type = 'case.opened'`)).rows[0].n);
    const stored = await count();
    expect(stored).toBeGreaterThanOrEqual(accepted);
    expect(stored).toBeLessThanOrEqual(accepted + unknown);
    const outbox = Number((await admin.query(`SELECT count(*) AS n FROM "${schema}".outbox`)).rows[0].n);
    expect(outbox).toBe(stored);

    // retries: every command once more with its key; all end up recorded exactly once
    for (const command of commands) {
      const reply = await ss.post('/cases', command.body, { 'idempotency-key': command.key });
      expect(reply.status).toBe(201);
    }
    expect(await count()).toBe(commands.length);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    process.stdout.write(`database kills: ${commands.length} commands, ${accepted} accepted at once, ${refused} refused with 503 and ${unknown} without an answer, all retried, stored ${await count()}, lost 0, doubled 0\n`);
  });
});
