import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * The regional delegation witnesses the social services' transparency logs through Kafka
 * (checkpoints every second here): it cosigns a consistent sequence of checkpoints, the
 * service keeps the cosignatures and its verification holds its store against them; when the
 * service stops publishing for WITNESS_STALL_INTERVALS intervals, the witness raises a stall
 * alarm (health, metric, log line, audit event), cleared once checkpoints are cosigned again.
 */
describe('the witness: cosigning a consistent sequence, and a stall alarm', () => {
  const ssSchema = uniqueSchema('witness_ss');
  const rdSchema = uniqueSchema('witness_rd');
  const prefix = testTopicPrefix();
  let service: ServiceProcess;
  let delegation: ServiceProcess;
  let rdMetrics: MetricsPort;
  let rdDb: Client;

  const startService = () => ServiceProcess.start('social-services', { DATABASE_SCHEMA: ssSchema, KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '1000' });

  beforeAll(async () => {
    rdMetrics = await MetricsPort.free();
    [service, delegation] = await Promise.all([
      startService(),
      ServiceProcess.start('regional-delegation', { DATABASE_SCHEMA: rdSchema, KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '1000', WITNESS_STALL_INTERVALS: '3', ...rdMetrics.env }),
    ]);
    await Promise.all([service.waitHealthy(90_000), delegation.waitHealthy(90_000)]);
    rdDb = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${rdSchema}` });
    await rdDb.connect();
  });
  afterAll(async () => {
    await rdDb.end();
    await Promise.all([service.stop(), delegation.stop()]);
    await dropSchemas(ssSchema, rdSchema);
  });

  const cosignedSizes = async () =>
    ((await fetch(`${delegation.url}/audit/witness/checkpoints?institutionId=ss-albacete`).then((r) => r.json())).checkpoints as { treeSize: number }[]).map((c) => c.treeSize);

  it('cosigns each checkpoint consistent with the last one, as the log grows; the service keeps the cosignatures and verifies against them', async () => {
    const api = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const caseId = `case-${randomUUID()}`;
    await api.ok('/cases', { caseId, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'male', birthYear: 1979, incidenceGroups: [] });
    await waitFor(async () => (await cosignedSizes()).includes(1), 30_000, 'size 1 cosigned');
    for (const technicianId of ['tech-a', 'tech-b', 'tech-c']) await api.ok(`/cases/${caseId}/reference-technician`, { technicianId });
    await waitFor(async () => (await cosignedSizes()).includes(4), 30_000, 'size 4 cosigned');
    expect(await rdMetrics.sum('inclusion_witness_cosignatures_total', ['institution="ss-albacete"'])).toBeGreaterThanOrEqual(2);
    expect((await rdDb.query(`SELECT count(*)::int AS n FROM witness_alarms`)).rows[0].n).toBe(0);
    expect((await fetch(`${delegation.url}/health/witness`)).status).toBe(200);

    const supervisor = client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    await waitFor(async () => (await supervisor.get('/audit/verification?institutionId=ss-albacete')).body.reports[0].witnessedChecked >= 2, 30_000, 'cosignatures kept by the service');
    expect((await supervisor.get('/audit/verification?institutionId=ss-albacete')).body).toMatchObject({ intact: true, reports: [{ intact: true, headSequence: 4 }] });
  });

  it('raises a stall alarm when the institution stops publishing (health degraded with the reason, metric, audit event), and clears it when checkpoints come back', async () => {
    await service.stop();
    await waitFor(async () => (await rdDb.query(`SELECT 1 FROM witness_alarms WHERE reason = 'STALLED' AND cleared_at IS NULL`)).rows.length > 0, 30_000, 'the stall alarm');
    // /health answers from a snapshot refreshed every HEALTH_REFRESH_MS (1 s): the alarm shows at the next refresh.
    await waitFor(async () => (await (await fetch(`${delegation.url}/health`)).json()).details?.witness?.degraded === true, 10_000, 'the alarm in /health');
    const health = await fetch(`${delegation.url}/health`);
    expect(health.status).toBe(200); // the delegation itself still serves
    expect((await health.json()).details.witness).toMatchObject({ status: 'up', degraded: true, reason: 'STALLED ss-albacete' });
    expect((await fetch(`${delegation.url}/health/witness`)).status).toBe(503);
    expect(await rdMetrics.sum('inclusion_witness_alarms_total', ['reason="STALLED"', 'institution="ss-albacete"'])).toBe(1);
    const [fact] = (await rdDb.query(`SELECT payload FROM events WHERE type = 'witness.alarm-raised'`)).rows;
    expect(fact.payload).toMatchObject({ institutionId: 'ss-albacete', origin: 'inclusion-network/ss-albacete', reason: 'STALLED', cosignedSize: 4 });
    expect(delegation.log).toMatch(/WITNESS ALARM STALLED for inclusion-network\/ss-albacete/);

    service = await startService();
    await service.waitHealthy(90_000);
    await waitFor(async () => (await rdDb.query(`SELECT 1 FROM witness_alarms WHERE reason = 'STALLED' AND cleared_at IS NULL`)).rows.length === 0, 30_000, 'the stall cleared');
    expect((await fetch(`${delegation.url}/health/witness`)).status).toBe(200);
  });
});
