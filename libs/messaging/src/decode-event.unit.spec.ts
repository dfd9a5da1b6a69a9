import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { decodeEvent, decodeParsedEvent } from './decode-event';
import { envelopeProblems } from './envelope-shape';

const envelope = (overrides: Record<string, unknown> = {}) => ({
  eventId: '01a2236c-d1fc-75c6-a847-bd7f18f9ca2f',
  type: 'case.opened',
  schemaVersion: 2,
  streamId: 'case-case-0091',
  streamVersion: 1,
  globalPosition: 1,
  institutionId: 'ss-albacete',
  institutionSequence: 1,
  actor: { userId: 'tech-ana', role: 'technician', onBehalfOf: null },
  occurredAt: '2026-11-28T18:31:03.932Z',
  recordedAt: '2026-11-28T18:31:03.932Z',
  correlationId: '01a2236c-d1ef-73c8-a707-9f49880b37f8',
  causationId: null,
  caseId: 'case-0091',
  projectId: null,
  programmeId: null,
  payload: { personId: 'p-0091', municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['long-term-unemployed'] },
  metadata: {},
  previousHash: '0'.repeat(64),
  hash: '02845f301ff3bddfea154fefbd586632c1254beb7149f57e1dcc575aec2c00c7',
  signature: '',
  keyId: 'events-2025',
  ...overrides,
});

const without = (field: string) => {
  const value: Record<string, unknown> = envelope();
  delete value[field];
  return value;
};

describe('decoding an event message', () => {
  it('decodes an envelope of a known type and version with a valid payload', () => {
    const decoded = decodeEvent(Buffer.from(JSON.stringify(envelope())), EVENT_CATALOGUE);
    expect(decoded).toEqual({ ok: true, event: envelope() });
  });

  it('says why a message is not an event: not JSON, not an object', () => {
    expect(decodeEvent(Buffer.from('{nope'), EVENT_CATALOGUE)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON: /) });
    expect(decodeEvent(null, EVENT_CATALOGUE)).toEqual({ ok: false, reason: 'empty message' });
    expect(decodeParsedEvent([envelope()], EVENT_CATALOGUE)).toEqual({ ok: false, reason: 'not an event envelope: a JSON object is expected' });
  });

  it('names every problem of the envelope in one reason', () => {
    const decoded = decodeParsedEvent(envelope({ eventId: 'not-a-uuid', schemaVersion: 0, actor: { userId: '', role: 'janitor' }, occurredAt: 'yesterday', keyId: 'k'.repeat(65) }), EVENT_CATALOGUE);
    expect(decoded.ok).toBe(false);
    const reason = (decoded as { reason: string }).reason;
    expect(reason).toMatch(/^invalid envelope: /);
    expect(reason).toContain('eventId: must be a UUID');
    expect(reason).toContain('schemaVersion: must be >= 1');
    expect(reason).toContain('actor.userId: must be a string of 1 to 200 characters');
    expect(reason).toContain('actor.role: must be one of technician, tutor, coordinator, supervisor, system');
    expect(reason).toContain('occurredAt: must be an RFC 3339 date-time, such as 2026-03-02T09:00:00Z');
    expect(reason).toContain('keyId: must be a string of 1 to 64 characters');
  });

  it('checks each envelope field: required ones present, optional ones absent or null, types and formats', () => {
    expect(envelopeProblems(envelope())).toEqual([]);
    for (const field of ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'globalPosition', 'institutionId', 'institutionSequence', 'actor', 'occurredAt', 'recordedAt', 'correlationId', 'payload', 'metadata', 'previousHash', 'hash', 'signature']) {
      expect({ field, problems: envelopeProblems(without(field)) }).toEqual({ field, problems: [`${field}: is missing`] });
    }
    for (const field of ['causationId', 'caseId', 'projectId', 'programmeId', 'keyId']) {
      expect(envelopeProblems(without(field))).toEqual([]);
      expect(envelopeProblems(envelope({ [field]: null }))).toEqual([]);
    }
    expect(envelopeProblems(envelope({ causationId: '01a2236c-d1ef-73c8-a707-9f49880b37f8', occurredAt: '2019-03-01T09:00:00+01:00' }))).toEqual([]);
    // the published format, RFC 3339 (what the event store writes): an ISO 8601 date alone is not a date-time
    expect(envelopeProblems(envelope({ occurredAt: '2019-03-01' }))).toEqual(['occurredAt: must be an RFC 3339 date-time, such as 2026-03-02T09:00:00Z']);
    expect(envelopeProblems(envelope({ hash: 'A'.repeat(64), previousHash: 'genesis' }))).toEqual([
      'previousHash: must be 64 lowercase hexadecimal digits (a SHA-256 hash)',
      'hash: must be 64 lowercase hexadecimal digits (a SHA-256 hash)',
    ]);
    expect(envelopeProblems(envelope({ causationId: 'cause' }))).toEqual(['causationId: must be a UUID']);
    expect(envelopeProblems(envelope({ streamVersion: 1.5 }))).toEqual(['streamVersion: must be integer']);
    expect(envelopeProblems(envelope({ payload: [] }))).toEqual(['payload: must be object']);
    expect(envelopeProblems(envelope({ metadata: 'none' }))).toEqual(['metadata: must be object']);
    expect(envelopeProblems(envelope({ actor: [] }))).toEqual(['actor: must be object']);
    expect(envelopeProblems(envelope({ streamId: 's'.repeat(301) }))).toEqual(['streamId: must be a string of 1 to 300 characters']);
    // lengths count characters (code points): a surrogate pair is one
    expect(envelopeProblems(envelope({ type: '😀'.repeat(200) }))).toEqual([]);
    // the inclusion proof's shape is the envelope's too (the authenticity check then verifies it)
    const proof = { checkpoint: 'inclusion-network/ss-albacete\n3\nAAAA\n', leafIndex: 2, treeSize: 3, hashes: ['AAAA'] };
    expect(envelopeProblems(envelope({ proof }))).toEqual([]);
    expect(envelopeProblems(envelope({ proof: { leafIndex: -1 } }))).toEqual(['proof.checkpoint: is missing', 'proof.treeSize: is missing', 'proof.hashes: is missing', 'proof.leafIndex: must be >= 0']);
    expect(envelopeProblems(envelope({ proof: { ...proof, extra: 1 } }))).toEqual(['proof: has a field it may not have: extra']);
    // fields the envelope does not name pass through
    expect(envelopeProblems(envelope({ note: 'from a newer producer' } as never))).toEqual([]);
  });

  it('then checks the type, the version and the payload against the catalogue', () => {
    expect(decodeParsedEvent(envelope({ type: 'case.vanished' }), EVENT_CATALOGUE)).toEqual({ ok: false, reason: 'unknown event type case.vanished v2' });
    const decoded = decodeParsedEvent(envelope({ payload: { personId: 'p-0091', gender: 'female', birthYear: 1850, incidenceGroups: [] } }), EVENT_CATALOGUE);
    expect(decoded).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid payload for case\.opened v2: /) });
    const reason = (decoded as { reason: string }).reason;
    expect(reason).toContain('municipality: ');
    expect(reason).toContain('birthYear: birthYear must not be less than 1900');
  });
});
