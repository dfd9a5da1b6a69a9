import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { PrivateBroker, waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * The Kafka broker is killed (SIGKILL) while social services take a steady stream of
 * commands, and restarted: every accepted command's events reach the employment office once,
 * in per-case order, and its reactions (joint assessments at the end of each plan) happen
 * once per case.
 */
describe('the Kafka broker killed under a steady stream of commands', () => {
  let broker: PrivateBroker;
  const schemas = { ss: uniqueSchema('bc_ss'), eo: uniqueSchema('bc_eo') };
  let social: ServiceProcess;
  let office: ServiceProcess;
  let officeMetrics: MetricsPort;
  let db: Client;

  beforeAll(async () => {
    broker = await PrivateBroker.create();
    await broker.start();
    officeMetrics = await MetricsPort.free();
    const env = { KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC_PREFIX: testTopicPrefix() };
    [social, office] = await Promise.all([
      ServiceProcess.start('social-services', { ...env, DATABASE_SCHEMA: schemas.ss }),
      ServiceProcess.start('employment-office', { ...env, DATABASE_SCHEMA: schemas.eo, ...officeMetrics.env }),
    ]);
    await Promise.all([social.waitHealthy(90_000), office.waitHealthy(90_000)]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  }, 240_000);
  afterAll(async () => {
    await Promise.all([social?.stop(), office?.stop()]);
    await db?.end();
    await dropSchemas(schemas.ss, schemas.eo);
    await broker.destroy();
  }, 120_000);

  it('delivers every accepted event once, in per-case order, with one reaction per case', async () => {
    const ss = client(social, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const journey = async (caseId: string) => {
      await ss.ok('/cases', { caseId, personId: `p-${caseId}`, municipality: 'Albacete', gender: 'male', birthYear: 1977, incidenceGroups: [] });
      await ss.ok(`/cases/${caseId}/itinerary`, { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] });
      await ss.ok(`/cases/${caseId}/itinerary/closure`, { itineraryId: `it-${caseId}`, closedOn: '2027-02-01', reason: 'plan ended' });
    };
    const cases: string[] = [];
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const caseId = `case-${cases.length}-${randomUUID().slice(0, 6)}`;
        cases.push(caseId);
        await journey(caseId);
      }
    };

    await run(10);
    await broker.kill();
    await run(10); // accepted while the broker is down
    await broker.start();
    await run(10);

    const reacted = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM "${schemas.eo}".events WHERE type = 'joint-assessment.opened'`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    await waitFor(async () => (await reacted()) >= cases.length, 180_000, 'a joint assessment for every case');
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const accepted = Number((await db.query(`SELECT count(*) AS n FROM "${schemas.ss}".events`)).rows[0].n);
    const received = (await db.query(`SELECT case_id, type FROM "${schemas.eo}".foreign_events ORDER BY received_at, event_id`)).rows as { case_id: string; type: string }[];
    expect(accepted).toBe(cases.length * 3);
    expect(received).toHaveLength(accepted);
    for (const caseId of cases) {
      expect(received.filter((r) => r.case_id === caseId).map((r) => r.type)).toEqual(['case.opened', 'itinerary.designed', 'itinerary.closed']);
    }
    expect(await reacted()).toBe(cases.length);
    const duplicates = await officeMetrics.sum('inclusion_events_consumed_total', ['outcome="duplicates"']);
    process.stdout.write(`broker crash: commands accepted ${cases.length * 3}, events stored ${accepted}, delivered ${received.length}, reactions ${await reacted()}, duplicates suppressed ${duplicates}, lost ${accepted - received.length}\n`);
  }, 300_000); // a group rejoins a SIGKILLed broker only after session timeouts and retries: allow minutes
});
