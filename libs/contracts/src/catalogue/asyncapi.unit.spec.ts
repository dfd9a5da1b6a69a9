import { randomBytes, randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import { encryptField, generateSigningKeyPair, privateKeyOf, signCheckpoint } from '@inclusion/event-store';
import { asyncApiSpecErrors, messageValidators } from '../../../../test/support/asyncapi';
import { DEAD_LETTER_HEADERS, EventEnvelope, INSTITUTION_KINDS, PARTITION_KEY_FIELDS, partitionKeyOf } from '../envelope';
import { CLOUDEVENT_HEADERS } from '../cloudevents';
import { cloudEventHeadersOf } from '@inclusion/messaging';
import { auditCheckpointTopicOf, deadLetterTopicOf, eventTopicOf } from '../topics';
import { ed25519NoteSigner, generateNamedKeyPair, cosignCheckpoint, inclusionProof, leafHash, rootOfLeafHashes, signCheckpoint as signTreeHead, nodeSourceOf, } from '@inclusion/transparency-log';
import { auditCosignatureTopicOf } from '../topics';
import { CASE_OUTCOMES } from '../events/case-work.events';

const CLOSED_OUTCOME = CASE_OUTCOMES[0];
import { COMMAND_HEADERS, commandTopicOf, replyTopicOf } from '../commands';
import { AUDIT_CHECKPOINT_CHANNEL_ID, AUDIT_COSIGNATURE_CHANNEL_ID, buildAsyncApiDocument, commandChannelIdOf, replyChannelIdOf, DEAD_LETTER_CHANNEL_ID, eventChannelIdOf, eventMessageIdOf, renderAsyncApiYaml, topicUnderPrefix } from './asyncapi';
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

  it('resolves every $ref inside itself, and each operation receives (or sends) only messages of its own channel', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((ref) => !ref.startsWith('#/') || resolve(ref) === undefined)).toEqual([]);
    for (const [id, operation] of Object.entries(document.operations)) {
      const channel = (operation.channel as { $ref: string }).$ref;
      expect(operation.action).toBe(channel.endsWith('Commands') ? 'send' : 'receive');
      for (const message of operation.messages as { $ref: string }[]) expect(message.$ref.startsWith(`${channel}/messages/`)).toBe(true);
      expect((operation.messages as unknown[]).length).toBe(Object.keys((resolve(channel) as { messages: object }).messages).length);
      expect(id).toMatch(new RegExp(`^${operation.action}`));
    }
    // events of each kind, dead letters, checkpoints, cosignatures; and each service's commands (sent) and replies (received)
    expect(Object.keys(document.operations)).toHaveLength(INSTITUTION_KINDS.length * 3 + 3);
  });

  it("has one message per event type and version, on its producer's topic, or on every event topic when the responsible institution records it", () => {
    const definitions = EVENT_CATALOGUE.all();
    expect(Object.keys(document.components.messages).filter((id) => !['deadLetter', 'auditCheckpoint', 'auditCosignature', 'command', 'commandReply'].includes(id)).sort()).toEqual(
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

  it('takes the headers from CLOUDEVENT_HEADERS and DEAD_LETTER_HEADERS, and the key from the fields partitionKeyOf uses', () => {
    const headers = document.components.schemas.EventHeaders as { properties: Record<string, { const?: string }>; required: string[] };
    expect(Object.keys(headers.properties)).toEqual(Object.values(CLOUDEVENT_HEADERS));
    expect(headers.required).toEqual(expect.arrayContaining(['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time', 'ce_subject', 'content-type', 'ce_hash', 'ce_institution', 'ce_stream', 'ce_position']));
    expect(headers.required).not.toContain(CLOUDEVENT_HEADERS.proof);
    expect(headers.required).not.toContain(CLOUDEVENT_HEADERS.causationId);
    expect(headers.properties.ce_specversion.const).toBe('1.0');
    expect(document.components.messages['case.opened.v2'].correlationId).toMatchObject({ location: '$message.header#/ce_correlationid' });
    expect(Object.keys((document.components.schemas.DeadLetterHeaders as { properties: object }).properties)).toEqual(Object.values(DEAD_LETTER_HEADERS));

    const key = document.components.messages['case.opened.v2'].bindings.kafka.key;
    expect(key['x-key-from']).toEqual([...PARTITION_KEY_FIELDS]);
    const keyFromDocument = (e: EventEnvelope) => (key['x-key-from'] as (keyof EventEnvelope)[]).map((field) => e[field]).find((value) => value !== null);
    for (const ids of [{}, { caseId: null, projectId: 'proj-1' }, { caseId: null, programmeId: 'prog-1' }, { caseId: null, streamId: 'table-t1' }]) {
      const event = envelope('case.closed', 1, {}, ids);
      expect(keyFromDocument(event)).toBe(partitionKeyOf(event));
    }

    // the headers the relay sends, for an event recorded under the transparency log and for one recorded before it
    const checkpoint = `inclusion-network/ss-albacete\n3\n${Buffer.alloc(32, 1).toString('base64')}\n\n— inclusion-network/ss-albacete AAAA\n`;
    const underLog = envelope('case.opened', 2, {}, { signature: '', causationId: randomUUID(), proof: { checkpoint, leafIndex: 2, treeSize: 3, hashes: [] } });
    const sent = cloudEventHeadersOf(underLog);
    expect(validators.headersErrors('case.opened.v2', sent)).toEqual([]);
    expect(validators.headersErrors('case.opened.v2', cloudEventHeadersOf(envelope('case.opened', 2, {}, { keyId: 'legacy' })))).toEqual([]);
    expect(validators.headersErrors('case.opened.v1', sent)).not.toEqual([]); // ce_schemaversion 2 is not v1
    expect(validators.headersErrors('case.closed.v1', sent)).not.toEqual([]); // nor is ce_type case.closed
    const { ce_id: _missing, ...withoutId } = sent;
    expect(validators.headersErrors('case.opened.v2', withoutId)).not.toEqual([]);
    expect(validators.headersErrors('case.opened.v2', { ...sent, ce_specversion: '0.3' })).not.toEqual([]);
    expect(validators.headersErrors('case.opened.v2', { ...sent, ce_time: 'yesterday' })).not.toEqual([]);
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

  it("describes each service's commands and replies topics (the Kafka command ingress) with their messages", () => {
    for (const kind of INSTITUTION_KINDS) {
      expect(document.channels[commandChannelIdOf(kind)]).toMatchObject({ address: commandTopicOf(kind), messages: { command: { $ref: '#/components/messages/command' } } });
      expect(document.channels[replyChannelIdOf(kind)]).toMatchObject({ address: replyTopicOf(kind), messages: { commandReply: { $ref: '#/components/messages/commandReply' } } });
      expect(topicUnderPrefix(document.channels[commandChannelIdOf(kind)].address, 'test-abc')).toBe(commandTopicOf(kind, 'test-abc'));
      const send = Object.values(document.operations).find((o) => (o.channel as { $ref: string }).$ref === `#/channels/${commandChannelIdOf(kind)}`)!;
      expect(send).toMatchObject({ action: 'send', reply: { channel: { $ref: `#/channels/${replyChannelIdOf(kind)}` } } });
    }
    // the README's kcat example, as the ingress takes it
    const command = { type: 'AssignReferenceTechnician', version: 1, params: { caseId: 'case-0001' }, body: { technicianId: 'tech-ana' } };
    const headers = { [COMMAND_HEADERS.authorization]: 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln', [COMMAND_HEADERS.commandId]: 'assign-0001' };
    expect(validators.payloadErrors('command', command)).toEqual([]);
    expect(validators.headersErrors('command', headers)).toEqual([]);
    expect(validators.keyErrors('command', 'case-0001')).toEqual([]);
    expect(validators.payloadErrors('command', { ...command, version: 2 })).not.toEqual([]);
    expect(validators.payloadErrors('command', { ...command, body: undefined })).not.toEqual([]);
    expect(validators.payloadErrors('command', { ...command, params: { caseId: 'bad id!' } })).not.toEqual([]);
    expect(validators.headersErrors('command', { [COMMAND_HEADERS.commandId]: 'assign-0001' })).not.toEqual([]);
    expect(validators.headersErrors('command', { ...headers, [COMMAND_HEADERS.correlationId]: 'not-a-uuid' })).not.toEqual([]);

    // replies as the ingress writes them (libs/network-member/src/ingress/command-ingress.ts)
    const accepted = { commandId: 'assign-0001', outcome: 'accepted', status: 201, result: { streamId: 'case-case-0001', version: 2, events: [envelope('case.reference-technician-assigned', 1, { technicianId: 'tech-ana' })] } };
    const rejected = { commandId: 'assign-0001', outcome: 'rejected', status: 400, error: { statusCode: 400, error: 'Bad Request', code: 'COMMAND.INVALID', message: 'version must be 1' } };
    expect(validators.payloadErrors('commandReply', accepted)).toEqual([]);
    expect(validators.payloadErrors('commandReply', rejected)).toEqual([]);
    expect(validators.payloadErrors('commandReply', { ...rejected, error: undefined })).not.toEqual([]);
    expect(validators.payloadErrors('commandReply', { ...accepted, outcome: 'maybe' })).not.toEqual([]);
    expect(validators.headersErrors('commandReply', { [COMMAND_HEADERS.commandId]: 'assign-0001', [COMMAND_HEADERS.outcome]: 'accepted' })).toEqual([]);
    expect(validators.headersErrors('commandReply', { [COMMAND_HEADERS.commandId]: 'assign-0001' })).not.toEqual([]);
  });

  it('renders as YAML that reads back as the same document, with no anchors or aliases', () => {
    const yaml = renderAsyncApiYaml(document);
    expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(document)));
    expect(yaml).not.toMatch(/^\s*[\w.-]+: [&*]/m);
    expect(yaml.startsWith('# generated from libs/contracts')).toBe(true);
  });
});
