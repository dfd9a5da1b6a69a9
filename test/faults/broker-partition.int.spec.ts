import { Admin } from 'kafkajs';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { dropSchemas } from '../support/database';
import { testKafka, waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';
import { countDelivery, runJourneys } from './case-journeys';
import { PrivateCluster } from './private-cluster';

/** A consumer that stops reading after the fault is replaced after this long without progress (60 s by default: shortened so recovery fits in the count's wait). */
const STALL_MS = '20000';
import { messagesOn } from './topic-reader';

/**
 * A network partition of one broker under load: the node of a private three-node cluster
 * (replicas 3, min.insync.replicas 2) that leads most partitions of social services' event
 * topic is frozen with SIGSTOP. Unlike a crash, its sockets stay open and nothing answers on
 * them: producers and consumers wait on requests that never return, and the controller quorum
 * fences it only when its heartbeats stop (broker session timeout). It is thawed (SIGCONT)
 * after a while, rejoins and catches up. Social services take journeys from four clients all
 * along; the employment office and the delegation receive. Counted: accepted = stored =
 * published = received at the office and in the delegation's network log, once each, in
 * per-case order at every receiver, one reaction per case.
 */
describe('a broker of a three-node cluster cut off (SIGSTOP) under load', () => {
  let cluster: PrivateCluster;
  const schemas = { ss: uniqueSchema('part_ss'), eo: uniqueSchema('part_eo'), rd: uniqueSchema('part_rd') };
  const prefix = testTopicPrefix();
  const topic = eventTopicOf('social-services', prefix);
  let social: ServiceProcess;
  let office: ServiceProcess;
  let delegation: ServiceProcess;
  let officeMetrics: MetricsPort;
  let db: Client;
  let admin: Admin;
  let frozen: number | undefined;

  beforeAll(async () => {
    cluster = await PrivateCluster.create(3);
    await cluster.start();
    officeMetrics = await MetricsPort.free();
    const env = { KAFKA_BROKERS: cluster.brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_REPLICATION_FACTOR: '3', CONSUMER_STALL_MS: STALL_MS };
    [social, office, delegation] = await Promise.all([
      ServiceProcess.start('social-services', { ...env, DATABASE_SCHEMA: schemas.ss }),
      ServiceProcess.start('employment-office', { ...env, DATABASE_SCHEMA: schemas.eo, ...officeMetrics.env }),
      ServiceProcess.start('regional-delegation', { ...env, DATABASE_SCHEMA: schemas.rd }),
    ]);
    await Promise.all([social.waitHealthy(120_000), office.waitHealthy(120_000), delegation.waitHealthy(120_000)]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    admin = testKafka(cluster.brokers, 'part-admin').admin();
    await admin.connect();
    await waitFor(async () => (await partitionsOf().catch(() => [])).length === 6, 60_000, `${topic} created by the services`);
  }, 300_000);
  afterAll(async () => {
    if (frozen !== undefined) await cluster.signal(frozen, 'SIGCONT').catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    await Promise.all([social?.stop(), office?.stop(), delegation?.stop()]);
    await db?.end();
    await dropSchemas(schemas.ss, schemas.eo, schemas.rd);
    await cluster?.destroy();
  }, 120_000);

  const partitionsOf = async () => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions;

  it('publishes and delivers every accepted event once, in per-case order at every receiver, while a leader is frozen and after it thaws', async () => {
    const began = Date.now();
    const kafka = testKafka(cluster.brokers, 'part-reader');
    const load = runJourneys(() => social, 4);
    let publishedNow = 0;
    // what the topic holds (high watermarks, asked of the partition leaders): the relay's progress
    const watch = setInterval(() => void messagesOn(kafka, topic).then((n) => (publishedNow = n), () => undefined), 1_000);
    try {
      await waitFor(() => load.done.length >= 8 && publishedNow >= 12, 90_000, 'the first journeys on the topic');

      const partitions = await partitionsOf();
      const led = new Map<number, number>();
      for (const partition of partitions) led.set(partition.leader, (led.get(partition.leader) ?? 0) + 1);
      const victim = [...led].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      const publishedAtStop = publishedNow;
      const doneAtStop = load.done.length;
      await cluster.signal(victim, 'SIGSTOP');
      frozen = victim;
      const stoppedAt = Date.now();

      // the controllers fence the silent broker and elect new leaders among the two others (the metadata is asked of them)
      const others = testKafka(cluster.ports.filter((_, i) => i + 1 !== victim).map((port) => `127.0.0.1:${port}`).join(','), 'part-others').admin();
      await others.connect();
      const partitionsSeenByOthers = async () => (await others.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions;
      try {
        await waitFor(async () => {
          const now = await partitionsSeenByOthers().catch(() => []);
          return now.length === 6 && now.every((p) => p.leader !== victim && p.leader > 0 && !p.isr.includes(victim));
        }, 90_000, `leaders moved off frozen broker ${victim}`);
      } finally {
        await others.disconnect().catch(() => undefined);
      }
      const failoverMs = Date.now() - stoppedAt;
      // publishing goes on on the two brokers left (two in sync are enough), journeys go on
      await waitFor(() => load.done.length >= doneAtStop + 8 && publishedNow >= publishedAtStop + 24, 120_000, 'journeys published while the broker is frozen');
      const publishedWhileFrozen = publishedNow - publishedAtStop;
      const frozenMs = Date.now() - stoppedAt;

      await cluster.signal(victim, 'SIGCONT');
      frozen = undefined;
      await waitFor(async () => {
        const now = await partitionsOf().catch(() => []);
        return now.length === 6 && now.every((p) => p.isr.includes(victim));
      }, 120_000, `broker ${victim} back in sync`);
      const doneAtThaw = load.done.length;
      await waitFor(() => load.done.length >= doneAtThaw + 8, 90_000, 'journeys after the thaw');
      await load.stop();

      const counted = await countDelivery({ db, kafka, topic, ss: schemas.ss, eo: schemas.eo, rd: schemas.rd, done: load.done, cases: load.cases });
      expect(counted.received).toBe(counted.accepted);
      // and the office's consumer groups have committed it all: their lag, as its /metrics reads it from Kafka, back to 0
      await waitFor(async () => (await officeMetrics.sum('inclusion_consumer_lag_messages', []).catch(() => -1)) === 0, 60_000, "the office's consumer lag back to 0");
      expect((await fetch(`${social.url}/health`)).status).toBe(200);
      expect((await fetch(`${office.url}/health`)).status).toBe(200);
      const duplicates = await officeMetrics.sum('inclusion_events_consumed_total', ['outcome="duplicates"']);
      const restarts = await officeMetrics.sum('inclusion_consumer_restarts_total', []);
      process.stdout.write(
        `broker partition (broker ${victim} of 3 frozen ${(frozenMs / 1000).toFixed(1)} s, leading ${led.get(victim)} of 6 partitions; leaders moved in ${failoverMs} ms): ` +
          `commands accepted ${counted.accepted}, stored ${counted.stored}, published ${counted.published} (${counted.sentTwice} sent twice; ${publishedWhileFrozen} while frozen), ` +
          `received ${counted.received} at the office (${duplicates} duplicates dropped by its inbox, its consumers replaced ${restarts} time(s)) and ${counted.networkLog} in the network log, reactions ${counted.reactions} for ${load.done.length} cases, ` +
          `lost ${counted.accepted - counted.received}, doubled 0, relay retries ${(social.log.match(/outbox publish failed/g) ?? []).length}, ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
      );
    } catch (error) {
      // what the services said (warnings and errors) tells a stalled consumer from a slow one
      process.stderr.write(`\n[broker partition] failed; last log lines:\n${[social, office, delegation].map((s) => `--- ${s.name}:\n${s.tail(80)}`).join('\n')}\n`);
      throw error;
    } finally {
      clearInterval(watch);
      await load.stop().catch(() => undefined);
    }
  }, 600_000);
});
