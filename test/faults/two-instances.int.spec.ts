import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { collectTopic, testKafka, waitFor } from '../support/kafka';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * Two instances of social services on one schema, behind no balancer: commands go to either.
 * One is killed (SIGKILL) in the middle of the load, while it appends, relays (one relay per
 * schema is active, the holder of an advisory lock) and consumes. Counted at the end:
 * every accepted command is stored; every stored event is on Kafka and in the delegation's
 * network log exactly once (a relay killed after a send may publish a message twice: the
 * network log keeps it once); each case's events reach Kafka in their stream order.
 */
describe('two instances of a service, one killed under load', () => {
  const prefix = testTopicPrefix();
  const schema = uniqueSchema('two_ss');
  const delegationSchema = uniqueSchema('two_rd');
  const who = { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' } as const;
  let first: ServiceProcess;
  let second: ServiceProcess;
  let delegation: ServiceProcess;
  let db: Client;

  beforeAll(async () => {
    const env = { DATABASE_SCHEMA: schema, KAFKA_TOPIC_PREFIX: prefix };
    // One at a time: the first boot migrates the schema.
    first = await ServiceProcess.start('social-services', env);
    await first.waitHealthy(90_000);
    second = await ServiceProcess.start('social-services', env);
    await second.waitHealthy(90_000);
    delegation = await ServiceProcess.start('regional-delegation', { DATABASE_SCHEMA: delegationSchema, KAFKA_TOPIC_PREFIX: prefix });
    await delegation.waitHealthy(90_000);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop(), delegation?.stop()]);
    await db?.end();
    await dropSchemas(schema, delegationSchema);
  });

  it('loses nothing, doubles no effect and keeps each case in order', async () => {
    const wire = await collectTopic(testKafka(), eventTopicOf('social-services', prefix));
    const apis = [client(first, who), client(second, who)];
    let firstAlive = true;
    const accepted: string[] = [];
    const cases = 90;
    const killAfter = 30;

    /** Sends to instance `i` (the other one when the first is gone), as a client of two instances would retry on a refused connection. */
    const post = async (i: number, path: string, body: unknown) => {
      const api = firstAlive ? apis[i % 2] : apis[1];
      try {
        return await api.post(path, body);
      } catch {
        return apis[1].post(path, body);
      }
    };
    const work = async (i: number) => {
      const caseId = `case-${i}-${randomUUID().slice(0, 8)}`;
      const opened = await post(i, '/cases', { caseId, personId: `person-${randomUUID()}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] });
      if (opened.status !== 201) return;
      accepted.push(opened.body.events[0].eventId);
      const assigned = await post(i + 1, `/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' });
      if (assigned.status === 201) accepted.push(assigned.body.events[0].eventId);
    };

    // The active relay is the holder of the schema's advisory lock (class 472020, libs/messaging outbox-relay.ts).
    const relayBackend = async () =>
      (await db.query(`SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 472020 AND l.objid = hashtext($1)::oid`, [schema])).rows.map((row) => row.pid as number);
    const relayBefore = await relayBackend();
    expect(relayBefore).toHaveLength(1);

    const running: Promise<void>[] = [];
    for (let i = 0; i < cases; i++) {
      running.push(work(i));
      if (i % 6 === 5) await Promise.all(running.splice(0));
      if (i === killAfter) {
        await first.stop('SIGKILL');
        firstAlive = false;
      }
    }
    await Promise.all(running);
    expect(accepted.length).toBeGreaterThanOrEqual(2 * (cases - killAfter - 6));

    // Stored: every accepted event (a command cut off by the kill may be stored unanswered).
    const stored = async () => (await db.query(`SELECT event_id::text AS id, stream_id, stream_version FROM "${schema}".events WHERE type IN ('case.opened', 'case.reference-technician-assigned')`)).rows as { id: string; stream_id: string; stream_version: string }[];
    const storedIds = new Set((await stored()).map((row) => row.id));
    expect(accepted.filter((id) => !storedIds.has(id))).toEqual([]);

    // Published: the surviving instance's relay takes over (the first instance, booted first, held the lock) and sends everything stored.
    await waitFor(async () => (await relayBackend()).length === 1 && (await relayBackend())[0] !== relayBefore[0], 30_000, 'another relay holds the lock');
    const onWire = () => wire.messages.map((m) => JSON.parse(String(m.value)) as { eventId: string; streamId: string; streamVersion: number });
    await waitFor(() => [...storedIds].every((id) => onWire().some((event) => event.eventId === id)), 60_000, 'every stored event on Kafka');
    const firstSeen = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const event of onWire()) {
      if (!storedIds.has(event.eventId) || seen.has(event.eventId)) continue;
      seen.add(event.eventId);
      firstSeen.set(event.streamId, [...(firstSeen.get(event.streamId) ?? []), event.streamVersion]);
    }
    for (const versions of firstSeen.values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
    await wire.stop();

    // Received: the delegation's network log holds each stored event once, at gap-free positions.
    const logged = async () => (await db.query(`SELECT event_id::text AS id, position FROM "${delegationSchema}".network_log WHERE institution_id = 'ss-albacete'`).catch(() => ({ rows: [] }))).rows as { id: string; position: string }[];
    await waitFor(async () => (await logged()).length >= storedIds.size, 60_000, 'the network log holds every stored event');
    const rows = await logged();
    expect(new Set(rows.map((row) => row.id))).toEqual(storedIds);
    expect(rows.length).toBe(storedIds.size);
    const { rows: gaps } = await db.query(`SELECT count(*)::int AS n, max(position)::int AS top, min(position)::int AS bottom FROM "${delegationSchema}".network_log`);
    expect(gaps[0].top - gaps[0].bottom + 1).toBe(gaps[0].n);
    process.stdout.write(`two instances, one killed: ${accepted.length} events accepted, ${storedIds.size} stored, all published (${wire.messages.length} messages, duplicates dropped at the receiver), ${rows.length} in the network log, lost 0, doubled 0\n`);
  });
});
