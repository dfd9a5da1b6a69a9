import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka as CloudEventsKafka, KafkaMessage as CloudEventsKafkaMessage } from 'cloudevents';
import { Consumer, IHeaders, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { InstitutionRegistry } from '@inclusion/access';
import { EVENT_CATALOGUE, EventEnvelope, deadLetterTopicOf, eventTopicOf } from '@inclusion/contracts';
import { authenticityByRegistry, EventConsumer, ensureTopics, OutboxRelay } from '@inclusion/messaging';
import { dropSchemas } from '../support/database';
import { context, openTestStore, TestStore } from '../support/event-store';
import { client } from '../support/http';
import { testInstitutionsJson } from '../support/institutions';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../support/kafka';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

interface Received {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Kafka headers as a plain consumer gets them (Buffers), as the UTF-8 strings the binding defines. */
const stringHeaders = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v)]));

const received = (topic: string, message: KafkaMessage): Received => ({ topic, key: message.key!.toString('utf8'), value: message.value!, headers: stringHeaders(message.headers) });

/** What any CloudEvents consumer does with a Kafka message: the SDK's Kafka binding, nothing of ours. */
const toCloudEvent = (message: Received) => {
  const kafkaMessage: CloudEventsKafkaMessage<Buffer> = { headers: message.headers, key: message.key, value: message.value, body: message.value };
  return CloudEventsKafka.toEvent(kafkaMessage) as CloudEvent<EventEnvelope>;
};

/** The CloudEvent of an event message says what its envelope (its `data`) says. */
function expectMatchesItsEnvelope(event: CloudEvent<EventEnvelope>, key: string): EventEnvelope {
  expect(event.validate()).toBe(true);
  const data = event.data!;
  const subject = data.caseId ? `cases/${data.caseId}` : data.projectId ? `projects/${data.projectId}` : data.programmeId ? `programmes/${data.programmeId}` : `streams/${data.streamId}`;
  expect({
    id: event.id,
    source: event.source,
    type: event.type,
    specversion: event.specversion,
    time: event.time,
    subject: event.subject,
    datacontenttype: event.datacontenttype,
    institution: event.institution,
    stream: event.stream,
    streamversion: event.streamversion,
    position: event.position,
    schemaversion: event.schemaversion,
    hash: event.hash,
    keyid: event.keyid,
    correlationid: event.correlationid,
    causationid: event.causationid,
    partitionkey: event.partitionkey,
  }).toEqual({
    id: data.eventId,
    source: `inclusion-network/${data.institutionId}`,
    type: data.type,
    specversion: '1.0',
    time: new Date(data.occurredAt).toISOString(),
    subject,
    datacontenttype: 'application/json',
    institution: data.institutionId,
    stream: data.streamId,
    streamversion: String(data.streamVersion),
    position: String(data.globalPosition),
    schemaversion: String(data.schemaVersion),
    hash: data.hash,
    keyid: data.keyId,
    correlationid: data.correlationId,
    causationid: data.causationId ?? undefined,
    partitionkey: key,
  });
  expect(subject.endsWith(`/${key}`)).toBe(true);
  // the proof extension is the inclusion proof of the value, as compact JSON
  expect(typeof event.proof).toBe('string');
  expect(JSON.parse(event.proof as string)).toEqual(data.proof);
  expect(data.proof!.checkpoint.split('\n')[0]).toBe(event.source);
  return data;
}

/**
 * Events on the wire in the ecosystem's format: every event message is a CloudEvent 1.0 in
 * the binary content mode of the Kafka protocol binding. Real services (their own processes,
 * the real broker) and an outbox relay publish; a plain kafkajs consumer reads the messages
 * and the `cloudevents` SDK decodes them without any code of ours; the network's own
 * consumers (with the authenticity check) still take every one of them.
 */
describe('events on the wire are CloudEvents (Kafka protocol binding, binary mode)', () => {
  const kafka: Kafka = testKafka();
  const registry = InstitutionRegistry.parse(testInstitutionsJson(), 'INSTITUTIONS_JSON');

  describe('published by the services', () => {
    const prefix = testTopicPrefix();
    const schemas = { rd: uniqueSchema('ce_rd'), ss: uniqueSchema('ce_ss') };
    const run = randomUUID().slice(0, 8);
    const topics = [eventTopicOf('regional-delegation', prefix), eventTopicOf('social-services', prefix)];
    const messages: Received[] = [];
    const deadLetters: Received[] = [];
    let delegation: ServiceProcess;
    let social: ServiceProcess;
    let outside: Consumer | undefined;
    let inbox: TestStore | undefined;
    let networkConsumer: EventConsumer | undefined;
    const handled: EventEnvelope[] = [];

    beforeAll(async () => {
      const env = { KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '2000' };
      [delegation, social] = await Promise.all([
        ServiceProcess.start('regional-delegation', { ...env, DATABASE_SCHEMA: schemas.rd }),
        ServiceProcess.start('social-services', { ...env, DATABASE_SCHEMA: schemas.ss }),
      ]);
      await Promise.all([delegation.waitHealthy(90_000), social.waitHealthy(90_000)]);
      // The services create the network's topics at boot.
      const admin = kafka.admin();
      await admin.connect();
      await waitFor(async () => {
        const existing = new Set(await admin.listTopics());
        return [...topics, deadLetterTopicOf(prefix)].every((topic) => existing.has(topic));
      }, 60_000, 'the topics');
      await admin.disconnect();
    }, 150_000);

    afterAll(async () => {
      await outside?.disconnect();
      await networkConsumer?.stop();
      await inbox?.close();
      await Promise.all([delegation?.stop(), social?.stop()]);
      await dropSchemas(schemas.rd, schemas.ss);
    }, 60_000);

    it('are read by the cloudevents SDK from a plain Kafka consumer, and still taken by the network\'s consumers', async () => {
      outside = kafka.consumer({ groupId: `outside-${randomUUID()}` });
      await outside.connect();
      await outside.subscribe({ topics: [...topics, deadLetterTopicOf(prefix)], fromBeginning: true });
      await outside.run({
        eachMessage: async ({ topic, message }) => void (topic === deadLetterTopicOf(prefix) ? deadLetters : messages).push(received(topic, message)),
      });
      // A consumer of the network as the services build theirs: inbox, decoding, authenticity against the registry.
      inbox = await openTestStore('ce_inbox');
      const record = async (event: EventEnvelope) => void handled.push(event);
      networkConsumer = new EventConsumer({
        name: `ce-network-${randomUUID()}`,
        kafka,
        dataSource: inbox.dataSource,
        catalogue: EVENT_CATALOGUE,
        topics,
        deadLetterTopic: deadLetterTopicOf(prefix),
        fromBeginning: true,
        handlers: Object.fromEntries(['programme.created', 'table.created', 'case.opened', 'case.diagnosis-recorded'].map((type) => [type, record])),
        authenticate: authenticityByRegistry(registry),
      });
      await networkConsumer.start();

      const rd = client(delegation, { institutionId: 'rd-albacete', userId: 'coord-rosa', role: 'coordinator' });
      const ss = client(social, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
      const programmeId = `plan-${run}`;
      const caseId = `case-${run}`;
      const recorded = [
        ...(await rd.ok('/programmes', { programmeId, name: 'Plan de Empleo', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 })).events,
        ...(await rd.ok('/tables', { tableId: `table-${run}`, level: 'programme', scopeId: programmeId, members: [{ institutionId: 'rd-albacete', people: ['rosa'] }] })).events,
        ...(await ss.ok('/cases', { caseId, personId: `p-${run}`, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['youth'], openedOn: '2026-01-15' })).events,
        ...(await ss.ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-03-02', dimensions: [{ dimension: 'health', score: 6, critical: true }] })).events,
      ] as { eventId: string; type: string }[];
      expect(recorded.map((e) => e.type)).toEqual(['programme.created', 'table.created', 'case.opened', 'case.diagnosis-recorded']);
      const ids = new Set(recorded.map((e) => e.eventId));

      const ours = () => messages.filter((m) => ids.has(m.headers.ce_id));
      await waitFor(() => ours().length >= recorded.length, 60_000, 'the recorded events on Kafka');

      // The SDK sees a CloudEvent in each, with no help: id, source, type, specversion, time, subject and the extensions.
      const events = ours().map((message) => ({ message, event: toCloudEvent(message) }));
      for (const { message, event } of events) {
        expect(CloudEventsKafka.isEvent({ headers: message.headers, body: message.value })).toBe(true);
        const data = expectMatchesItsEnvelope(event, message.key);
        expect(ids.has(data.eventId)).toBe(true);
        expect(message.topic).toBe(eventTopicOf(data.institutionId === 'rd-albacete' ? 'regional-delegation' : 'social-services', prefix));
      }
      const byType = Object.fromEntries(events.map(({ event }) => [event.type, event]));
      expect(byType['programme.created']).toMatchObject({ source: 'inclusion-network/rd-albacete', subject: `programmes/${programmeId}`, partitionkey: programmeId, institution: 'rd-albacete' });
      expect(byType['table.created']).toMatchObject({ subject: `programmes/${programmeId}`, stream: expect.stringContaining(`table-${run}`) });
      expect(byType['case.opened']).toMatchObject({ source: 'inclusion-network/ss-albacete', subject: `cases/${caseId}`, partitionkey: caseId, schemaversion: '2', keyid: 'test-1' });
      expect(byType['case.diagnosis-recorded']).toMatchObject({ subject: `cases/${caseId}`, streamversion: String(Number(byType['case.opened'].streamversion) + 1) });
      // only the binding's headers: the old per-field headers are gone
      for (const { message } of events) expect(Object.keys(message.headers).filter((name) => !name.startsWith('ce_'))).toEqual(['content-type']);

      // The network's consumers take them all: authentic, decoded, handled, nothing dead-lettered.
      await waitFor(() => recorded.every((e) => handled.some((h) => h.eventId === e.eventId)), 60_000, 'the network consumer to handle every event');
      expect(networkConsumer.stats.deadLettered).toBe(0);
      // nor did the services' own consumers (the delegation follows social services, and the other way round)
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(deadLetters.filter((m) => { try { return ids.has(JSON.parse(m.value.toString('utf8')).eventId); } catch { return false; } })).toEqual([]);
    });
  });

  describe('published by an outbox relay from a store', () => {
    const topic = uniqueTopic('cloudevents');
    let t: TestStore;
    let relay: OutboxRelay;

    beforeAll(async () => {
      await ensureTopics(kafka, [topic], 3);
      t = await openTestStore('ce_relay', topic);
      relay = new OutboxRelay({ dataSource: t.dataSource, kafka, connectionString: process.env.DATABASE_URL!, notifyChannel: t.store.notifyChannel, idlePollMs: 200 });
      await relay.start();
    });
    afterAll(async () => {
      await relay.stop();
      await t.close();
    });

    it('carries the causation of a reaction and the scope of each event in ce_subject, and the SDK reads every one', async () => {
      const collector = await collectTopic(kafka, topic);
      const caseId = randomUUID();
      const opened = await t.store.append(`case-${caseId}`, [{ type: 'case.note', schemaVersion: 1, caseId, payload: { n: 1 } }], 'no-stream', context('ss-albacete'));
      const cause = opened.events[0];
      const reaction = await t.store.append(`case-${caseId}`, [{ type: 'case.note', schemaVersion: 1, caseId, payload: { n: 2 } }], 1, {
        institutionId: 'ss-albacete',
        actor: { userId: 'system', role: 'system' },
        correlationId: cause.correlationId,
        causationId: cause.eventId,
      });
      const programmeWide = await t.store.append(`note-${caseId}`, [{ type: 'case.note', schemaVersion: 1, caseId: null, programmeId: `plan-${caseId}`, payload: { n: 3 } }], 'no-stream', context('ss-albacete'));
      const appended = [cause, reaction.events[0], programmeWide.events[0]];

      await waitFor(() => collector.messages.length >= appended.length, 30_000, 'the appended events');
      await collector.stop();
      const received_ = collector.messages.map((m) => ({ key: m.key!.toString(), event: toCloudEvent(received(topic, m)) }));
      // Kafka orders a key's partition, not the topic: the programme-wide event (another key) may come first.
      expect(received_.filter(({ key }) => key === caseId).map(({ event }) => event.id)).toEqual([cause.eventId, reaction.events[0].eventId]);
      const events = appended.map((e) => received_.find(({ event }) => event.id === e.eventId)!);
      expect(events.every(Boolean)).toBe(true);
      expect(received_).toHaveLength(appended.length);
      for (const { key, event } of events) expectMatchesItsEnvelope(event, key);
      expect(events[0].event.causationid).toBeUndefined();
      expect(events[1].event).toMatchObject({ causationid: cause.eventId, correlationid: cause.correlationId, subject: `cases/${caseId}`, streamversion: '2' });
      expect(events[2].event).toMatchObject({ subject: `programmes/plan-${caseId}`, partitionkey: `plan-${caseId}` });
    });
  });
});
