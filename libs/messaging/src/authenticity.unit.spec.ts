import { generateKeyPairSync } from 'node:crypto';
import { InstitutionRegistry } from '@inclusion/access';
import { checkpointDoubt, signCheckpoint } from '@inclusion/event-store';
import { committedEvents, signedEvent } from '../../../test/support/signed-events';
import { authenticityByRegistry, EventVerifier } from './authenticity';

const pair = () => generateKeyPairSync('ed25519');
const spki = (key: ReturnType<typeof pair>) => key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const solidaria = pair();
const old = pair();
const current = pair();
const expired = pair();
const ROTATION = '2026-01-01T00:00:00.000Z';

const registry = InstitutionRegistry.parse(
  JSON.stringify({
    institutions: [
      { id: 'ei-solidaria', kind: 'insertion-company', name: 'Solidaria', publicKey: spki(pair()), signingKeys: [{ keyId: 'k1', publicKey: spki(solidaria), validFrom: '2020-01-01T00:00:00Z' }] },
      {
        id: 'ss-albacete',
        kind: 'social-services',
        name: 'SS Albacete',
        publicKey: spki(pair()),
        signingKeys: [
          { keyId: 'events-2025', publicKey: spki(old), validFrom: '2025-01-01T00:00:00Z', validUntil: ROTATION },
          { keyId: 'events-2026', publicKey: spki(current), validFrom: ROTATION },
        ],
      },
      { id: 'eo-albacete', kind: 'employment-office', name: 'EO', publicKey: spki(pair()), signingKeys: [{ keyId: 'k-old', publicKey: spki(expired), validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }] },
    ],
  }),
  'test registry',
);
const check = authenticityByRegistry(registry);

describe('a consumer authenticates every event against the registry, from the first message', () => {
  it('accepts an event signed by the registered key it names, valid when recorded', async () => {
    expect(await check(signedEvent('ei-solidaria', { privateKey: solidaria.privateKey, keyId: 'k1' }))).toBeNull();
  });

  it('refuses an institution in no registry, whatever key signed it', async () => {
    const ghost = pair();
    expect(await check(signedEvent('ei-ghost', { privateKey: ghost.privateKey, keyId: 'k1' }))).toMatch(/^not authentic: event .* of ei-ghost: institution ei-ghost is in no registry$/);
  });

  it('refuses a keyId the institution did not register, and an event with no keyId', async () => {
    const rogue = pair();
    expect(await check(signedEvent('ei-solidaria', { privateKey: rogue.privateKey, keyId: 'rogue' }))).toMatch(/key rogue is not a registered signing key of ei-solidaria/);
    const noKeyId = signedEvent('ei-solidaria', { privateKey: solidaria.privateKey, keyId: 'k1' }, { keyId: undefined });
    expect(await check(noKeyId)).toMatch(/names no registered signing key of ei-solidaria \(keyId missing\)/);
    expect(await check(signedEvent('ei-solidaria', { privateKey: solidaria.privateKey, keyId: 'legacy' }))).toMatch(/keyId legacy/);
  });

  it('refuses a registered key used outside its validity (an expired key)', async () => {
    expect(await check(signedEvent('eo-albacete', { privateKey: expired.privateKey, keyId: 'k-old' }))).toMatch(
      /key k-old of eo-albacete is valid from 2020-01-01T00:00:00.000Z until 2021-01-01T00:00:00.000Z, not at .* when the event says it was recorded/,
    );
  });

  it('refuses a registered keyId whose signature is another key\'s, and an altered hash', async () => {
    const rogue = pair();
    expect(await check(signedEvent('ei-solidaria', { privateKey: rogue.privateKey, keyId: 'k1' }))).toMatch(/is not signed by key k1 of ei-solidaria, the institution it claims/);
    const genuine = signedEvent('ei-solidaria', { privateKey: solidaria.privateKey, keyId: 'k1' });
    expect(await check({ ...genuine, payload: { ...genuine.payload, severity: 'low' } })).toMatch(/does not match its hash/);
    // the keyId is covered by the hash: relabelling an event with another key of the institution alters it
    expect(await check({ ...genuine, keyId: 'k2' })).toMatch(/does not match its hash/);
  });

  it('rotation: events before and after the switch verify with their own key, not with the other', async () => {
    const before = signedEvent('ss-albacete', { privateKey: old.privateKey, keyId: 'events-2025' }, { recordedAt: '2025-12-31T23:59:59.999Z' });
    const after = signedEvent('ss-albacete', { privateKey: current.privateKey, keyId: 'events-2026' }, { recordedAt: ROTATION });
    expect(await check(before)).toBeNull();
    expect(await check(after)).toBeNull();
    expect(await check(signedEvent('ss-albacete', { privateKey: old.privateKey, keyId: 'events-2025' }, { recordedAt: '2026-01-01T00:00:00.001Z' }))).toMatch(/key events-2025 of ss-albacete is valid .* not at 2026-01-01T00:00:00.001Z/);
    expect(await check(signedEvent('ss-albacete', { privateKey: current.privateKey, keyId: 'events-2026' }, { recordedAt: '2025-06-01T00:00:00.000Z' }))).toMatch(/key events-2026 of ss-albacete is valid from 2026/);
  });

  it('EventVerifier (supervisors\' timeline) says why: verified, forged, altered, unverified for legacy events', async () => {
    const verifier = new EventVerifier(registry);
    const genuine = signedEvent('ei-solidaria', { privateKey: solidaria.privateKey, keyId: 'k1' });
    expect(await verifier.verify(genuine)).toMatchObject({ status: 'verified' });
    expect(await verifier.verify({ ...genuine, payload: {} })).toMatchObject({ status: 'altered' });
    expect(await verifier.verify(signedEvent('ei-ghost', { privateKey: pair().privateKey, keyId: 'k1' }))).toMatchObject({ status: 'forged', detail: 'institution ei-ghost is in no registry' });
    expect(await verifier.verify(signedEvent('ei-solidaria', { privateKey: solidaria.privateKey, keyId: 'legacy' }))).toMatchObject({ status: 'unverified' });
  });
});

describe('events recorded under the transparency log: inclusion proof under a signed checkpoint, no per-event signature', () => {
  const solidariaKey = { privateKey: solidaria.privateKey, keyId: 'k1' };

  it('accepts each event of a commit: its proof leads to the root of the checkpoint its institution signed', async () => {
    const events = committedEvents('ei-solidaria', solidariaKey, 5);
    for (const event of events) {
      expect(event.signature).toBe('');
      expect(await check(event)).toBeNull();
    }
    expect(await new EventVerifier(registry).verify(events[2])).toMatchObject({ status: 'verified', detail: expect.stringMatching(/inclusion in ei-solidaria's transparency log/) });
  });

  it('refuses, with the reason, a proof that does not lead to the signed root, for another leaf, or absent', async () => {
    const [first, second, third] = committedEvents('ei-solidaria', solidariaKey, 3);
    const flipped = Buffer.from(first.proof!.hashes[0], 'base64');
    flipped[0] ^= 1;
    expect(await check({ ...first, proof: { ...first.proof!, hashes: [flipped.toString('base64'), ...first.proof!.hashes.slice(1)] } })).toMatch(
      /^not authentic: event .* of ei-solidaria is not proven in ei-solidaria's transparency log under a checkpoint signed by key k1: its inclusion proof does not lead to the root of the signed checkpoint of size 3$/,
    );
    // another event's proof: the leaf index is not institutionSequence - 1
    expect(await check({ ...second, proof: third.proof })).toMatch(/its proof is for leaf 2, not 1/);
    // another tree size than the checkpoint's
    expect(await check({ ...second, proof: { ...second.proof!, treeSize: 4 } })).toMatch(/its proof is for size 4, its checkpoint is of size 3/);
    // no proof and no signature of its own
    expect(await check({ ...second, proof: undefined })).toMatch(/it carries no inclusion proof/);
  });

  it("refuses a checkpoint not signed by the key the event names, valid when it was recorded: a stranger's key, the other period's key, another log's origin", async () => {
    const forged = committedEvents('ei-solidaria', { privateKey: pair().privateKey, keyId: 'k1' }, 2);
    expect(await check(forged[1])).toMatch(/its checkpoint is not signed by the institution's key/);
    // a checkpoint signed with the key of the previous period, for an event recorded after the rotation
    const afterRotation = committedEvents('ss-albacete', { privateKey: old.privateKey, keyId: 'events-2026' }, 2, { recordedAt: '2026-03-01T00:00:00.000Z' });
    expect(await check(afterRotation[0])).toMatch(/its checkpoint is not signed by the institution's key/);
    expect(await check(committedEvents('ss-albacete', { privateKey: current.privateKey, keyId: 'events-2026' }, 2, { recordedAt: '2026-03-01T00:00:00.000Z' })[0])).toBeNull();
    // the proof and checkpoint of another institution's log (same key material would not help: the origin is checked)
    const other = committedEvents('ei-solidaria', solidariaKey, 2);
    const relabelled = { ...committedEvents('ei-solidaria', solidariaKey, 2)[0] };
    relabelled.proof = { ...relabelled.proof!, checkpoint: other[0].proof!.checkpoint.replace('inclusion-network/ei-solidaria', 'inclusion-network/ei-other') };
    expect(await check(relabelled)).toMatch(/its checkpoint is not signed by the institution's key/);
  });
});

describe('checkpoints are verified against the registry, not pinned on first sight', () => {
  const checkpoint = (key: ReturnType<typeof pair>, issuedAt: string, institutionId = 'ss-albacete') =>
    signCheckpoint({ institutionId, sequence: 3, headHash: 'a'.repeat(64), publicKey: spki(key), service: 'social-services', issuedAt }, key.privateKey);

  it('keeps a checkpoint signed by a registered key valid when issued, across a rotation', () => {
    expect(checkpointDoubt(checkpoint(old, '2025-06-01T00:00:00.000Z'), registry)).toBeNull();
    expect(checkpointDoubt(checkpoint(current, '2026-06-01T00:00:00.000Z'), registry)).toBeNull();
  });

  it('refuses a self-signed checkpoint with an unregistered key, an unknown institution, a key outside its period, a forged signature', () => {
    expect(checkpointDoubt(checkpoint(pair(), '2026-06-01T00:00:00.000Z'), registry)).toBe('its key is not a registered signing key of ss-albacete');
    expect(checkpointDoubt(checkpoint(pair(), '2026-06-01T00:00:00.000Z', 'ss-ghost'), registry)).toBe('institution ss-ghost is in no registry');
    expect(checkpointDoubt(checkpoint(old, '2026-06-01T00:00:00.000Z'), registry)).toMatch(/key events-2025 of ss-albacete is valid from .* not at 2026-06-01/);
    const genuine = checkpoint(current, '2026-06-01T00:00:00.000Z');
    expect(checkpointDoubt({ ...genuine, headHash: 'b'.repeat(64) }, registry)).toBe('its signature is not by key events-2026 of ss-albacete');
  });
});
