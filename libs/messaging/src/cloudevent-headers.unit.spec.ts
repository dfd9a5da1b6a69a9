import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka } from 'cloudevents';
import { CLOUDEVENT_ATTRIBUTE_NAME, CLOUDEVENT_EXTENSIONS, CLOUDEVENT_HEADERS, EventEnvelope, partitionKeyOf } from '@inclusion/contracts';
import { cloudEventHeadersOf } from './cloudevent-headers';

const checkpoint = `inclusion-network/ss-albacete\n5\n${Buffer.alloc(32, 7).toString('base64')}\n\n— inclusion-network/ss-albacete ${Buffer.alloc(68, 9).toString('base64')}\n`;

/** An envelope as the event store publishes it (under the transparency log: a proof, no signature). */
const envelope = (ids: Partial<EventEnvelope> = {}): EventEnvelope => ({
  eventId: '01933b6e-1f2a-7c3d-8e4f-5a6b7c8d9e0f',
  type: 'case.opened',
  schemaVersion: 2,
  streamId: 'case-case-0001',
  streamVersion: 1,
  globalPosition: 4_000_000_001,
  institutionId: 'ss-albacete',
  institutionSequence: 3,
  actor: { userId: 'tech-ana', role: 'technician', onBehalfOf: null },
  occurredAt: '2026-03-02T09:00:00.000Z',
  recordedAt: '2026-03-02T09:00:01.000Z',
  correlationId: '01933b6e-0000-7000-8000-000000000001',
  causationId: '01933b6e-0000-7000-8000-000000000002',
  caseId: 'case-0001',
  projectId: 'proj-1',
  programmeId: 'plan-2026',
  payload: { personId: 'p-0001', municipality: 'Albacete' },
  metadata: {},
  previousHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  signature: '',
  keyId: 'events-2026',
  proof: { checkpoint, leafIndex: 2, treeSize: 5, hashes: [Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64')] },
  ...ids,
});

/** What a plain Kafka consumer hands a CloudEvents SDK: string headers, the key, the value bytes. */
const asReceived = (event: EventEnvelope, headers: Record<string, string>) => {
  const value = Buffer.from(JSON.stringify(event));
  return { headers, key: partitionKeyOf(event), value, body: value };
};

describe('cloudEventHeadersOf: the Kafka headers of an event message (CloudEvents 1.0, Kafka binding, binary mode)', () => {
  it('maps the envelope to the CloudEvents attributes and this system\'s extensions', () => {
    const event = envelope();
    expect(cloudEventHeadersOf(event)).toEqual({
      ce_id: event.eventId,
      ce_source: 'inclusion-network/ss-albacete',
      ce_type: 'case.opened',
      ce_specversion: '1.0',
      ce_time: '2026-03-02T09:00:00.000Z',
      ce_subject: 'cases/case-0001',
      'content-type': 'application/json',
      ce_institution: 'ss-albacete',
      ce_stream: 'case-case-0001',
      ce_streamversion: '1',
      ce_position: '4000000001',
      ce_schemaversion: '2',
      ce_hash: 'a'.repeat(64),
      ce_keyid: 'events-2026',
      ce_proof: JSON.stringify(event.proof),
      ce_correlationid: event.correlationId,
      ce_causationid: event.causationId,
      ce_partitionkey: 'case-0001',
    });
    // the proof reads back as it travels in the value
    expect(JSON.parse(cloudEventHeadersOf(event)[CLOUDEVENT_HEADERS.proof])).toEqual(event.proof);
  });

  it('leaves out the attributes an event has no value for: proof before the transparency log, causation of a direct record', () => {
    const legacy = envelope({ proof: undefined, signature: Buffer.from('sig').toString('base64'), causationId: null, keyId: undefined });
    const headers = cloudEventHeadersOf(legacy);
    expect(headers).not.toHaveProperty(CLOUDEVENT_HEADERS.proof);
    expect(headers).not.toHaveProperty(CLOUDEVENT_HEADERS.causationId);
    expect(headers).not.toHaveProperty(CLOUDEVENT_HEADERS.keyId);
    // nothing of the old per-field headers, and no signature header
    expect(Object.keys(headers).filter((name) => !name.startsWith('ce_'))).toEqual(['content-type']);
  });

  it('names as subject the case, else the project, the programme, the stream: the id the message key carries', () => {
    const cases: [Partial<EventEnvelope>, string][] = [
      [{}, 'cases/case-0001'],
      [{ caseId: null }, 'projects/proj-1'],
      [{ caseId: null, projectId: null }, 'programmes/plan-2026'],
      [{ caseId: null, projectId: null, programmeId: null, streamId: 'table-t1' }, 'streams/table-t1'],
    ];
    for (const [ids, subject] of cases) {
      const event = envelope(ids);
      const headers = cloudEventHeadersOf(event);
      expect(headers[CLOUDEVENT_HEADERS.subject]).toBe(subject);
      expect(subject.endsWith(`/${partitionKeyOf(event)}`)).toBe(true);
      expect(headers[CLOUDEVENT_HEADERS.partitionKey]).toBe(partitionKeyOf(event));
    }
    expect(cloudEventHeadersOf(envelope(), { partitionKey: 'as-sent' })[CLOUDEVENT_HEADERS.partitionKey]).toBe('as-sent');
    expect(cloudEventHeadersOf(envelope(), { logOriginPrefix: 'other-network' })[CLOUDEVENT_HEADERS.source]).toBe('other-network/ss-albacete');
  });

  it('names the extensions by the CloudEvents rules and puts no control character in a value', () => {
    for (const name of Object.values(CLOUDEVENT_EXTENSIONS)) expect(name).toMatch(CLOUDEVENT_ATTRIBUTE_NAME);
    const headers = cloudEventHeadersOf(envelope());
    for (const [name, value] of Object.entries(headers)) {
      expect(name === 'content-type' || /^ce_[a-z0-9]{1,20}$/.test(name)).toBe(true);
      // CloudEvents String: no U+0000-U+001F, U+007F-U+009F (the checkpoint's newlines travel escaped in the JSON)
      // eslint-disable-next-line no-control-regex
      expect({ name, control: /[\u0000-\u001f\u007f-\u009f]/.test(value) }).toEqual({ name, control: false });
    }
  });

  it('is read by the cloudevents SDK (Kafka binding) as a valid CloudEvent whose data is the envelope', () => {
    const event = envelope();
    const received = Kafka.toEvent(asReceived(event, cloudEventHeadersOf(event))) as CloudEvent<EventEnvelope>;
    expect(received.validate()).toBe(true);
    expect(received).toMatchObject({
      id: event.eventId,
      source: 'inclusion-network/ss-albacete',
      type: 'case.opened',
      specversion: '1.0',
      time: '2026-03-02T09:00:00.000Z',
      subject: 'cases/case-0001',
      datacontenttype: 'application/json',
      institution: 'ss-albacete',
      stream: 'case-case-0001',
      streamversion: '1',
      position: '4000000001',
      schemaversion: '2',
      hash: 'a'.repeat(64),
      keyid: 'events-2026',
      correlationid: event.correlationId,
      causationid: event.causationId,
      partitionkey: 'case-0001',
    });
    expect(JSON.parse(String(received.proof))).toEqual(event.proof);
    expect(received.data).toEqual(event);
  });

  it('gives the headers the SDK itself writes for the same CloudEvent in binary mode', () => {
    const event = envelope({ eventId: randomUUID() });
    const ours = cloudEventHeadersOf(event);
    const attributes = Object.fromEntries(Object.entries(ours).filter(([name]) => name !== 'content-type').map(([name, value]) => [name.slice(3), value]));
    const sdk = Kafka.binary(new CloudEvent({ ...attributes, datacontenttype: 'application/json', data: event } as never));
    // The SDK also repeats datacontenttype as ce_datacontenttype; the binding maps it to content-type only.
    const sdkHeaders = Object.fromEntries(Object.entries(sdk.headers).filter(([name, value]) => value !== undefined && name !== 'ce_datacontenttype'));
    expect(sdk.headers['content-type']).toBe('application/json');
    expect(sdkHeaders).toEqual(ours);
    expect(sdk.key).toBe(partitionKeyOf(event));
  });

  it('refuses what is not an event envelope', () => {
    expect(() => cloudEventHeadersOf({} as EventEnvelope)).toThrow(/not an event envelope: eventId/);
    expect(() => cloudEventHeadersOf({ ...envelope(), globalPosition: '7' } as unknown as EventEnvelope)).toThrow(/globalPosition/);
    expect(() => cloudEventHeadersOf({ ...envelope(), type: '' })).toThrow(/type/);
  });
});
