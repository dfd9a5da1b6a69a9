import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess } from '../support/service-process';
import { readTopic } from './topic-reader';

/** The events of one journey, in their stream order. */
export const JOURNEY_EVENTS = ['case.opened', 'itinerary.designed', 'itinerary.closed'];

/**
 * Clients running short case journeys at social services (a case opened, an itinerary with a
 * step for the employment office, the itinerary closed: three events, and a joint assessment
 * opened by the office in reaction) one after the other until `stop()`. `target()` picks the
 * instance a journey goes to (several instances of the service may share the load).
 */
export function runJourneys(target: () => ServiceProcess, clients = 4) {
  const cases: string[] = [];
  const done: string[] = [];
  let loading = true;
  const journey = async (caseId: string) => {
    const ss = client(target(), { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    await ss.ok('/cases', { caseId, personId: `p-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1981, incidenceGroups: [] });
    await ss.ok(`/cases/${caseId}/itinerary`, { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] });
    await ss.ok(`/cases/${caseId}/itinerary/closure`, { itineraryId: `it-${caseId}`, closedOn: '2027-02-01', reason: 'plan ended' });
    done.push(caseId);
  };
  const running = Promise.all(
    Array.from({ length: clients }, async () => {
      while (loading) {
        const caseId = `case-${cases.length}-${randomUUID().slice(0, 6)}`;
        cases.push(caseId);
        await journey(caseId);
      }
    }),
  );
  return {
    cases,
    done,
    /** Lets the journeys under way finish, then resolves (rejects if one failed). */
    async stop(): Promise<void> {
      loading = false;
      await running;
    },
  };
}

export interface DeliveryCount {
  accepted: number;
  stored: number;
  published: number;
  sentTwice: number;
  received: number;
  reactions: number;
  networkLog?: number;
}

/**
 * Counts, once the load has stopped, what became of the journeys `done` by social services
 * (schema `ss`), and asserts: accepted (3 per journey) = stored = published (each stored event on
 * the topic; a batch cut by a fault may be sent twice, each case's first occurrences in order) =
 * received by the employment office (schema `eo`) once each, in per-case order = one joint
 * assessment per case; and, given the delegation's schema `rd`, its network log holds each
 * event once, each case's events at increasing positions.
 */
export async function countDelivery(options: { db: Client; kafka: Kafka; topic: string; ss: string; eo: string; rd?: string; done: string[]; cases: string[] }): Promise<DeliveryCount> {
  const { db, kafka, topic, ss, eo, rd, done, cases } = options;
  const count = async (sql: string) => Number((await db.query(sql).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
  const accepted = done.length * JOURNEY_EVENTS.length;
  expect(done).toHaveLength(cases.length);
  const stored = await count(`SELECT count(*) AS n FROM "${ss}".events`);
  expect(stored).toBe(accepted);

  // the relay's cursor past the last outbox row: every stored event acknowledged by the brokers
  const relayDone = async () => (await db.query(`SELECT (SELECT position FROM "${ss}".relay_cursor) >= (SELECT max(global_position) FROM "${ss}".outbox) AS done`)).rows[0].done === true;
  await waitFor(relayDone, 120_000, 'every stored event acknowledged by the brokers');
  // published
  const envelopes = (await readTopic(kafka, topic)).map((message: KafkaMessage) => JSON.parse(String(message.value)) as { eventId: string; type: string; caseId: string });
  const eventIds = new Set(envelopes.map((e) => e.eventId));
  const { rows: storedIds } = await db.query(`SELECT event_id FROM "${ss}".events`);
  const missing = storedIds.filter((row) => !eventIds.has(row.event_id)).map((row) => row.event_id);
  expect({ missingFromTopic: missing.slice(0, 10), count: missing.length }).toEqual({ missingFromTopic: [], count: 0 });
  expect(eventIds.size).toBe(accepted);
  expect(new Set(storedIds.map((row) => row.event_id))).toEqual(eventIds);
  const seen = new Set<string>();
  const firstOccurrences = envelopes.filter((e) => !seen.has(e.eventId) && seen.add(e.eventId));
  const byCase = <T extends { caseId?: string; case_id?: string; type: string }>(rows: T[]) => {
    const map = new Map<string, string[]>();
    for (const row of rows) {
      const caseId = row.caseId ?? row.case_id ?? '';
      map.set(caseId, [...(map.get(caseId) ?? []), row.type]);
    }
    return map;
  };
  const published = byCase(firstOccurrences);
  for (const caseId of done) expect([caseId, published.get(caseId)]).toEqual([caseId, JOURNEY_EVENTS]);

  // what the receivers made of it (checked after the topic, so that an event the relay counted as sent but the topic lacks is named as such)
  const reactions = () => count(`SELECT count(*) AS n FROM "${eo}".events WHERE type = 'joint-assessment.opened'`);
  await waitFor(async () => (await reactions()) >= done.length, 120_000, 'a joint assessment for every case');
  if (rd) await waitFor(async () => (await count(`SELECT count(*) AS n FROM "${rd}".network_log WHERE institution_id = 'ss-albacete'`)) >= accepted, 120_000, 'every event in the network log');
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // anything doubled would show by now

  // received by the employment office: once each, in per-case order, one reaction per case
  const received = (await db.query(`SELECT case_id, type FROM "${eo}".foreign_events ORDER BY received_at, event_id`)).rows as { case_id: string; type: string }[];
  expect(received).toHaveLength(accepted);
  const receivedByCase = byCase(received);
  for (const caseId of done) expect([caseId, receivedByCase.get(caseId)]).toEqual([caseId, JOURNEY_EVENTS]);
  const reacted = await reactions();
  expect(reacted).toBe(done.length);
  const { rows: doubled } = await db.query(`SELECT case_id FROM "${eo}".events WHERE type = 'joint-assessment.opened' GROUP BY case_id HAVING count(*) > 1`);
  expect(doubled).toEqual([]);

  // received by the delegation: once each in its network log, each case at increasing positions
  let networkLog: number | undefined;
  if (rd) {
    const logged = (await db.query(`SELECT case_id, type, event_id::text AS id FROM "${rd}".network_log WHERE institution_id = 'ss-albacete' ORDER BY position`)).rows as { case_id: string; type: string; id: string }[];
    expect(new Set(logged.map((row) => row.id))).toEqual(eventIds);
    expect(logged).toHaveLength(accepted);
    const loggedByCase = byCase(logged);
    for (const caseId of done) expect([caseId, loggedByCase.get(caseId)]).toEqual([caseId, JOURNEY_EVENTS]);
    networkLog = logged.length;
  }
  return { accepted, stored, published: eventIds.size, sentTwice: envelopes.length - eventIds.size, received: received.length, reactions: reacted, networkLog };
}
