import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { OutboxRelay, ensureTopics } from '@inclusion/messaging';
import { dropSchemas } from '../support/database';
import { openTestStore, TestStore } from '../support/event-store';
import { testKafka, waitFor } from '../support/kafka';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * The employment office's service is killed (SIGKILL) while it reacts to a stream of contract
 * ends and started again: every contract end opens exactly one joint assessment, none is
 * lost, none is doubled. Each case is first opened by social services with a step for the
 * employment office (the office that takes part records the assessment); the two topics
 * arrive in either order, so some reactions wait for the case and are resolved when it comes.
 */
describe('a consumer process killed mid-stream', () => {
  const prefix = testTopicPrefix();
  const schema = uniqueSchema('crash_eo');
  let company: TestStore;
  let socialServices: TestStore;
  let relay: OutboxRelay;
  let ssRelay: OutboxRelay;
  let office: ServiceProcess;
  let db: Client;

  beforeAll(async () => {
    const kafka = testKafka();
    const topic = eventTopicOf('insertion-company', prefix);
    const ssTopic = eventTopicOf('social-services', prefix);
    await ensureTopics(kafka, [topic, ssTopic], 6);
    company = await openTestStore('crash_company', topic);
    socialServices = await openTestStore('crash_ss', ssTopic);
    relay = new OutboxRelay({ dataSource: company.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: company.store.notifyChannel, idlePollMs: 200 });
    ssRelay = new OutboxRelay({ dataSource: socialServices.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: socialServices.store.notifyChannel, idlePollMs: 200 });
    await relay.start();
    await ssRelay.start();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await office?.stop();
    await relay.stop();
    await ssRelay.stop();
    await company.close();
    await socialServices.close();
    await db.end();
    await dropSchemas(schema);
  });

  const startOffice = async () => {
    office = await ServiceProcess.start('employment-office', { DATABASE_SCHEMA: schema, KAFKA_TOPIC_PREFIX: prefix });
    await office.waitHealthy(90_000);
  };
  const opened = async (): Promise<{ case_id: string; causation_id: string }[]> =>
    (await db.query(`SELECT case_id, causation_id FROM "${schema}".events WHERE type = 'joint-assessment.opened'`).catch(() => ({ rows: [] }))).rows;

  it('loses nothing and doubles nothing', async () => {
    await startOffice();
    const total = 60;
    const ended: string[] = [];
    const endContract = async (i: number) => {
      const caseId = `case-${i}-${randomUUID().slice(0, 8)}`;
      await socialServices.store.append(
        `case-${caseId}`,
        [
          { type: 'case.opened', schemaVersion: 2, caseId, payload: { personId: `p-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] } },
          { type: 'itinerary.designed', schemaVersion: 1, caseId, payload: { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-02-01', plannedEnd: '2026-03-01' }] } },
          { type: 'agreement.signed', schemaVersion: 1, caseId, payload: { agreementId: `a-${caseId}`, companyInstitution: 'ei-solidaria', party: 'social-services', signedBy: 'tech-ana', signedOn: '2026-03-02' } },
        ],
        'no-stream',
        { institutionId: 'ss-albacete', actor: { userId: 'tech-ana', role: 'technician' }, correlationId: randomUUID() },
      );
      const { events } = await company.store.append(
        `placement-${caseId}`,
        [{ type: 'placement.contract-ended', schemaVersion: 1, caseId, payload: { placementId: `pl-${caseId}`, endedOn: '2026-07-31', reason: 'term-completed' } }],
        'no-stream',
        { institutionId: 'ei-solidaria', actor: { userId: 'tutor-luis', role: 'tutor' }, correlationId: randomUUID() },
      );
      ended.push(events[0].eventId);
    };

    for (let i = 0; i < 30; i++) await endContract(i);
    await waitFor(async () => (await opened()).length >= 10, 60_000, 'the first reactions');
    office.child.kill('SIGKILL');
    await office.exited(10_000);
    const atCrash = (await opened()).length;
    for (let i = 30; i < total; i++) await endContract(i); // accepted by the company while the office is down

    await startOffice();
    await waitFor(async () => (await opened()).length >= total, 120_000, 'every joint assessment');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a doubled effect would show up now

    const rows = await opened();
    const causes = rows.map((r) => r.causation_id).sort();
    expect(rows).toHaveLength(total);
    expect(causes).toEqual([...ended].sort());
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(total);
    process.stdout.write(`consumer crash: accepted ${total}, stored ${total}, reacted ${rows.length} (${atCrash} before the kill), duplicates 0, lost ${total - rows.length}\n`);
  }, 300_000); // two service starts and a consumer group rejoin
});
