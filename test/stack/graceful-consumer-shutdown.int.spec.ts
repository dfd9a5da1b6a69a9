import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * SIGTERM to a service while it consumes another's events: it exits 0 after its consumers
 * finished the message in hand, committed and left their groups, and after a restart nothing
 * is lost and nothing is delivered a second time (the inbox would hide a redelivery; the
 * consumer's duplicate counter shows there was none). kafkajs also commits after every batch,
 * so even a SIGKILL seldom causes a redelivery: what this test adds to consumer-crash (which
 * kills) is the orderly path, its exit code and its commit on the way out.
 */
describe('graceful shutdown of a consuming service (SIGTERM)', () => {
  const prefix = testTopicPrefix();
  const ssSchema = uniqueSchema('gcs_ss');
  const eoSchema = uniqueSchema('gcs_eo');
  const started: ServiceProcess[] = [];
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
    await db.end();
    await dropSchemas(ssSchema, eoSchema);
  }, 60_000);

  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  const received = () => count(`SELECT count(*) AS n FROM "${eoSchema}".foreign_events`);
  /** The employment office's consumer duplicate counter, from its metrics port. */
  const duplicates = (metrics: MetricsPort) => metrics.sum('inclusion_events_consumed_total', ['outcome="duplicates"']);

  it('commits what it consumed: after a restart nothing is lost and nothing is redelivered', async () => {
    const socialServices = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: ssSchema, KAFKA_TOPIC_PREFIX: prefix });
    const employmentOffice = await ServiceProcess.start('employment-office', { DATABASE_SCHEMA: eoSchema, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'log' });
    started.push(socialServices, employmentOffice);
    await Promise.all([socialServices.waitHealthy(90_000), employmentOffice.waitHealthy(90_000)]);
    const ss = client(socialServices, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });

    const cases = 60;
    const opening = (async () => {
      for (let i = 0; i < cases; i++) {
        await ss.ok('/cases', { caseId: `gcs-${prefix}-${i}`, personId: `p-gcs-${i}-${prefix.slice(-4)}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] });
      }
    })();
    await waitFor(async () => (await received()) >= 5, 60_000, 'the employment office to consume the first events');
    employmentOffice.child.kill('SIGTERM');
    expect(await employmentOffice.exited(30_000)).toBe(0);
    const beforeRestart = await received();
    expect(employmentOffice.log).toMatch(/consumer\(s\) committed and left their groups/);
    await opening;
    const recorded = await count(`SELECT count(*) AS n FROM "${ssSchema}".events`);
    expect(recorded).toBe(cases);

    const restartedMetrics = await MetricsPort.free();
    const restarted = await ServiceProcess.start('employment-office', { DATABASE_SCHEMA: eoSchema, KAFKA_TOPIC_PREFIX: prefix, ...restartedMetrics.env });
    started.push(restarted);
    await restarted.waitHealthy(90_000);
    await waitFor(async () => (await received()) === recorded, 90_000, 'every event of social services at the employment office');
    const redelivered = await duplicates(restartedMetrics);
    process.stdout.write(`[graceful consumer shutdown] events recorded ${recorded}, received before SIGTERM ${beforeRestart}, after restart ${await received()}, redelivered ${redelivered}, lost 0\n`);
    expect(redelivered).toBe(0);
    expect(await count(`SELECT count(DISTINCT event_id) AS n FROM "${eoSchema}".foreign_events`)).toBe(recorded);
  });
});
