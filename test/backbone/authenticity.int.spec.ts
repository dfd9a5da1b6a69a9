import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { InstitutionRegistry } from '@inclusion/access';
import { EventEnvelope } from '@inclusion/contracts';
import { authenticityByRegistry, EventConsumer, ensureTopics } from '@inclusion/messaging';
import { ed25519NoteSigner, peekCheckpoint, signCheckpoint as signTreeHead } from '@inclusion/transparency-log';
import { context, openTestStore, TestStore } from '../support/event-store';
import { institutionEntry, pemOf } from '../support/institutions';
import { signedEvent } from '../support/signed-events';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../support/kafka';

/**
 * Every received event is checked against the network registry from the first message (no
 * key is pinned on first sight): a claim the registry does not back goes to the dead-letter
 * topic with the reason, on the real broker.
 */
describe('authenticity of received events, against the registry', () => {
  const kafka = testKafka();
  const topic = uniqueTopic('authenticity');
  const deadLetters = uniqueTopic('authenticity-dlt');
  const rotatedOld = generateKeyPairSync('ed25519');
  const rotatedNew = generateKeyPairSync('ed25519');
  const expired = generateKeyPairSync('ed25519');
  const rotation = '2026-01-01T00:00:00.000Z';
  // The receiving service's registry: the test key of the companies, a key that expired, and a rotation.
  const registry = InstitutionRegistry.parse(
    JSON.stringify({
      institutions: [
        institutionEntry('ei-solidaria', 'insertion-company'),
        institutionEntry('ei-other', 'insertion-company'),
        institutionEntry('ei-expired', 'insertion-company', [{ keyId: 'k-2020', publicKey: pemOf(expired.publicKey), validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }]),
        institutionEntry('ei-rotated', 'insertion-company', [
          { keyId: 'k-2025', publicKey: pemOf(rotatedOld.publicKey), validFrom: '2025-01-01T00:00:00Z', validUntil: rotation },
          { keyId: 'k-2026', publicKey: pemOf(rotatedNew.publicKey), validFrom: rotation },
        ]),
      ],
    }),
    'INSTITUTIONS_JSON',
  );
  let company: TestStore;
  let social: TestStore;
  let consumer: EventConsumer;
  const handled: string[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [topic, deadLetters], 1);
    company = await openTestStore('auth_company', topic);
    social = await openTestStore('auth_social');
    consumer = new EventConsumer({
      name: `authenticity-${randomUUID()}`,
      kafka,
      dataSource: social.dataSource,
      catalogue: social.store.catalogue,
      topics: [topic],
      deadLetterTopic: deadLetters,
      authenticate: authenticityByRegistry(registry),
      handlers: { 'incident.reported': async (event) => void handled.push(event.eventId) },
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await company.close();
    await social.close();
  });

  it('handles genuine events (rotated keys each in their period) and dead-letters every claim the registry does not back, with the reason', async () => {
    const caseId = randomUUID();
    const report = (incidentId: string) => ({ type: 'incident.reported', schemaVersion: 1, caseId, payload: { incidentId, placementId: 'pl-1', kind: 'disciplinary', severity: 'high', observedOn: '2026-04-01', description: 'fight' } });
    const { events } = await company.store.append(`placement-${caseId}`, [report('inc-1')], 'no-stream', context('ei-solidaria'));
    // as the outbox publishes it: with the signed checkpoint of its commit and its inclusion proof
    const [{ value }] = await company.dataSource.query(`SELECT value FROM outbox WHERE event_id = $1`, [events[0].eventId]);
    const genuine = JSON.parse(value) as EventEnvelope;
    expect(genuine.keyId).toBe('test-1');
    const stranger = generateKeyPairSync('ed25519');
    const beforeRotation = signedEvent('ei-rotated', { privateKey: rotatedOld.privateKey, keyId: 'k-2025' }, { caseId, recordedAt: '2025-11-30T10:00:00.000Z' });
    const afterRotation = signedEvent('ei-rotated', { privateKey: rotatedNew.privateKey, keyId: 'k-2026' }, { caseId });
    const sent = {
      genuine,
      // claims another company, keeps the signature: the claim is hashed, so the hash no longer matches
      claimsAnother: { ...genuine, eventId: randomUUID(), institutionId: 'ei-other' },
      tampered: { ...genuine, eventId: randomUUID(), payload: { ...genuine.payload, severity: 'low' } },
      // an institution no registry knows, hashed and signed consistently with a key of its own: accepted before (no checkpoint, no pin)
      unknownInstitution: signedEvent('ei-ghost', { privateKey: stranger.privateKey, keyId: 'k1' }, { caseId }),
      // a registered company, a key it never registered
      unregisteredKey: signedEvent('ei-solidaria', { privateKey: stranger.privateKey, keyId: 'rogue-1' }, { caseId }),
      // the registered keyId, another key's signature
      registeredKeyIdOtherKey: signedEvent('ei-other', { privateKey: stranger.privateKey, keyId: 'test-1' }, { caseId }),
      // a registered key whose period ended
      expiredKey: signedEvent('ei-expired', { privateKey: expired.privateKey, keyId: 'k-2020' }, { caseId }),
      beforeRotation,
      afterRotation,
      // the old key after the switch
      oldKeyAfterRotation: signedEvent('ei-rotated', { privateKey: rotatedOld.privateKey, keyId: 'k-2025' }, { caseId }),
    };
    const dlt = await collectTopic(kafka, deadLetters);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Object.values(sent).map((e) => ({ key: caseId, value: JSON.stringify(e) })) });
    await producer.disconnect();

    await waitFor(() => dlt.messages.length === 7 && handled.length === 3, 30_000, 'three handled, seven dead letters');
    await dlt.stop();
    expect(handled).toEqual([genuine.eventId, beforeRotation.eventId, afterRotation.eventId]);
    const reasonOf = Object.fromEntries(dlt.messages.map((m) => [JSON.parse(m.value!.toString()).eventId, String(m.headers!['dlt-reason'])]));
    expect(reasonOf[sent.claimsAnother.eventId]).toMatch(/^not authentic: the content of event .* does not match its hash$/);
    expect(reasonOf[sent.tampered.eventId]).toMatch(/^not authentic: the content of event .* does not match its hash$/);
    expect(reasonOf[sent.unknownInstitution.eventId]).toMatch(/^not authentic: event .* of ei-ghost: institution ei-ghost is in no registry$/);
    expect(reasonOf[sent.unregisteredKey.eventId]).toMatch(/^not authentic: event .* of ei-solidaria: key rogue-1 is not a registered signing key of ei-solidaria$/);
    expect(reasonOf[sent.registeredKeyIdOtherKey.eventId]).toMatch(/^not authentic: event .* is not signed by key test-1 of ei-other, the institution it claims$/);
    expect(reasonOf[sent.expiredKey.eventId]).toMatch(/^not authentic: event .* of ei-expired: key k-2020 of ei-expired is valid from 2020-01-01T00:00:00.000Z until 2021-01-01T00:00:00.000Z, not at .* when the event says it was recorded$/);
    expect(reasonOf[sent.oldKeyAfterRotation.eventId]).toMatch(/key k-2025 of ei-rotated is valid from 2025-01-01T00:00:00.000Z until 2026-01-01T00:00:00.000Z, not at/);
    // nothing of a refused event reached the receiving store's inbox
    const inbox = await social.dataSource.query(`SELECT event_id FROM inbox`);
    expect(inbox.map((r: { event_id: string }) => r.event_id).sort()).toEqual([genuine.eventId, beforeRotation.eventId, afterRotation.eventId].sort());
  });

  it('dead-letters an event whose inclusion proof or checkpoint signature fails, with the reason; handles the one the store published', async () => {
    const caseId = randomUUID();
    const report = (incidentId: string) => ({ type: 'incident.reported', schemaVersion: 1, caseId, payload: { incidentId, placementId: 'pl-1', kind: 'disciplinary', severity: 'high', observedOn: '2026-04-01', description: 'fight' } });
    await company.store.append(`placement-${caseId}`, [report('inc-a'), report('inc-b')], 'no-stream', context('ei-solidaria'));
    // as the outbox publishes them: no per-event signature, the commit's signed checkpoint and each one's inclusion proof
    const [first, second] = (await company.dataSource.query(`SELECT value FROM outbox WHERE value::jsonb->>'caseId' = $1 ORDER BY id`, [caseId])).map((r: { value: string }) => JSON.parse(r.value) as EventEnvelope);
    expect(first).toMatchObject({ signature: '', proof: { leafIndex: first.institutionSequence - 1, treeSize: second.institutionSequence } });
    const flipped = Buffer.from(second.proof!.hashes[0], 'base64');
    flipped[0] ^= 0xff;
    const stranger = generateKeyPairSync('ed25519');
    const origin = second.proof!.checkpoint.split('\n')[0];
    const resigned = signTreeHead(peekCheckpoint(second.proof!.checkpoint), [ed25519NoteSigner(origin, stranger.privateKey)]);
    const sent = {
      genuine: first,
      badProof: { ...second, proof: { ...second.proof!, hashes: [flipped.toString('base64'), ...second.proof!.hashes.slice(1)] } },
      strangerCheckpoint: { ...second, proof: { ...second.proof!, checkpoint: resigned } },
      noProof: { ...second, proof: undefined },
    };
    const dlt = await collectTopic(kafka, deadLetters);
    const producer = kafka.producer();
    await producer.connect();
    for (const event of Object.values(sent)) await producer.send({ topic, messages: [{ key: caseId, value: JSON.stringify(event) }] });
    await producer.disconnect();
    const reasons = () => dlt.messages.filter((m) => JSON.parse(m.value!.toString()).caseId === caseId).map((m) => String(m.headers!['dlt-reason']));
    await waitFor(() => reasons().length === 3 && handled.includes(first.eventId), 30_000, 'one handled, three dead letters');
    await dlt.stop();
    expect(reasons()).toEqual([
      expect.stringMatching(/^not authentic: event .* of ei-solidaria is not proven in ei-solidaria's transparency log under a checkpoint signed by key test-1: its inclusion proof does not lead to the root of the signed checkpoint of size \d+$/),
      expect.stringMatching(/its checkpoint is not signed by the institution's key: note has no verifiable signatures/),
      expect.stringMatching(/it carries no inclusion proof/),
    ]);
    expect(handled).not.toContain(second.eventId);
  });
});
