import { generateKeyPairSync } from 'node:crypto';
import { logOriginOf } from '@inclusion/contracts';
import { NoteVerifier } from '@inclusion/transparency-log';
import { committedEvents } from '../../../../test/support/signed-events';
import { inclusionDoubt, logVerifierOf } from './transparency';

const origin = logOriginOf('ei-solidaria');

/** A verifier of `publicKey` that counts the signatures it checks. */
function countingVerifier(publicKey: ReturnType<typeof generateKeyPairSync>['publicKey']) {
  const real = logVerifierOf(origin, publicKey);
  const counting = { checked: 0, name: real.name, keyId: real.keyId, verify: (text: Buffer, signature: Buffer) => (counting.checked++, real.verify(text, signature)) };
  return counting satisfies NoteVerifier;
}

describe("an event's inclusion under its institution's signed checkpoint", () => {
  it("checks the checkpoint's signature once for all the events of a commit, and each event's proof every time", () => {
    const key = generateKeyPairSync('ed25519');
    const verifier = countingVerifier(key.publicKey);
    const events = committedEvents('ei-solidaria', { privateKey: key.privateKey, keyId: 'k1' }, 5);
    for (const event of events) expect(inclusionDoubt(event, event.proof, origin, [verifier])).toBeNull();
    expect(verifier.checked).toBe(1);
    // the checkpoint is known, the proof is still checked: another event's proof, or an altered one, is refused
    expect(inclusionDoubt(events[1], events[2].proof, origin, [verifier])).toMatch(/its proof is for leaf 2, not 1/);
    const flipped = Buffer.from(events[0].proof!.hashes[0], 'base64');
    flipped[0] ^= 1;
    const altered = { ...events[0].proof!, hashes: [flipped.toString('base64'), ...events[0].proof!.hashes.slice(1)] };
    expect(inclusionDoubt(events[0], altered, origin, [verifier])).toMatch(/does not lead to the root of the signed checkpoint/);
  });

  it('never takes a checkpoint one key verified as verified by another key, for another origin, or with its signature altered', () => {
    const key = generateKeyPairSync('ed25519');
    const [event] = committedEvents('ei-solidaria', { privateKey: key.privateKey, keyId: 'k1' }, 2);
    expect(inclusionDoubt(event, event.proof, origin, [logVerifierOf(origin, key.publicKey)])).toBeNull();

    const stranger = countingVerifier(generateKeyPairSync('ed25519').publicKey);
    expect(inclusionDoubt(event, event.proof, origin, [stranger])).toMatch(/its checkpoint is not signed by the institution's key/);
    expect(stranger.checked).toBe(0); // no signature of the stranger's key ID on the note: refused before any check

    expect(inclusionDoubt(event, event.proof, logOriginOf('ei-other'), [logVerifierOf(logOriginOf('ei-other'), key.publicKey)])).toMatch(/its checkpoint is not signed by the institution's key/);

    const [text, signatures] = event.proof!.checkpoint.split('\n\n');
    const signature = signatures.trim().split(' ').pop()!;
    const bytes = Buffer.from(signature, 'base64');
    bytes[bytes.length - 1] ^= 1;
    const forged = { ...event.proof!, checkpoint: `${text}\n\n${signatures.replace(signature, bytes.toString('base64'))}` };
    expect(inclusionDoubt(event, forged, origin, [logVerifierOf(origin, key.publicKey)])).toMatch(/its checkpoint is not signed by the institution's key/);
  });

  it('makes one verifier per key and origin', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(logVerifierOf(origin, publicKey)).toBe(logVerifierOf(origin, publicKey));
    expect(logVerifierOf(logOriginOf('ei-other'), publicKey)).not.toBe(logVerifierOf(origin, publicKey));
  });
});
