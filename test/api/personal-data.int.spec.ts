import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** Identifying and sensitive fields are encrypted per person; erasure destroys the key. */
describe('personal data (GDPR special categories)', () => {
  const schema = uniqueSchema('pii');
  let service: ServiceProcess;
  let db: Client;
  let ss: ReturnType<typeof client>;
  let coordinator: ReturnType<typeof client>;
  const caseId = `case-${randomUUID()}`;
  const personId = `p-${randomUUID().slice(0, 8)}`;
  const identity = { name: 'María García Pérez', idNumber: '12345678Z', contact: '+34 600 111 222' };

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema });
    await service.waitHealthy();
    ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    coordinator = client(service, { institutionId: 'ss-albacete', userId: 'coord-luz', role: 'coordinator' });
    db = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${schema}` });
    await db.connect();
    await ss.ok('/cases', { caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1975, incidenceGroups: ['gender-violence'], identity, openedOn: '2026-11-01' });
    await ss.ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-11-22', dimensions: [{ dimension: 'health', score: 6, critical: true }], healthDetails: 'type 1 diabetes' });
  });
  afterAll(async () => {
    await db.end();
    await service.stop();
    await dropSchemas(schema);
  });

  const payloadsOfCase = async () => ((await ss.get(`/cases/${caseId}/timeline`)).body.events as { type: string; payload: Record<string, unknown> }[]);

  it('stores identifying and health fields only encrypted, in the events and in the outbox', async () => {
    const stored = (await db.query(`SELECT payload::text AS p FROM events UNION ALL SELECT value FROM outbox`)).rows.map((r) => r.p).join('\n');
    expect(stored).not.toMatch(/María|12345678Z|600 111|diabetes/);
    expect(stored).toMatch(/"\$enc": ?"aes-256-gcm"/);
    const events = await payloadsOfCase();
    expect(events[0].payload.identity).toEqual(identity);
    expect(events[1].payload.healthDetails).toBe('type 1 diabetes');
  });

  it('erasure (a coordinator of the institution holding the case) makes the data unreadable, keeps the chain verifiable and the anonymous facts countable', async () => {
    expect((await ss.post(`/persons/${personId}/erasure`, { erasedOn: '2026-11-22', reason: 'request of the person' })).status).toBe(403);
    const erased = await coordinator.ok(`/persons/${personId}/erasure`, { erasedOn: '2026-11-22', reason: 'request of the person (art. 17 GDPR)' });
    expect(erased.events[0]).toMatchObject({ type: 'person.erased', actor: { userId: 'coord-luz', role: 'coordinator' }, payload: { personId } });

    const events = await payloadsOfCase();
    expect(events[0].payload.identity).toEqual({ $erased: true, person: personId });
    expect(events[1].payload.healthDetails).toEqual({ $erased: true, person: personId });
    expect(events[0].payload).toMatchObject({ gender: 'female', birthYear: 1975, incidenceGroups: ['gender-violence'] });

    const supervisor = client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    expect((await supervisor.get('/audit/verification')).body).toMatchObject({ intact: true });
    const [key] = (await db.query(`SELECT key, erased_at FROM person_keys WHERE person_id = $1`, [personId])).rows;
    expect(key.key).toBeNull();
    expect(key.erased_at).not.toBeNull();
  });

  it('refuses new personal data for an erased person', async () => {
    const reply = await ss.post('/cases', { caseId: `case-${randomUUID()}`, personId, municipality: 'Hellín', gender: 'female', birthYear: 1975, incidenceGroups: [], identity });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ code: 'PERSON.ERASED' });
  });
});
