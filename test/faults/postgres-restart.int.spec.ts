import { randomUUID } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { client } from '../support/http';
import { testKafka, waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';
import { PrivatePostgres } from './private-postgres';
import { messagesOn, readTopic, topicCreated } from './topic-reader';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL itself goes down (pg_ctl stop -m immediate: every backend aborted, no
 * checkpoint, as a crash) while social services take a steady stream of commands, and comes
 * back. It is a private cluster of the test's (initdb/pg_ctl, own port and directory): the
 * machine's server, shared by the other tests, is never touched. While it is down, commands
 * answer 503 with a JSON body saying to retry; clients retry with the same Idempotency-Key;
 * afterwards the same service processes (no restart) take commands again, and every command
 * is recorded once, whole (its event and its outbox row), published, and received once by
 * the employment office (whose database went down too) in per-case order.
 */
describe('PostgreSQL stopped and restarted under a steady stream of commands', () => {
  let pg: PrivatePostgres;
  const schemas = { ss: uniqueSchema('pgr_ss'), eo: uniqueSchema('pgr_eo') };
  const prefix = testTopicPrefix();
  const topic = eventTopicOf('social-services', prefix);
  let social: ServiceProcess;
  let office: ServiceProcess;
  let officeMetrics: MetricsPort;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    await pg.start();
    officeMetrics = await MetricsPort.free();
    const env = { DATABASE_URL: pg.url, KAFKA_TOPIC_PREFIX: prefix };
    [social, office] = await Promise.all([
      ServiceProcess.start('social-services', { ...env, DATABASE_SCHEMA: schemas.ss }),
      ServiceProcess.start('employment-office', { ...env, DATABASE_SCHEMA: schemas.eo, ...officeMetrics.env }),
    ]);
    await Promise.all([social.waitHealthy(90_000), office.waitHealthy(90_000)]);
    await topicCreated(testKafka(), topic, 6);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([social?.stop(), office?.stop()]);
    await pg?.destroy();
  }, 60_000);

  it('answers 503 (JSON, retryable) while it is down, resumes without a restart, records and delivers every command once', async () => {
    const began = Date.now();
    const kafka = testKafka();
    const ss = client(social, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const pids = { social: social.child.pid, office: office.child.pid };
    let down = false;
    const whileDown: { status: number; body: unknown }[] = [];
    let unexpected: { status: number; body: unknown } | undefined;
    let retries = 0;
    let aborted = false; // set when the test gives up, so that no client retries forever

    /** One command as a careful client sends it: retried with the same key until it is accepted. */
    const command = async (path: string, body: unknown) => {
      const key = randomUUID();
      for (;;) {
        if (aborted) throw new Error(`POST ${path} abandoned: the test ended`);
        const reply = await ss.post(path, body, { 'idempotency-key': key }).catch(() => ({ status: 0, body: undefined }));
        if (down) whileDown.push(reply);
        if (reply.status === 201) return;
        // 503: refused, nothing written; 0: the connection failed before an answer (outcome unknown)
        if (reply.status !== 503 && reply.status !== 0) {
          unexpected ??= reply;
          throw new Error(`POST ${path} answered ${reply.status} ${JSON.stringify(reply.body)}`);
        }
        retries++;
        await sleep(150);
      }
    };
    const cases: string[] = [];
    const done: string[] = [];
    let loading = true;
    const journey = async (caseId: string) => {
      await command('/cases', { caseId, personId: `p-${caseId}`, municipality: 'Albacete', gender: 'male', birthYear: 1975, incidenceGroups: [] });
      await command(`/cases/${caseId}/itinerary`, { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] });
      await command(`/cases/${caseId}/itinerary/closure`, { itineraryId: `it-${caseId}`, closedOn: '2027-02-01', reason: 'plan ended' });
      done.push(caseId);
    };
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) {
          const caseId = `case-${cases.length}-${randomUUID().slice(0, 6)}`;
          cases.push(caseId);
          await journey(caseId);
        }
      }),
    );

    try {
      await waitFor(() => done.length >= 8 || unexpected !== undefined, 60_000, 'the first journeys');

      // PostgreSQL down: every backend aborted at once
      await pg.stop('immediate');
      down = true;
      const stoppedAt = Date.now();
      await waitFor(() => whileDown.filter((r) => r.status === 503).length >= 8 || unexpected !== undefined, 30_000, 'commands refused while PostgreSQL is down');
      // /health answers from a snapshot refreshed every HEALTH_REFRESH_MS (1 s): the outage shows within a refresh or two
      await waitFor(async () => (await fetch(`${social.url}/health`).catch(() => undefined))?.status === 503, 10_000, 'social services /health answering 503');
      await sleep(2_000); // the clients keep retrying against a database that is away
      down = false;
      await pg.start();
      const downMs = Date.now() - stoppedAt;

      const doneAtRestart = done.length;
      await waitFor(() => done.length >= doneAtRestart + 8 || unexpected !== undefined, 60_000, 'journeys after PostgreSQL is back');
      loading = false;
      await load;
      expect(unexpected).toBeUndefined();

      // while down: only 503 with the JSON error (or no answer at all), never a 500 nor a 201
      const refused = whileDown.filter((r) => r.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(8);
      for (const reply of refused) expect(reply.body).toMatchObject({ statusCode: 503, code: 'SERVICE.UNAVAILABLE', retryable: true });
      expect(whileDown.every((r) => r.status === 503 || r.status === 0)).toBe(true);

      // the same processes, healthy again by themselves
      expect([social.child.pid, office.child.pid]).toEqual([pids.social, pids.office]);
      expect([social.child.exitCode, office.child.exitCode]).toEqual([null, null]);
      await waitFor(async () => (await fetch(`${social.url}/health`)).status === 200 && (await fetch(`${office.url}/health`)).status === 200, 60_000, 'both services healthy');

      // stored: each command once, whole (event + outbox row), each case's stream 1, 2, 3
      const db = new Client({ connectionString: pg.url });
      await db.connect();
      try {
        const accepted = done.length * 3;
        expect(done).toHaveLength(cases.length);
        const events = (await db.query(`SELECT event_id, stream_id, stream_version, type FROM "${schemas.ss}".events ORDER BY global_position`)).rows as { event_id: string; stream_id: string; stream_version: number; type: string }[];
        expect(events).toHaveLength(accepted);
        const outbox = Number((await db.query(`SELECT count(*) AS n FROM "${schemas.ss}".outbox`)).rows[0].n);
        expect(outbox).toBe(accepted);
        const order = ['case.opened', 'itinerary.designed', 'itinerary.closed'];
        const byStream = new Map<string, { v: number; type: string }[]>();
        for (const e of events) byStream.set(e.stream_id, [...(byStream.get(e.stream_id) ?? []), { v: Number(e.stream_version), type: e.type }]);
        expect(byStream.size).toBe(done.length);
        for (const stream of byStream.values()) {
          expect(stream.map((e) => e.v)).toEqual([1, 2, 3]);
          expect(stream.map((e) => e.type)).toEqual(order);
        }

        // published: every stored event on the topic (a batch sent just before the crash may go twice: the consumer drops it)
        await waitFor(async () => (await messagesOn(kafka, topic)) >= accepted, 60_000, 'every stored event on the topic');
        const published = (await readTopic(kafka, topic)).map((m: KafkaMessage) => JSON.parse(String(m.value)) as { eventId: string; caseId: string; type: string });
        expect(new Set(published.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.event_id)));

        // received: once each, in per-case order, one reaction per case
        const reacted = async () => Number((await db.query(`SELECT count(*) AS n FROM "${schemas.eo}".events WHERE type = 'joint-assessment.opened'`)).rows[0].n);
        await waitFor(async () => (await reacted()) >= done.length, 90_000, 'a joint assessment for every case');
        await sleep(1_500);
        const received = (await db.query(`SELECT case_id, type FROM "${schemas.eo}".foreign_events ORDER BY received_at, event_id`)).rows as { case_id: string; type: string }[];
        expect(received).toHaveLength(accepted);
        for (const caseId of done) expect(received.filter((r) => r.case_id === caseId).map((r) => r.type)).toEqual(order);
        expect(await reacted()).toBe(done.length);

        const duplicates = await officeMetrics.sum('inclusion_events_consumed_total', ['outcome="duplicates"']);
        process.stdout.write(
          `postgres restart (private cluster run as ${pg.runsAs}, down ${downMs} ms): commands accepted ${accepted} in ${done.length} journeys, ${refused.length} answers 503 while down, ` +
            `${whileDown.length - refused.length} without an answer, ${retries} retries with the same key; events stored ${events.length}, outbox rows ${outbox}, ` +
            `published ${new Set(published.map((e) => e.eventId)).size} (${published.length - accepted} sent twice), received ${received.length}, reactions ${await reacted()}, ` +
            `duplicates suppressed ${duplicates}, lost 0, doubled 0, no service restarted; ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
        );
      } finally {
        await db.end();
      }
    } finally {
      loading = false;
      down = false;
      aborted = true;
      await load.catch(() => undefined);
    }
  }, 300_000);
});
