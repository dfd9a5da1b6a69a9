import { randomUUID } from 'node:crypto';
import { Admin, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { testKafka, waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';
import { PrivateCluster } from './private-cluster';

/** A consumer that stops reading after the fault is replaced after this long without progress (60 s by default: shortened so recovery fits in the count's wait). */
const STALL_MS = '20000';
import { messagesOn, readTopic } from './topic-reader';

/**
 * A three-node Kafka cluster (topics with 3 replicas, min.insync.replicas 2, idempotent
 * producers with acks=all). Social services take a steady stream of commands from several
 * clients while the broker leading most partitions of their event topic is killed (SIGKILL)
 * and, later, restarted. Counted: every accepted command's event is stored once, published
 * (at least once: a batch cut by the crash may go twice), received once by the employment office in per-case order,
 * and its reaction happens once per case; publishing goes on on the two brokers left.
 */
describe('the partition leader broker of a three-node cluster killed under load', () => {
  let cluster: PrivateCluster;
  const schemas = { ss: uniqueSchema('plc_ss'), eo: uniqueSchema('plc_eo') };
  const prefix = testTopicPrefix();
  const topic = eventTopicOf('social-services', prefix);
  let social: ServiceProcess;
  let office: ServiceProcess;
  let officeMetrics: MetricsPort;
  let db: Client;
  let admin: Admin;

  beforeAll(async () => {
    cluster = await PrivateCluster.create(3);
    await cluster.start();
    officeMetrics = await MetricsPort.free();
    const env = { KAFKA_BROKERS: cluster.brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_REPLICATION_FACTOR: '3', CONSUMER_STALL_MS: STALL_MS };
    [social, office] = await Promise.all([
      ServiceProcess.start('social-services', { ...env, DATABASE_SCHEMA: schemas.ss }),
      ServiceProcess.start('employment-office', { ...env, DATABASE_SCHEMA: schemas.eo, ...officeMetrics.env }),
    ]);
    await Promise.all([social.waitHealthy(90_000), office.waitHealthy(90_000)]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    admin = testKafka(cluster.brokers, 'plc-admin').admin();
    await admin.connect();
    // /health answers before the backbone has created the topics (it retries in the background)
    await waitFor(async () => (await partitionsOf().catch(() => [])).length === 6, 60_000, `${topic} created by the services`);
  }, 240_000);
  afterAll(async () => {
    await admin?.disconnect().catch(() => undefined);
    await Promise.all([social?.stop(), office?.stop()]);
    await db?.end();
    await dropSchemas(schemas.ss, schemas.eo);
    await cluster?.destroy();
  }, 120_000);

  const partitionsOf = async () => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions;

  it('the services create their topics replicated on the three brokers, two copies in sync required', async () => {
    // the brokers learn of a new topic one after the other: a metadata request may still reach one that does not know it
    let partitions: Awaited<ReturnType<typeof partitionsOf>> = [];
    await waitFor(async () => (partitions = await partitionsOf().catch(() => [])).length === 6 && partitions.every((p) => p.isr.length === 3), 30_000, `${topic} known to every broker, in sync`);
    expect(partitions).toHaveLength(6);
    for (const partition of partitions) {
      expect([...partition.replicas].sort()).toEqual([1, 2, 3]);
      expect([...partition.isr].sort()).toEqual([1, 2, 3]);
    }
    // the broker that answers a config request may likewise not know the topic yet ("does not host this topic-partition")
    const minInSync = async () => {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['min.insync.replicas'] }] });
      return resources[0].configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue;
    };
    let configured: string | undefined;
    await waitFor(async () => (configured = await minInSync().catch(() => undefined)) !== undefined, 30_000, `${topic}'s configuration from a broker that knows it`);
    expect(configured).toBe('2');
  });

  it('publishes and delivers every accepted event once, in per-case order, with one reaction per case', async () => {
    const began = Date.now();
    const kafka = testKafka(cluster.brokers, 'plc-reader');
    const ss = client(social, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const cases: string[] = [];
    const done: string[] = [];
    let loading = true;
    const journey = async (caseId: string) => {
      await ss.ok('/cases', { caseId, personId: `p-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1981, incidenceGroups: [] });
      await ss.ok(`/cases/${caseId}/itinerary`, { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] });
      await ss.ok(`/cases/${caseId}/itinerary/closure`, { itineraryId: `it-${caseId}`, closedOn: '2027-02-01', reason: 'plan ended' });
      done.push(caseId);
    };
    // four clients, each running journeys one after the other until told to stop
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) {
          const caseId = `case-${cases.length}-${randomUUID().slice(0, 6)}`;
          cases.push(caseId);
          await journey(caseId);
        }
      }),
    );
    // what the topic holds (high watermarks): the relay's progress, read from the brokers
    let publishedNow = 0;
    const published = () => publishedNow;
    const watch = setInterval(() => void messagesOn(kafka, topic).then((n) => (publishedNow = n), () => undefined), 250);

    try {
      await waitFor(() => done.length >= 8 && published() >= 12, 60_000, 'the first journeys on the topic');

      // the broker that leads most partitions of the event topic
      const partitions = await partitionsOf();
      const led = new Map<number, number>();
      for (const partition of partitions) led.set(partition.leader, (led.get(partition.leader) ?? 0) + 1);
      const victim = [...led].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      const publishedAtKill = published();
      const doneAtKill = done.length;
      await cluster.kill(victim);
      const killedAt = Date.now();

      // the two brokers left take over: new leaders, and publishing goes on (2 in sync are enough)
      await waitFor(async () => (await partitionsOf().catch(() => [])).every((p) => p.leader !== victim && p.leader >= 0 && !p.isr.includes(victim)), 60_000, `leaders moved off broker ${victim}`);
      const failoverMs = Date.now() - killedAt;
      await waitFor(() => done.length >= doneAtKill + 8 && published() >= publishedAtKill + 24, 90_000, 'journeys published while the broker is down');
      const publishedWhileDown = published() - publishedAtKill;

      await cluster.start(victim);
      await waitFor(async () => (await partitionsOf().catch(() => [])).every((p) => p.isr.includes(victim)), 90_000, `broker ${victim} back in sync`);
      const doneAtRestart = done.length;
      await waitFor(() => done.length >= doneAtRestart + 8, 60_000, 'journeys after the restart');
      loading = false;
      await load;

      const stored = async () => Number((await db.query(`SELECT count(*) AS n FROM "${schemas.ss}".events`)).rows[0].n);
      const reacted = async () =>
        Number((await db.query(`SELECT count(*) AS n FROM "${schemas.eo}".events WHERE type = 'joint-assessment.opened'`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
      const accepted = done.length * 3;
      expect(done).toHaveLength(cases.length);
      expect(await stored()).toBe(accepted);
      // the relay's cursor past the last outbox row: every stored event acknowledged by the brokers (the
      // topic's message count alone could reach `accepted` early if a batch went twice)
      const relayDone = async () =>
        (await db.query(`SELECT (SELECT position FROM "${schemas.ss}".relay_cursor) >= (SELECT max(global_position) FROM "${schemas.ss}".outbox) AS done`)).rows[0].done === true;
      await waitFor(async () => published() >= accepted && (await relayDone()), 90_000, 'every stored event on the topic');
      await waitFor(async () => (await reacted()) >= done.length, 120_000, 'a joint assessment for every case');
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // anything doubled would show by now

      // published: every stored event on the topic, each case's events in order on their partition (first
      // occurrences). The relay is at-least-once: a batch whose send failed part way at the crash (some
      // partitions acknowledged, the dead leader's not) is sent again whole, by a new producer; the
      // consumer's inbox drops the copies (checked below: received once each).
      const envelopes = (await readTopic(kafka, topic)).map((message: KafkaMessage) => ({ key: String(message.key), ...JSON.parse(String(message.value)) as { eventId: string; type: string; caseId: string } }));
      const eventIds = new Set(envelopes.map((e) => e.eventId));
      const { rows: storedIds } = await db.query(`SELECT event_id FROM "${schemas.ss}".events`);
      expect(eventIds.size).toBe(accepted);
      expect(new Set(storedIds.map((row) => row.event_id))).toEqual(eventIds);
      const order = ['case.opened', 'itinerary.designed', 'itinerary.closed'];
      const firstOccurrences = envelopes.filter((e, i) => envelopes.findIndex((f) => f.eventId === e.eventId) === i);
      for (const caseId of done) expect(firstOccurrences.filter((e) => e.caseId === caseId).map((e) => e.type)).toEqual(order);

      // received: once each, in per-case order, one reaction per case
      const received = (await db.query(`SELECT case_id, type FROM "${schemas.eo}".foreign_events ORDER BY received_at, event_id`)).rows as { case_id: string; type: string }[];
      expect(received).toHaveLength(accepted);
      for (const caseId of done) expect(received.filter((r) => r.case_id === caseId).map((r) => r.type)).toEqual(order);
      expect(await reacted()).toBe(done.length);
      // and the office's consumer groups have committed it all: their lag, as its /metrics reads it from Kafka, back to 0
      await waitFor(async () => (await officeMetrics.sum('inclusion_consumer_lag_messages', []).catch(() => -1)) === 0, 60_000, "the office's consumer lag back to 0");
      expect((await fetch(`${social.url}/health`)).status).toBe(200);
      expect((await fetch(`${office.url}/health`)).status).toBe(200);

      const duplicates = await officeMetrics.sum('inclusion_events_consumed_total', ['outcome="duplicates"']);
      const restarts = await officeMetrics.sum('inclusion_consumer_restarts_total', []);
      process.stdout.write(
        `partition leader crash (broker ${victim} of 3, leading ${led.get(victim)} of 6 partitions): commands accepted ${accepted}, events stored ${await stored()}, ` +
          `published ${eventIds.size} (${envelopes.length - accepted} sent twice; ${publishedWhileDown} while the broker was down; leaders moved in ${failoverMs} ms), received ${received.length}, ` +
          `reactions ${await reacted()} for ${done.length} cases, duplicates suppressed by the consumer ${duplicates}, consumers replaced ${restarts} time(s), lost ${accepted - received.length}, ` +
          `relay retries ${(social.log.match(/outbox publish failed/g) ?? []).length} (${(social.log.match(/still pending after/g) ?? []).length} sends given up after the relay's bound), ` +
          `${((Date.now() - began) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      loading = false;
      await load.catch(() => undefined);
      clearInterval(watch);
    }
  }, 300_000);
});
