import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Consumer, IHeaders, Kafka, logLevel } from 'kafkajs';
import { parse } from 'yaml';
import { AsyncApiDocument, buildAsyncApiDocument, commandTopicOf, EVENT_CATALOGUE, replyTopicOf, topicUnderPrefix } from '@inclusion/contracts';
import { messageValidators } from '../support/asyncapi';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ROOT } from '../support/stack';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

interface Received {
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v)]));

/**
 * The claim of docs/asyncapi.yaml: a system outside the network follows the topics with
 * nothing but a Kafka client and the document. Two real services (as their own processes, on
 * the real broker, under a test prefix) record events through their HTTP API; a plain
 * kafkajs consumer subscribes to the addresses it reads in the document the regional
 * delegation serves, and every message it gets (events, checkpoints, a dead letter) matches
 * that document's payload, headers and key.
 */
describe('an outside consumer follows the topics with a Kafka client and the AsyncAPI document', () => {
  const prefix = testTopicPrefix();
  const schemas = { rd: uniqueSchema('asyncapi_rd'), ss: uniqueSchema('asyncapi_ss') };
  const run = randomUUID().slice(0, 8);
  const kafka = new Kafka({ clientId: 'outside-consumer', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const received: Received[] = [];
  let delegation: ServiceProcess;
  let social: ServiceProcess;
  let consumer: Consumer | undefined;
  let document: AsyncApiDocument;

  beforeAll(async () => {
    const env = { KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '1000' };
    [delegation, social] = await Promise.all([
      ServiceProcess.start('regional-delegation', { ...env, DATABASE_SCHEMA: schemas.rd }),
      ServiceProcess.start('social-services', { ...env, DATABASE_SCHEMA: schemas.ss }),
    ]);
    await Promise.all([delegation.waitHealthy(90_000), social.waitHealthy(90_000)]);
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all([delegation?.stop(), social?.stop()]);
    await dropSchemas(schemas.rd, schemas.ss);
  }, 60_000);

  it('gets the generated document from the regional delegation without a token, as JSON and YAML, listed in its OpenAPI', async () => {
    const json = await fetch(`${delegation.url}/asyncapi.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await json.json()) as AsyncApiDocument;
    expect(document).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument(EVENT_CATALOGUE))));

    const yaml = await fetch(`${delegation.url}/asyncapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    const text = await yaml.text();
    expect(text).toBe(readFileSync(join(ROOT, 'docs', 'asyncapi.yaml'), 'utf8'));
    expect(parse(text)).toEqual(document);

    const openApi = (await (await fetch(`${delegation.url}/docs/json`)).json()) as { paths: Record<string, { get?: { security?: unknown } }> };
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(['/asyncapi.json', '/asyncapi.yaml']));
    // the other routes still need a token
    expect((await fetch(`${delegation.url}/audit/trail`)).status).toBe(401);
  });

  it('receives the recorded events, checkpoints and dead letters on the topics the document names, each as its message describes it', async () => {
    expect(document).toBeDefined();
    const validators = messageValidators(document);
    const topicOf = (channelId: string) => topicUnderPrefix(document.channels[channelId].address, prefix);
    const channelOfTopic = (topic: string) => Object.entries(document.channels).find(([, channel]) => topicUnderPrefix(channel.address, prefix) === topic);
    // Every channel but the command and reply topics of the two services not started here (each service creates its own).
    const notStarted = ['employment-office', 'insertion-company'].flatMap((service) => [commandTopicOf(service, prefix), replyTopicOf(service, prefix)]);
    const topics = Object.keys(document.channels).map(topicOf).filter((topic) => !notStarted.includes(topic));
    expect(topics).toEqual(expect.arrayContaining([`${prefix}.regional-delegation.events.v1`, `${prefix}.social-services.events.v1`, `${prefix}.dead-letter.v1`, commandTopicOf('social-services', prefix)]));

    // The services create the topics at boot; an outside consumer subscribes once they exist.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => {
        const existing = new Set(await admin.listTopics());
        return topics.every((topic) => existing.has(topic));
      }, 60_000, 'the topics');
    } finally {
      await admin.disconnect();
    }
    consumer = kafka.consumer({ groupId: `outside-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) =>
        void received.push({ topic, key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? '', headers: headersOf(message.headers) }),
    });

    // Record through the HTTP APIs, as the institutions' own systems do.
    const rd = client(delegation, { institutionId: 'rd-albacete', userId: 'coord-rosa', role: 'coordinator' });
    const ss = client(social, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const programmeId = `plan-${run}`;
    const caseId = `case-${run}`;
    const identity = { name: 'María García Pérez', idNumber: '12345678Z' };
    const recorded = [
      ...(await rd.ok('/programmes', { programmeId, name: 'Plan de Empleo', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 })).events,
      ...(await rd.ok('/tables', { tableId: `table-${run}`, level: 'programme', scopeId: programmeId, members: [{ institutionId: 'rd-albacete', people: ['rosa'] }] })).events,
      ...(await ss.ok('/cases', { caseId, personId: `p-${run}`, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['youth'], identity, openedOn: '2026-01-15' })).events,
      ...(await ss.ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-03-02', dimensions: [{ dimension: 'health', score: 6, critical: true }], healthDetails: 'type 1 diabetes' })).events,
    ] as { eventId: string; type: string }[];
    expect(recorded.map((e) => e.type)).toEqual(['programme.created', 'table.created', 'case.opened', 'case.diagnosis-recorded']);

    // A message the network cannot read: social services (which follows the delegation's topic) dead-letters it.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topicOf('regionalDelegationEvents'), messages: [{ key: `poison-${run}`, value: '{"not": json' }] });
    await producer.disconnect();

    const eventMessages = () => received.filter((m) => recorded.some((e) => e.eventId === m.headers.ce_id));
    await waitFor(() => eventMessages().length >= recorded.length, 60_000, 'the recorded events');
    await waitFor(() => received.some((m) => m.topic === topicOf('deadLetter') && m.key === `poison-${run}`), 60_000, 'the dead letter');
    await waitFor(() => received.some((m) => m.topic === topicOf('auditCheckpoints') && m.key === 'rd-albacete') && received.some((m) => m.topic === topicOf('auditCheckpoints') && m.key === 'ss-albacete'), 60_000, 'checkpoints');

    // Each event: the channel of its topic, the message of its type and version, then value, headers and key.
    const checked: string[] = [];
    for (const message of eventMessages()) {
      const [channelId, channel] = channelOfTopic(message.topic)!;
      const messageId = Object.keys(channel.messages).find(
        (id) => document.components.messages[id]['x-event-type'] === message.headers.ce_type && String(document.components.messages[id]['x-schema-version']) === message.headers.ce_schemaversion,
      );
      expect({ channelId, messageId }).toEqual({ channelId, messageId: expect.any(String) });
      const value = JSON.parse(message.value);
      expect({ messageId, errors: validators.payloadErrors(messageId!, value) }).toEqual({ messageId, errors: [] });
      expect({ messageId, errors: validators.headersErrors(messageId!, message.headers) }).toEqual({ messageId, errors: [] });
      expect({ messageId, errors: validators.keyErrors(messageId!, message.key) }).toEqual({ messageId, errors: [] });
      const keyFrom = document.components.messages[messageId!].bindings.kafka.key['x-key-from'] as string[];
      expect(message.key).toBe(keyFrom.map((field) => value[field]).find((v) => v !== null && v !== undefined));
      checked.push(`${channelId}/${messageId}`);
    }
    expect(checked.sort()).toEqual(
      ['regionalDelegationEvents/programme.created.v1', 'regionalDelegationEvents/table.created.v1', 'socialServicesEvents/case.diagnosis-recorded.v1', 'socialServicesEvents/case.opened.v2'].sort(),
    );

    // What the document says about them holds: programme events are keyed by programme, case events by case,
    // and personal data is an EncryptedField, never the plaintext.
    const byType = (type: string) => eventMessages().find((m) => m.headers.ce_type === type)!;
    expect(byType('programme.created').key).toBe(programmeId);
    expect(byType('table.created').key).toBe(programmeId);
    expect(byType('case.opened').key).toBe(caseId);
    const opened = JSON.parse(byType('case.opened').value);
    expect(opened.payload.identity).toMatchObject({ $enc: 'aes-256-gcm', person: `p-${run}` });
    expect(byType('case.opened').value).not.toMatch(/María|12345678Z/);
    expect(JSON.parse(byType('case.diagnosis-recorded').value).payload.healthDetails).toMatchObject({ $enc: 'aes-256-gcm' });
    // and the schemas have teeth on real messages: the plaintext, or another version, is refused
    expect(validators.payloadErrors('case.opened.v2', { ...opened, payload: { ...opened.payload, identity } })).not.toEqual([]);
    expect(validators.payloadErrors('case.opened.v1', opened)).not.toEqual([]);

    const deadLetter = received.find((m) => m.topic === topicOf('deadLetter') && m.key === `poison-${run}`)!;
    expect(validators.headersErrors('deadLetter', deadLetter.headers)).toEqual([]);
    expect(validators.keyErrors('deadLetter', deadLetter.key)).toEqual([]);
    expect(deadLetter).toMatchObject({ value: '{"not": json', headers: { 'dlt-source-topic': topicOf('regionalDelegationEvents') } });

    for (const institutionId of ['rd-albacete', 'ss-albacete']) {
      const checkpoint = received.find((m) => m.topic === topicOf('auditCheckpoints') && m.key === institutionId)!;
      expect(validators.payloadErrors('auditCheckpoint', JSON.parse(checkpoint.value))).toEqual([]);
      expect(JSON.parse(checkpoint.value).institutionId).toBe(institutionId);
    }
  });
});
