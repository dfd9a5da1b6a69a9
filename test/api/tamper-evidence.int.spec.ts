import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { leafOfEventHash } from '@inclusion/event-store';
import { peekCheckpoint, verifyConsistency, verifyInclusion } from '@inclusion/transparency-log';
import { eventKeyOf } from '../support/institutions';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { rewriteWithStolenKey, truncateEverywhere } from '../support/insider';
import { waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { freePort, ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * An insider with full control of a service's database alters, deletes, swaps, reorders,
 * truncates or rewrites an institution's history (in SQL, behind the application's back);
 * `GET /audit/verification` catches each case on its own and names the first broken entry or
 * checkpoint: the hash chain, the transparency log's signed tree heads (one per commit), and
 * the checkpoints the regional delegation's witness cosigned (fetched from WITNESS_URLS, so
 * deleting the service's own copies hides nothing). The witness also raises an alarm when the
 * rewritten log publishes its checkpoint.
 */
describe('tamper evidence against the writer: transparency log, signed tree heads, witnesses', () => {
  const ssSchema = uniqueSchema('tamper_ss');
  const rdSchema = uniqueSchema('tamper_rd');
  let service: ServiceProcess;
  let delegation: ServiceProcess;
  let rdMetrics: MetricsPort;
  let db: Client;
  let rdDb: Client;
  let supervisor: ReturnType<typeof client>;
  let rdSupervisor: ReturnType<typeof client>;

  beforeAll(async () => {
    const prefix = testTopicPrefix();
    const rdPort = await freePort();
    rdMetrics = await MetricsPort.free();
    delegation = await ServiceProcess.start('regional-delegation', { DATABASE_SCHEMA: rdSchema, KAFKA_TOPIC_PREFIX: prefix, PORT: String(rdPort), CHECKPOINT_INTERVAL_MS: '3600000', ...rdMetrics.env });
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: ssSchema, KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '3600000', WITNESS_URLS: `http://127.0.0.1:${rdPort}` });
    await Promise.all([service.waitHealthy(90_000), delegation.waitHealthy(90_000)]);
    supervisor = client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    rdSupervisor = client(delegation, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    db = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${ssSchema}` });
    rdDb = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${rdSchema}` });
    await Promise.all([db.connect(), rdDb.connect()]);
  });
  afterAll(async () => {
    await Promise.all([db.end(), rdDb.end()]);
    await Promise.all([service.stop(), delegation.stop()]);
    await dropSchemas(ssSchema, rdSchema);
  });

  /** Five commands, five commits: five events, five signed tree heads. */
  const recordFiveEvents = async (institutionId: string, userId: string) => {
    const api = client(service, { institutionId, userId, role: 'technician' });
    const caseId = `case-${randomUUID()}`;
    await api.ok('/cases', { caseId, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1990, incidenceGroups: [] });
    for (const technicianId of ['tech-a', 'tech-b', 'tech-c', 'tech-d']) await api.ok(`/cases/${caseId}/reference-technician`, { technicianId });
    return caseId;
  };

  /** Publishes checkpoints and waits until the witness cosigned size `size` of the institution's log and the service kept the cosignature. */
  const witnessed = async (institutionId: string, size: number) => {
    expect((await supervisor.post('/audit/checkpoints', {})).status).toBe(201);
    await waitFor(
      async () => ((await fetch(`${delegation.url}/audit/witness/checkpoints?institutionId=${institutionId}`).then((r) => r.json())).checkpoints as { treeSize: number }[]).some((c) => c.treeSize === size),
      30_000,
      `the witness cosigned ${institutionId} at ${size}`,
    );
    await waitFor(async () => (await db.query(`SELECT 1 FROM tlog_cosignatures WHERE log_id = $1 AND tree_size = $2`, [institutionId, size])).rows.length > 0, 30_000, 'the cosignature kept');
  };

  const verification = async (institutionId: string) => (await supervisor.get(`/audit/verification?institutionId=${institutionId}`)).body;

  /** Tampers in SQL, checks what verification reports, then puts the institution's events back as they were. */
  const tamperedThenRestored = async (institutionId: string, tamper: () => Promise<unknown>) => {
    await db.query(`CREATE TEMP TABLE IF NOT EXISTS saved AS SELECT * FROM events WITH NO DATA`);
    await db.query(`DELETE FROM saved`);
    await db.query(`INSERT INTO saved SELECT * FROM events WHERE institution_id = $1`, [institutionId]);
    await tamper();
    const report = await verification(institutionId);
    await db.query(`DELETE FROM events WHERE institution_id = $1`, [institutionId]);
    await db.query(`INSERT INTO events SELECT * FROM saved`);
    return report;
  };

  it('an untouched log verifies: chain, 5 signed tree heads, the witness cosigned checkpoint (kept and fetched); proofs are served', async () => {
    await recordFiveEvents('ss-albacete', 'tech-ana');
    await witnessed('ss-albacete', 5);
    const report = await verification('ss-albacete');
    expect(report).toMatchObject({ intact: true, reports: [{ intact: true, headSequence: 5, signedHeadsChecked: 5, checkpointsChecked: 1 }] });
    expect(report.reports[0].witnessedChecked).toBeGreaterThanOrEqual(2); // the kept copy and the witness's own
    expect(report.reports[0].witnesses).toEqual([expect.objectContaining({ source: 'kept', refused: 0 }), expect.objectContaining({ source: delegation.url, refused: 0 })]);

    // the log's API: checkpoint (public), consistency (public), inclusion (supervisors)
    const checkpoint = await fetch(`${service.url}/audit/log/checkpoint?institutionId=ss-albacete`);
    expect(checkpoint.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await checkpoint.text();
    expect(note).toMatch(/^inclusion-network\/ss-albacete\n5\n[A-Za-z0-9+/]{43}=\n\n— inclusion-network\/ss-albacete /);
    const consistency = await fetch(`${service.url}/audit/log/consistency?institutionId=ss-albacete&from=3&to=5`).then((r) => r.json());
    expect(consistency).toMatchObject({ origin: 'inclusion-network/ss-albacete', from: 3, to: 5 });
    const [head3] = (await db.query(`SELECT checkpoint FROM tlog_heads WHERE log_id = 'ss-albacete' AND tree_size = 3`)).rows;
    const proof = (consistency.proof as string[]).map((h) => Buffer.from(h, 'base64'));
    expect(verifyConsistency(3, 5, peekCheckpoint(head3.checkpoint).rootHash, peekCheckpoint(note).rootHash, proof)).toBe(true);
    const [event] = (await db.query(`SELECT event_id FROM events WHERE institution_id = 'ss-albacete' AND institution_sequence = 3`)).rows;
    const inclusion = await supervisor.get(`/audit/log/inclusion/${event.event_id}`);
    expect(inclusion.body).toMatchObject({ institutionId: 'ss-albacete', leafIndex: 2, treeSize: 5, checkpoint: note });
    const hashes = (inclusion.body.hashes as string[]).map((h) => Buffer.from(h, 'base64'));
    expect(verifyInclusion(2, 5, leafOfEventHash(inclusion.body.hash), hashes, peekCheckpoint(note).rootHash)).toBe(true);
    expect((await client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' }).get(`/audit/log/inclusion/${event.event_id}`)).status).toBe(403);
    expect((await client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' }).get('/audit/verification')).status).toBe(403);
  });

  it('1. an altered payload: the first broken entry is the altered event', async () => {
    const report = await tamperedThenRestored('ss-albacete', () => db.query(`UPDATE events SET payload = '{"technicianId":"tech-forged"}' WHERE institution_id = 'ss-albacete' AND institution_sequence = 3`));
    expect(report.reports[0]).toMatchObject({ intact: false, firstBroken: { kind: 'altered', institutionSequence: 3 } });
  });

  it('2. a deleted entry: missing, where the gap starts', async () => {
    const report = await tamperedThenRestored('ss-albacete', () => db.query(`DELETE FROM events WHERE institution_id = 'ss-albacete' AND institution_sequence = 4`));
    expect(report.reports[0]).toMatchObject({ intact: false, firstBroken: { kind: 'missing', institutionSequence: 4 } });
  });

  it('3. two swapped entries: reordered, at the first swapped one', async () => {
    const report = await tamperedThenRestored('ss-albacete', async () => {
      await db.query(`UPDATE events SET institution_sequence = 1000 WHERE institution_id = 'ss-albacete' AND institution_sequence = 2`);
      await db.query(`UPDATE events SET institution_sequence = 2 WHERE institution_id = 'ss-albacete' AND institution_sequence = 4`);
      await db.query(`UPDATE events SET institution_sequence = 4 WHERE institution_id = 'ss-albacete' AND institution_sequence = 1000`);
    });
    expect(report.reports[0]).toMatchObject({ intact: false, firstBroken: { kind: 'reordered', institutionSequence: 2 } });
  });

  it('4. reordered global positions: reordered, at the event that now comes before its predecessor', async () => {
    const report = await tamperedThenRestored('ss-albacete', async () => {
      const rows = (await db.query(`SELECT event_id, global_position FROM events WHERE institution_id = 'ss-albacete' AND institution_sequence IN (2, 3) ORDER BY institution_sequence`)).rows;
      await db.query(`UPDATE events SET global_position = -1 WHERE event_id = $1`, [rows[0].event_id]);
      await db.query(`UPDATE events SET global_position = $2 WHERE event_id = $1`, [rows[1].event_id, rows[0].global_position]);
      await db.query(`UPDATE events SET global_position = $2 WHERE event_id = $1`, [rows[0].event_id, rows[1].global_position]);
    });
    expect(report.reports[0]).toMatchObject({ intact: false, firstBroken: { kind: 'reordered', institutionSequence: 3 } });
  });

  it('5. a truncated tail: the signed tree heads (and the witness) show the log ended earlier', async () => {
    const report = await tamperedThenRestored('ss-albacete', () => db.query(`DELETE FROM events WHERE institution_id = 'ss-albacete' AND institution_sequence > 3`));
    expect(report.reports[0]).toMatchObject({ intact: false, firstBroken: { kind: 'truncated', institutionSequence: 4 } });
    expect(report.reports[0].firstBroken.detail).toMatch(/a tree head signed by ss-albacete .* at size 4/);
    expect(await verification('ss-albacete')).toMatchObject({ intact: true }); // restored
  });

  it("6. a truncated tail with the service's own heads, tree nodes, checkpoints and kept cosignatures deleted too: the witness's checkpoints catch it", async () => {
    await recordFiveEvents('ss-villarrobledo', 'tech-rai');
    await witnessed('ss-villarrobledo', 5);
    await truncateEverywhere(db, 'ss-villarrobledo', 2);

    const report = await verification('ss-villarrobledo');
    expect(report.reports[0]).toMatchObject({ intact: false, signedHeadsChecked: 2, firstBroken: { kind: 'truncated', institutionSequence: 3 } });
    expect(report.reports[0].firstBroken.detail).toContain(`a checkpoint cosigned by witness rd-albacete`);
    expect(report.reports[0].firstBroken.detail).toContain(delegation.url);

    // the service publishes its (shrunk) checkpoint: the witness refuses it and raises the alarm
    expect((await supervisor.post('/audit/checkpoints', {})).status).toBe(201);
    await waitFor(async () => (await rdDb.query(`SELECT 1 FROM witness_alarms WHERE institution_id = 'ss-villarrobledo' AND reason = 'SHRINKS'`)).rows.length > 0, 30_000, 'the SHRINKS alarm');
  });

  it('7. a rewrite re-hashed, re-chained and re-signed with the stolen key: intact by its own evidence, caught by the witness (rewritten, at the first cosigned checkpoint that differs), and the witness raises a FORK alarm', async () => {
    await recordFiveEvents('ss-hellin', 'tech-pau');
    await witnessed('ss-hellin', 5);
    await rewriteWithStolenKey(db, 'ss-hellin', 3, () => ({ technicianId: 'tech-forged' }), eventKeyOf('ss-hellin').privateKey);

    // the chain and the re-signed heads verify...
    const report = await verification('ss-hellin');
    expect(report.reports[0]).toMatchObject({ intact: false, eventsChecked: 5, signedHeadsChecked: 5, firstBroken: { kind: 'rewritten' } });
    // ...the witness's checkpoint at 5 does not: located at the first entry after the last size it confirmed (it cosigned only 5)
    expect(report.reports[0].firstBroken.institutionSequence).toBeLessThanOrEqual(5);
    expect(report.reports[0].firstBroken.detail).toMatch(/does not have the root witness rd-albacete cosigned/);

    // the rewritten log publishes its checkpoint: same size, another root: FORK
    expect((await supervisor.post('/audit/checkpoints', {})).status).toBe(201);
    await waitFor(async () => (await rdDb.query(`SELECT 1 FROM witness_alarms WHERE institution_id = 'ss-hellin' AND reason = 'FORK'`)).rows.length > 0, 30_000, 'the FORK alarm');
    // /health answers from a snapshot refreshed every HEALTH_REFRESH_MS (1 s): the alarm shows at the next refresh.
    await waitFor(async () => String((await fetch(`${delegation.url}/health`).then((r) => r.json())).details?.witness?.reason).includes('FORK ss-hellin'), 10_000, 'the FORK alarm in /health');
    const health = await fetch(`${delegation.url}/health`).then((r) => r.json());
    expect(health.details.witness).toMatchObject({ status: 'up', degraded: true, reason: expect.stringContaining('FORK ss-hellin') });
    expect((await fetch(`${delegation.url}/health/witness`)).status).toBe(503);
    expect(await rdMetrics.sum('inclusion_witness_alarms_total', ['reason="FORK"', 'institution="ss-hellin"'])).toBe(1);
    const facts = (await rdDb.query(`SELECT institution_id, payload FROM events WHERE type = 'witness.alarm-raised'`)).rows;
    expect(facts).toEqual(expect.arrayContaining([expect.objectContaining({ institution_id: 'rd-albacete', payload: expect.objectContaining({ institutionId: 'ss-hellin', reason: 'FORK', cosignedSize: 5, submittedSize: 5 }) })]));
    // and the witness's own log verifies (its alarm is a signed fact of its log)
    expect((await rdSupervisor.get('/audit/verification?institutionId=rd-albacete')).body).toMatchObject({ intact: true });
  });
});
