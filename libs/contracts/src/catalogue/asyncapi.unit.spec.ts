import { randomBytes, randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import { encryptField, generateSigningKeyPair, privateKeyOf, signCheckpoint } from '@inclusion/event-store';
import { asyncApiSpecErrors, messageValidators } from '../../../../test/support/asyncapi';
import { DEAD_LETTER_HEADERS, ENVELOPE_HEADERS, EventEnvelope, INSTITUTION_KINDS, PARTITION_KEY_FIELDS, partitionKeyOf } from '../envelope';
import { auditCheckpointTopicOf, deadLetterTopicOf, eventTopicOf } from '../topics';
import { ed25519NoteSigner, generateNamedKeyPair, cosignCheckpoint, inclusionProof, leafHash, rootOfLeafHashes, signCheckpoint as signTreeHead, nodeSourceOf, } from '@inclusion/transparency-log';
import { auditCosignatureTopicOf } from '../topics';
import { CASE_OUTCOMES } from '../events/case-work.events';

const CLOSED_OUTCOME = CASE_OUTCOMES[0];
import { AUDIT_CHECKPOINT_CHANNEL_ID, AUDIT_COSIGNATURE_CHANNEL_ID, buildAsyncApiDocument, DEAD_LETTER_CHANNEL_ID, eventChannelIdOf, eventMessageIdOf, renderAsyncApiYaml, topicUnderPrefix } from './asyncapi';
import { EVENT_CATALOGUE } from './catalogue';

const document = buildAsyncApiDocument(EVENT_CATALOGUE);
const validators = messageValidators(document);

/** An envelope as the event store publishes it, around a payload. */
const envelope = (type: string, schemaVersion: number, payload: unknown, ids: Partial<EventEnvelope> = {}): EventEnvelope => ({
  eventId: randomUUID(),
  type,
  schemaVersion,
  streamId: 'case-case-0001',
  streamVersion: 1,
  globalPosition: 7,
  institutionId: 'ss-albacete',
  institutionSequence: 3,
  actor: { userId: 'tech-ana', role: 'technician', onBehalfOf: null },
  occurredAt: '2026-03-02T09:00:00.000Z',
  recordedAt: '2026-03-02T09:00:01.000Z',
  correlationId: randomUUID(),
  causationId: null,
  caseId: 'case-0001',
  projectId: null,
  programmeId: null,
  payload: payload as Record<string, unknown>,
  metadata: {},
  previousHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  signature: Buffer.from('signature').toString('base64'),
  keyId: 'events-2026',
  ...ids,
});

/** Follows a local `$ref` (`#/a/b`) in the document. */
const resolve = (pointer: string): unknown =>
  pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), document);

const refsIn = (node: unknown, found: string[] = []): string[] => {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
};

describe('the AsyncAPI document of the Kafka topics', () => {
  it('is a valid AsyncAPI 3.0.0 document by the official JSON Schema (@asyncapi/specs)', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(asyncApiSpecErrors(document)).toEqual([]);
    // the validator is not vacuous: a broken document is refused
    expect(asyncApiSpecErrors({ ...document, operations: { broken: { action: 'listen', channel: { $ref: '#/channels/deadLetter' } } } })).not.toEqual([]);
  });

  it('resolves every $ref inside itself, and each operation receives only messages of its own channel', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((ref) => !ref.startsWith('#/') || resolve(ref) === undefined)).toEqual([]);
    for (const [id, operation] of Object.entries(document.operations)) {
      const channel = (operation.channel as { $ref: string }).$ref;
      expect(operation.action).toBe('receive');
      for (const message of operation.messages as { $ref: string }[]) expect(message.$ref.startsWith(`${channel}/messages/`)).toBe(true);
      expect((operation.messages as unknown[]).length).toBe(Object.keys((resolve(channel) as { messages: object }).messages).length);
      expect(id).toMatch(/^receive/);
    }
    expect(Object.keys(document.operations)).toHaveLength(INSTITUTION_KINDS.length + 3);
  });

  it("has one message per event type and version, on its producer's topic, or on every event topic when the responsible institution records it", () => {
    const definitions = EVENT_CATALOGUE.all();
    expect(Object.keys(document.components.messages).filter((id) => !['deadLetter', 'auditCheckpoint', 'auditCosignature'].includes(id)).sort()).toEqual(
      definitions.map((d) => eventMessageIdOf(d.type, d.version)).sort(),
    );
    for (const definition of definitions) {
      const id = eventMessageIdOf(definition.type, definition.version);
      const message = document.components.messages[id];
      expect(message).toMatchObject({ 'x-event-type': definition.type, 'x-schema-version': definition.version, summary: definition.description });
      expect(message.deprecated === true).toBe(definition.deprecated === true);
      const topics = INSTITUTION_KINDS.filter((kind) => document.channels[eventChannelIdOf(kind)].messages[id]);
      expect(topics).toEqual(definition.producer === 'any' ? [...INSTITUTION_KINDS] : [definition.producer]);
    }
    expect(document.components.messages['case.opened.v1'].deprecated).toBe(true);
    expect(document.components.messages['case.opened.v2'].deprecated).toBeUndefined();
    expect(Object.keys(document.channels[eventChannelIdOf('insertion-company')].messages)).toEqual(
      expect.arrayContaining(['incident.reported.v1', 'placement.started.v1', 'itinerary.step-started.v1', 'table.created.v1']),
    );
  });

  it('addresses the topics under the default prefix and says that KAFKA_TOPIC_PREFIX replaces it', () => {
    for (const kind of INSTITUTION_KINDS) expect(document.channels[eventChannelIdOf(kind)].address).toBe(eventTopicOf(kind));
    expect(document.channels[DEAD_LETTER_CHANNEL_ID].address).toBe(deadLetterTopicOf());
    expect(document.channels[AUDIT_CHECKPOINT_CHANNEL_ID].address).toBe(auditCheckpointTopicOf());
    expect(document.channels[AUDIT_COSIGNATURE_CHANNEL_ID].address).toBe(auditCosignatureTopicOf());
    for (const channel of Object.values(document.channels)) {
      expect(channel.address.startsWith('inclusion.')).toBe(true);
      expect(channel.description).toContain('KAFKA_TOPIC_PREFIX');
      expect(channel.bindings).toEqual({ kafka: { partitions: 6, replicas: 1, bindingVersion: '0.5.0' } });
    }
    expect(document['x-topic-prefix']).toMatchObject({ default: 'inclusion', variable: 'KAFKA_TOPIC_PREFIX' });
    expect(topicUnderPrefix(document.channels[eventChannelIdOf('social-services')].address, 'test-abc')).toBe(eventTopicOf('social-services', 'test-abc'));
    expect(topicUnderPrefix(document.channels[DEAD_LETTER_CHANNEL_ID].address, 'test-abc')).toBe(deadLetterTopicOf('test-abc'));
    expect(document.servers.local).toMatchObject({ host: '127.0.0.1:9092', protocol: 'kafka' });
  });

  it('takes the headers from ENVELOPE_HEADERS and DEAD_LETTER_HEADERS, and the key from the fields partitionKeyOf uses', () => {
    const headers = document.components.schemas.EventHeaders as { properties: object; required: string[] };
    expect(Object.keys(headers.properties)).toEqual(Object.values(ENVELOPE_HEADERS));
    expect(headers.required).not.toContain(ENVELOPE_HEADERS.caseId);
    expect(headers.required).toContain(ENVELOPE_HEADERS.eventId);
    expect(Object.keys((document.components.schemas.DeadLetterHeaders as { properties: object }).properties)).toEqual(Object.values(DEAD_LETTER_HEADERS));

    const key = document.components.messages['case.opened.v2'].bindings.kafka.key;
    expect(key['x-key-from']).toEqual([...PARTITION_KEY_FIELDS]);
    const keyFromDocument = (e: EventEnvelope) => (key['x-key-from'] as (keyof EventEnvelope)[]).map((field) => e[field]).find((value) => value !== null);
    for (const ids of [{}, { caseId: null, projectId: 'proj-1' }, { caseId: null, programmeId: 'prog-1' }, { caseId: null, streamId: 'table-t1' }]) {
      const event = envelope('case.closed', 1, {}, ids);
      expect(keyFromDocument(event)).toBe(partitionKeyOf(event));
    }

    const sent = {
      'event-id': randomUUID(), 'event-type': 'case.opened', 'schema-version': '2', 'stream-id': 'case-c1', 'stream-version': '1', 'global-position': '12',
      'institution-id': 'ss-albacete', 'actor-user-id': 'tech-ana', 'actor-role': 'technician', 'correlation-id': randomUUID(), 'case-id': 'c1',
      'occurred-at': '2026-03-02T09:00:00.000Z', 'recorded-at': '2026-03-02T09:00:00.000Z', hash: 'b'.repeat(64), signature: 'c2ln',
    };
    expect(validators.headersErrors('case.opened.v2', sent)).toEqual([]);
    expect(validators.headersErrors('case.opened.v1', sent)).not.toEqual([]); // schema-version 2 is not v1
    const { ['event-id']: _missing, ...withoutId } = sent;
    expect(validators.headersErrors('case.opened.v2', withoutId)).not.toEqual([]);
  });

  it("derives payload schemas from the payload classes' rules: the schema accepts and refuses what the catalogue does", () => {
    const incident = { incidentId: 'inc-1', placementId: 'pl-1', kind: 'absenteeism', severity: 'medium', observedOn: '2026-03-02', description: 'Three days absent' };
    const table = { tableId: 't-1', level: 'programme', scopeId: 'prog-1', members: [{ institutionId: 'rd-albacete', people: ['rosa'] }] };
    const opened = { personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['youth'] };
    const samples: [string, number, Record<string, unknown>][] = [
      ['incident.reported', 1, incident],
      ['incident.reported', 1, { ...incident, extra: 1 }],
      ['incident.reported', 1, { ...incident, kind: 'boredom' }],
      ['incident.reported', 1, { ...incident, incidentId: '!!' }],
      ['incident.reported', 1, { ...incident, description: '' }],
      ['incident.reported', 1, { ...incident, observedOn: undefined }],
      ['table.created', 1, table],
      ['table.created', 1, { ...table, members: [] }],
      ['table.created', 1, { ...table, members: [{ institutionId: 'rd-albacete', people: ['rosa'], role: 'chair' }] }],
      ['table.created', 1, { ...table, members: [{ institutionId: 'rd-albacete' }] }],
      ['case.opened', 2, opened],
      ['case.opened', 2, { ...opened, openedBecause: null }],
      ['case.opened', 2, { ...opened, incidenceGroups: ['youth', 'youth'] }],
      ['case.opened', 2, { ...opened, birthYear: 1850 }],
      ['case.opened', 1, { personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1984 }],
      ['case.opened', 1, opened],
      ['programme.created', 1, { name: 'Plan', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1000.5 }],
      ['programme.created', 1, { name: 'Plan', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: -1 }],
    ];
    for (const [type, version, payload] of samples) {
      const defined = JSON.parse(JSON.stringify(payload)); // as it travels: undefined fields are absent
      const catalogueAccepts = EVENT_CATALOGUE.validate(type, version, defined).length === 0;
      const schemaAccepts = validators.payloadErrors(eventMessageIdOf(type, version), envelope(type, version, defined)).length === 0;
      expect({ type, version, payload: defined, accepted: schemaAccepts }).toEqual({ type, version, payload: defined, accepted: catalogueAccepts });
    }
    expect(samples.filter(([type, version, payload]) => EVENT_CATALOGUE.validate(type, version, payload).length === 0)).toHaveLength(6);
    // the envelope around the payload is checked too: its type and version must be those of the message
    expect(validators.payloadErrors('incident.reported.v1', { ...envelope('incident.reported', 1, incident), type: 'incident.resolved' })).not.toEqual([]);
    expect(validators.payloadErrors('incident.reported.v1', { ...envelope('incident.reported', 1, incident), actor: { userId: 'x', role: 'janitor' } })).not.toEqual([]);
    expect(validators.payloadErrors('incident.reported.v1', { ...envelope('incident.reported', 1, incident), hash: 'not-hex' })).not.toEqual([]);
  });

  it('describes sensitive fields as EncryptedField objects: what the event store encrypts passes, plaintext does not', () => {
    const key = randomBytes(32);
    const identity = { name: 'María García Pérez', idNumber: '12345678Z' };
    const opened = { personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: [] };
    const onTheWire = envelope('case.opened', 2, { ...opened, identity: encryptField(identity, 'p-0001', key) });
    expect(validators.payloadErrors('case.opened.v2', JSON.parse(JSON.stringify(onTheWire)))).toEqual([]);
    expect(validators.payloadErrors('case.opened.v2', envelope('case.opened', 2, { ...opened, identity }))).not.toEqual([]);

    const diagnosis = { diagnosedOn: '2026-03-02', dimensions: [{ dimension: 'health', score: 6, critical: true }] };
    expect(validators.payloadErrors('case.diagnosis-recorded.v1', envelope('case.diagnosis-recorded', 1, { ...diagnosis, healthDetails: encryptField('diabetes', 'p-0001', key) }))).toEqual([]);
    expect(validators.payloadErrors('case.diagnosis-recorded.v1', envelope('case.diagnosis-recorded', 1, { ...diagnosis, healthDetails: 'diabetes' }))).not.toEqual([]);

    const identityRule = (document.components.schemas.CaseOpenedV2 as { properties: Record<string, { anyOf: Record<string, unknown>[] }> }).properties.identity.anyOf[0];
    expect(identityRule['x-decrypted']).toEqual({ $ref: '#/components/schemas/PersonIdentity' });
    expect(identityRule.description).toMatch(/encrypted with the person's key/);
    expect(document.components.messages['case.opened.v2'].description).toMatch(/`identity`.*EncryptedField/);
  });

  it('describes an audit checkpoint as the services sign and publish it', () => {
    const keys = generateSigningKeyPair();
    const checkpoint = signCheckpoint(
      { institutionId: 'ss-albacete', sequence: 42, headHash: 'd'.repeat(64), publicKey: keys.publicKeyPem, service: 'social-services', issuedAt: new Date().toISOString() },
      privateKeyOf(keys.privateKeyPem),
    );
    expect(validators.payloadErrors('auditCheckpoint', JSON.parse(JSON.stringify(checkpoint)))).toEqual([]);
    const { signature: _unsigned, ...unsigned } = checkpoint;
    expect(validators.payloadErrors('auditCheckpoint', unsigned)).not.toEqual([]);
  });

  it('describes the transparency log as it travels: an inclusion proof in the envelope, the log part of a checkpoint, a cosignature', () => {
    // a real tree of 5 event hashes, its signed checkpoint, the proof of the third event
    const hashes = [1, 2, 3, 4, 5].map((i) => Buffer.alloc(32, i));
    const leaves = hashes.map((h) => leafHash(h));
    const log = generateNamedKeyPair('inclusion-network/ss-albacete');
    const note = signTreeHead({ origin: log.name, treeSize: 5, rootHash: rootOfLeafHashes(leaves) }, [ed25519NoteSigner(log.name, log.privateKey)]);
    const nodes = leaves.map((hash, index) => ({ level: 0, index, hash }));
    const inner = [
      { level: 1, index: 0, hash: rootOfLeafHashes(leaves.slice(0, 2)) },
      { level: 1, index: 1, hash: rootOfLeafHashes(leaves.slice(2, 4)) },
      { level: 2, index: 0, hash: rootOfLeafHashes(leaves.slice(0, 4)) },
    ];
    const proof = inclusionProof(2, 5, nodeSourceOf([...nodes, ...inner]));
    const sent = envelope('case.closed', 1, { closedOn: '2026-03-02', outcome: CLOSED_OUTCOME }, { signature: '', hash: hashes[2].toString('hex'), proof: { checkpoint: note, leafIndex: 2, treeSize: 5, hashes: proof.map((h) => h.toString('base64')) } });
    expect(validators.payloadErrors('case.closed.v1', sent)).toEqual([]);
    expect(validators.payloadErrors('case.closed.v1', { ...sent, proof: { ...sent.proof, extra: 1 } })).not.toEqual([]);
    expect(validators.payloadErrors('case.closed.v1', { ...sent, proof: undefined })).toEqual([]); // events recorded before the log carry none

    const keys = generateSigningKeyPair();
    const checkpoint = signCheckpoint(
      { institutionId: 'ss-albacete', sequence: 5, headHash: hashes[4].toString('hex'), publicKey: keys.publicKeyPem, service: 'social-services', issuedAt: new Date().toISOString() },
      privateKeyOf(keys.privateKeyPem),
    );
    const withLog = { ...checkpoint, log: { origin: log.name, checkpoint: note, previousSize: 3, consistency: [proof[0].toString('base64')] } };
    expect(validators.payloadErrors('auditCheckpoint', withLog)).toEqual([]);
    expect(validators.payloadErrors('auditCheckpoint', { ...withLog, log: { origin: log.name } })).not.toEqual([]);

    const witness = generateNamedKeyPair('rd-albacete');
    const cosigned = cosignCheckpoint(note, witness, 1_790_000_000);
    const cosignature = { institutionId: 'ss-albacete', origin: log.name, witness: 'rd-albacete', treeSize: 5, rootHash: rootOfLeafHashes(leaves).toString('base64'), cosigned, cosignedAt: new Date(1_790_000_000_000).toISOString() };
    expect(validators.payloadErrors('auditCosignature', cosignature)).toEqual([]);
    const { cosigned: _missing, ...incomplete } = cosignature;
    expect(validators.payloadErrors('auditCosignature', incomplete)).not.toEqual([]);
  });

  it('renders as YAML that reads back as the same document, with no anchors or aliases', () => {
    const yaml = renderAsyncApiYaml(document);
    expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(document)));
    expect(yaml).not.toMatch(/^\s*[\w.-]+: [&*]/m);
    expect(yaml.startsWith('# generated from libs/contracts')).toBe(true);
  });
});
