import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { canonicalJson, GENESIS_HASH, hashEvent, signHash } from '@inclusion/event-store';
import { eventKeyOf } from '../support/institutions';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/**
 * An insider with full control of a service's database rewrites or truncates an
 * institution's history; the checkpoints the institution signed before catch it.
 */
describe('tamper evidence against the writer: signed checkpoints', () => {
  const schema = uniqueSchema('tamper');
  let service: ServiceProcess;
  let db: Client;
  let ss: ReturnType<typeof client>;
  let supervisor: ReturnType<typeof client>;

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema, CHECKPOINT_INTERVAL_MS: '3600000' });
    await service.waitHealthy();
    ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    supervisor = client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    db = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${schema}` });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await service.stop();
    await dropSchemas(schema);
  });

  const recordFiveEvents = async (api = ss) => {
    const caseId = `case-${randomUUID()}`;
    await api.ok('/cases', { caseId, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1990, incidenceGroups: [] });
    for (const technicianId of ['tech-a', 'tech-b', 'tech-c', 'tech-d']) await api.ok(`/cases/${caseId}/reference-technician`, { technicianId });
    return caseId;
  };

  const checkpointKept = async (sequence: number, institutionId = 'ss-albacete') =>
    waitFor(async () => ((await supervisor.get(`/audit/checkpoints?institutionId=${institutionId}`)).body.checkpoints as { sequence: number }[]).some((c) => c.sequence === sequence), 30_000, `checkpoint ${sequence}`);

  it('reports an untouched store as intact, holding it against the checkpoints', async () => {
    await recordFiveEvents();
    expect((await supervisor.post('/audit/checkpoints', {})).status).toBe(201);
    await checkpointKept(5);
    const report = await supervisor.get('/audit/verification?institutionId=ss-albacete');
    expect(report.body).toMatchObject({ intact: true, reports: [{ intact: true, headSequence: 5, checkpointsChecked: 1 }] });
    expect((await ss.get('/audit/verification')).status).toBe(403);
  });

  it('catches a truncation the chain alone cannot show', async () => {
    // the insider deletes the two newest events and moves the chain head back: the chain itself is consistent
    await db.query(`DELETE FROM events WHERE institution_id = 'ss-albacete' AND institution_sequence > 3`);
    const [head] = (await db.query(`SELECT hash FROM events WHERE institution_id = 'ss-albacete' AND institution_sequence = 3`)).rows;
    await db.query(`UPDATE chain_heads SET sequence = 3, head_hash = $1 WHERE institution_id = 'ss-albacete'`, [head.hash]);

    const report = await supervisor.get('/audit/verification?institutionId=ss-albacete');
    expect(report.body.intact).toBe(false);
    expect(report.body.reports[0].firstBroken).toMatchObject({ kind: 'truncated', institutionSequence: 4 });
  });

  it("catches a truncation even when the insider also deleted this store's checkpoints, against the copy kept elsewhere", async () => {
    const villarrobledo = client(service, { institutionId: 'ss-villarrobledo', userId: 'tech-rai', role: 'technician' });
    await recordFiveEvents(villarrobledo);
    await supervisor.post('/audit/checkpoints', {});
    await checkpointKept(5, 'ss-villarrobledo');
    // the copy another party keeps (in production: the regional delegation's GET /audit/checkpoints)
    const kept = (await supervisor.get('/audit/checkpoints?institutionId=ss-villarrobledo')).body.checkpoints;

    await db.query(`DELETE FROM events WHERE institution_id = 'ss-villarrobledo' AND institution_sequence > 2`);
    const [head] = (await db.query(`SELECT hash FROM events WHERE institution_id = 'ss-villarrobledo' AND institution_sequence = 2`)).rows;
    await db.query(`UPDATE chain_heads SET sequence = 2, head_hash = $1 WHERE institution_id = 'ss-villarrobledo'`, [head.hash]);
    await db.query(`DELETE FROM audit_checkpoints WHERE institution_id = 'ss-villarrobledo'`);

    const local = await supervisor.get('/audit/verification?institutionId=ss-villarrobledo');
    expect(local.body.intact).toBe(true); // the local evidence is gone...
    const external = await supervisor.post('/audit/verification', { institutionId: 'ss-villarrobledo', checkpoints: kept });
    expect(external.status).toBe(200);
    expect(external.body).toMatchObject({ intact: false, reports: [{ firstBroken: { kind: 'truncated', institutionSequence: 3 } }] }); // ...the copy catches it

    const forged = kept.map((c: { signature: string }) => ({ ...c, signature: Buffer.alloc(64).toString('base64') }));
    expect((await supervisor.post('/audit/verification', { institutionId: 'ss-villarrobledo', checkpoints: forged })).body).toMatchObject({ code: 'AUDIT.CHECKPOINT_INVALID' });
  });

  it('catches a rewrite re-hashed and re-signed with the institution key the insider took from the service (its key provider)', async () => {
    const hellin = client(service, { institutionId: 'ss-hellin', userId: 'tech-pau', role: 'technician' });
    await recordFiveEvents(hellin);
    await supervisor.post('/audit/checkpoints', {});
    await checkpointKept(5, 'ss-hellin');

    // Private keys are no longer in the database (the insider controls the service, so takes the key its provider holds).
    expect((await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'signing_keys' AND column_name = 'private_key'`, [schema])).rows).toEqual([]);
    const key = eventKeyOf('ss-hellin').privateKey;
    const rows = (await db.query(`SELECT * FROM events WHERE institution_id = 'ss-hellin' ORDER BY institution_sequence`)).rows;
    let previousHash = GENESIS_HASH;
    for (const row of rows) {
      const payload = row.institution_sequence === '3' ? { technicianId: 'tech-forged' } : row.payload;
      const event = {
        eventId: row.event_id, type: row.type, schemaVersion: row.schema_version, streamId: row.stream_id, streamVersion: row.stream_version, institutionId: row.institution_id,
        actor: { userId: row.actor_user_id, role: row.actor_role, onBehalfOf: row.on_behalf_of }, occurredAt: row.occurred_at.toISOString(), recordedAt: row.recorded_at.toISOString(),
        correlationId: row.correlation_id, causationId: row.causation_id, caseId: row.case_id, projectId: row.project_id, programmeId: row.programme_id,
        payload, metadata: row.metadata, previousHash, keyId: row.key_id,
      };
      const hash = hashEvent(event as never);
      await db.query(`UPDATE events SET payload = $2, previous_hash = $3, hash = $4, signature = $5 WHERE event_id = $1`, [row.event_id, canonicalJson(payload), previousHash, hash, signHash(hash, key)]);
      previousHash = hash;
    }
    await db.query(`UPDATE chain_heads SET head_hash = $1 WHERE institution_id = 'ss-hellin'`, [previousHash]);

    // the chain and signatures verify (the insider had the key: all 5 events check) ...
    const report = await supervisor.get('/audit/verification?institutionId=ss-hellin');
    // ... but the head no longer matches what the institution signed before
    expect(report.body.intact).toBe(false);
    expect(report.body.reports[0]).toMatchObject({ eventsChecked: 5, firstBroken: { kind: 'rewritten', institutionSequence: 5 } });
  });
});
