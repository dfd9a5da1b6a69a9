import { Admin } from 'kafkajs';
import { Client } from 'pg';
import { eventTopicOf, INSTITUTION_KINDS } from '@inclusion/contracts';
import { dropSchemas } from '../support/database';
import { testKafka, waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';
import { countDelivery, runJourneys } from './case-journeys';
import { PrivateCluster } from './private-cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A consumer-group rebalance in the middle of a batch. The employment office receives social
 * services' events through its group `<prefix>.employment-office.network` (a batch of
 * messages is recorded in the inbox and handled in one database transaction). The test holds
 * the office's batch transaction open in the middle, by a SHARE lock on the table its handler
 * writes (foreign_events: the inbox rows are in, the handler waits), and changes the group
 * while it waits:
 * - join: a member joins the group (a consumer of the same topics that handles and commits
 *   nothing, then leaves, so what it was given comes back): the partitions of the held batch
 *   are revoked under it; the batch commits afterwards, its offsets cannot be committed, and
 *   the messages are read again;
 * - leave: a second instance of the office joins, then, with the batches held, it is stopped
 *   (SIGTERM) and leaves.
 * On a private three-node cluster: every test run's teardown deletes the `test-` topics of the
 * shared broker, those of a test still running included. Social services take journeys from
 * four clients all along. Counted: accepted = stored =
 * published = received once each (the inbox drops the copies), in per-case order, one
 * reaction per case.
 */
describe('a consumer group rebalanced in the middle of a batch', () => {
  const prefix = testTopicPrefix();
  const schemas = { ss: uniqueSchema('reb_ss'), eo: uniqueSchema('reb_eo') };
  const topic = eventTopicOf('social-services', prefix);
  const group = `${prefix}.employment-office.network`;
  let social: ServiceProcess;
  const offices: ServiceProcess[] = [];
  const metrics: MetricsPort[] = [];
  let db: Client;
  let admin: Admin;
  // a cluster of the test's own: the shared broker's test topics are deleted by any other test run's teardown
  let cluster: PrivateCluster;
  let brokers: string;

  const startOffice = async () => {
    const port = await MetricsPort.free();
    metrics.push(port);
    const office = await ServiceProcess.start('employment-office', { DATABASE_SCHEMA: schemas.eo, KAFKA_TOPIC_PREFIX: prefix, KAFKA_BROKERS: brokers, KAFKA_REPLICATION_FACTOR: '3', ...port.env });
    offices.push(office);
    return office;
  };

  beforeAll(async () => {
    cluster = await PrivateCluster.create(3);
    await cluster.start();
    brokers = cluster.brokers;
    social = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schemas.ss, KAFKA_TOPIC_PREFIX: prefix, KAFKA_BROKERS: brokers, KAFKA_REPLICATION_FACTOR: '3' });
    const first = await startOffice();
    await Promise.all([social.waitHealthy(120_000), first.waitHealthy(120_000)]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    admin = testKafka(brokers, 'reb-admin').admin();
    await admin.connect();
  }, 300_000);
  afterAll(async () => {
    await admin?.disconnect().catch(() => undefined);
    await Promise.all([social?.stop(), ...offices.map((office) => office.stop())]);
    await db?.end();
    await dropSchemas(schemas.ss, schemas.eo);
    await cluster?.destroy();
  }, 120_000);

  /** The group as the coordinator describes it; every change seen is kept for the report (and a failure's message). */
  const seen: string[] = [];
  const members = async () => {
    const description = (await admin.describeGroups([group])).groups[0];
    const line = `${description.state}:${description.members.map((m) => m.clientHost + m.memberId.slice(-6)).join(',')}`;
    if (seen[seen.length - 1] !== line) seen.push(line);
    return description;
  };
  const groupBecomes = (what: string, count: number) =>
    waitFor(async () => {
      const now = await members().catch(() => undefined);
      return now?.state === 'Stable' && now.members.length === count;
    }, 180_000, what).catch((error) => {
      const logs = offices.map((office, i) => `office ${i + 1}:\n${office.tail(12)}`).join('\n');
      throw new Error(`${(error as Error).message}; states seen: ${seen.slice(-8).join(' -> ')}\n${logs}`);
    });
  const received = async () => Number((await db.query(`SELECT count(*) AS n FROM "${schemas.eo}".foreign_events`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
  /** Backends waiting for a lock on the office's foreign_events: batch transactions held in the middle. */
  const held = async () =>
    Number((await db.query(`SELECT count(DISTINCT pid) AS n FROM pg_locks WHERE NOT granted AND relation = to_regclass($1)`, [`"${schemas.eo}".foreign_events`])).rows[0].n);

  /** Opens a transaction that takes a SHARE lock on foreign_events (reads go on, the handlers' inserts wait) and waits until `waiters` batches are held. */
  const holdBatches = async (waiters: number) => {
    const lock = new Client({ connectionString: process.env.DATABASE_URL });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`LOCK TABLE "${schemas.eo}".foreign_events IN SHARE MODE`);
    try {
      await waitFor(async () => (await held()) >= waiters, 60_000, `${waiters} batch transaction(s) held`);
    } catch (error) {
      await lock.end();
      throw error;
    }
    return {
      release: async () => {
        await lock.query('COMMIT');
        await lock.end();
      },
      abandon: () => lock.end().catch(() => undefined),
    };
  };

  it('receives every event once, in per-case order, with one reaction per case, when an instance joins and leaves mid-batch', async () => {
    const began = Date.now();
    const load = runJourneys(() => social, 4);
    try {
      await waitFor(async () => load.done.length >= 10 && (await received()) >= 30, 240_000, 'the first journeys received by the office');
      await waitFor(async () => (await members().catch(() => undefined))?.state === 'Stable', 120_000, 'the office group stable');
      expect((await members()).members).toHaveLength(1);

      // join: the office's batch transaction held in the middle; a member joins its group then (a consumer of the same
      // topics that handles nothing and commits nothing, so what it is given comes back when it leaves): the held
      // batch's partitions are revoked under it
      const join = await holdBatches(1);
      const heldAtJoin = await held();
      const joiner = testKafka(brokers, 'reb-joiner').consumer({ groupId: group, sessionTimeout: 30_000 });
      let joinedWhileHeld: string;
      try {
        await joiner.connect();
        await joiner.subscribe({ topics: INSTITUTION_KINDS.filter((kind) => kind !== 'employment-office').map((kind) => eventTopicOf(kind, prefix)), fromBeginning: true });
        // not awaited: run() resolves once the group has rebalanced, which waits for the held member to rejoin
        void joiner.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async ({ pause }) => void pause() }).catch(() => undefined);
        await waitFor(async () => {
          const now = await members().catch(() => undefined);
          return now !== undefined && (now.state !== 'Stable' || now.members.length >= 2);
        }, 60_000, 'the group rebalancing');
        const during = await members();
        expect(await held()).toBeGreaterThanOrEqual(1);
        joinedWhileHeld = `${during.state} with ${during.members.length} member(s) while ${heldAtJoin} batch transaction(s) held`;
        await sleep(3_000);
      } finally {
        await join.release();
      }
      // the held batch commits, its offsets cannot; the joiner leaves, the office gets every partition back
      await groupBecomes('the group stable with the joiner in it', 2).catch(() => undefined);
      await sleep(3_000);
      await joiner.disconnect();
      await groupBecomes('the group stable with the office alone again', 1);

      // leave: a second instance of the office joins (no hold); then, with the batches held, it is stopped (SIGTERM) and leaves
      const second = await startOffice();
      await second.waitHealthy(240_000);
      await groupBecomes('the group stable with two instances', 2);
      const receivedAtJoin = await received();
      await waitFor(async () => (await received()) >= receivedAtJoin + 30, 180_000, 'events received by the two instances');

      // leave: both instances held inside batches (or the one that owns the busy partitions); the second one is stopped and leaves
      const leave = await holdBatches(1);
      const heldAtLeave = await held();
      const stopped = offices[1].stop('SIGTERM');
      await sleep(2_000);
      await leave.release();
      await stopped;
      await groupBecomes('the group stable with the first instance alone', 1);
      const receivedAtLeave = await received();
      await waitFor(async () => (await received()) >= receivedAtLeave + 30, 180_000, 'events received by the remaining instance');
      await load.stop();

      const counted = await countDelivery({ db, kafka: testKafka(brokers, 'reb-reader'), topic, ss: schemas.ss, eo: schemas.eo, done: load.done, cases: load.cases });
      expect(counted.received).toBe(counted.accepted);
      expect((await fetch(`${offices[0].url}/health`)).status).toBe(200);
      const duplicates = (await Promise.all(metrics.slice(0, 1).map((m) => m.sum('inclusion_events_consumed_total', ['outcome="duplicates"'])))).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `consumer rebalance mid-batch: join seen as ${joinedWhileHeld}; ${seen.join(' -> ')}; leave with ${heldAtLeave} batch(es) held; commands accepted ${counted.accepted}, stored ${counted.stored}, ` +
          `published ${counted.published}, received ${counted.received} once each (duplicates dropped by the inbox of the instance still running: ${duplicates}), ` +
          `reactions ${counted.reactions} for ${load.done.length} cases, lost ${counted.accepted - counted.received}, doubled 0, ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await load.stop().catch(() => undefined);
    }
  }, 600_000);
});
