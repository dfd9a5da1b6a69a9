import { ARMORED_WITNESS, FORMATS_COSIGNATURE, WITNESS_TEST_LOG } from '../vectors/note-vectors.testing';
import { peekCheckpoint } from './checkpoint';
import { cosignatureKeyId, cosignatureSigner, cosignatureTimestamp, cosignatureVerifier, cosignCheckpoint, cosignedMessage, verifyCosignature } from './cosignature';
import { ed25519PublicKeyFromRaw, generateNamedKeyPair, keyIdOf, parseSignerKey, parseVerifierKey, SIGNATURE_TYPE } from './note-keys';
import { ed25519NoteVerifier, NoteError, openNote, parseNote } from './signed-note';

describe('C2SP tlog-cosignature (cosignature/v1)', () => {
  it('verifies the real Armored Witness cosignatures of a Pixel transparency log checkpoint', () => {
    const smallBreeze = cosignatureVerifier(ARMORED_WITNESS.smallBreezeVerifierKey);
    const autumnWood = cosignatureVerifier(ARMORED_WITNESS.autumnWoodVerifierKey);
    const opened = openNote(ARMORED_WITNESS.note, [smallBreeze, autumnWood]);
    expect(opened.verified.map((s) => s.name)).toEqual(['ArmoredWitness-small-breeze', 'ArmoredWitness-autumn-wood']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['pixel_transparency_log']); // ECDSA log key, not configured
    // 2025-02-05T00:03:56Z and 00:03:49Z, as the distributor README shows them.
    expect(verifyCosignature(ARMORED_WITNESS.note, smallBreeze)).toEqual({ valid: true, timestamp: Date.parse('2025-02-05T00:03:56Z') / 1000 });
    expect(verifyCosignature(ARMORED_WITNESS.note, autumnWood)).toEqual({ valid: true, timestamp: Date.parse('2025-02-05T00:03:49Z') / 1000 });
    expect(verifyCosignature(ARMORED_WITNESS.note, cosignatureVerifier(ARMORED_WITNESS.otherVerifierKey))).toEqual({ valid: false, reason: 'ABSENT' });
  });

  it('fails a cosignature over another checkpoint or another time', () => {
    const smallBreeze = cosignatureVerifier(ARMORED_WITNESS.smallBreezeVerifierKey);
    const otherRoot = ARMORED_WITNESS.note.replace('611\n', '612\n');
    expect(verifyCosignature(otherRoot, smallBreeze)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    const line = parseNote(ARMORED_WITNESS.note).signatures[1];
    const later = Buffer.from(line.signature);
    later[7] += 1;
    expect(smallBreeze.verify(Buffer.from(parseNote(ARMORED_WITNESS.note).text), later)).toBe(false);
    expect(smallBreeze.verify(Buffer.from(parseNote(ARMORED_WITNESS.note).text), line.signature)).toBe(true);
  });

  it('uses key IDs with signature type 0x04 (transparency-dev/formats vkeys)', () => {
    const native = parseVerifierKey(FORMATS_COSIGNATURE.cosignatureVerifierKey);
    expect(native.signatureType).toBe(SIGNATURE_TYPE.cosignatureV1);
    expect(cosignatureVerifier(FORMATS_COSIGNATURE.cosignatureVerifierKey).keyId).toBe(0xda77ade7);
    expect(cosignatureKeyId(native.name, ed25519PublicKeyFromRaw(native.publicKey))).toBe(0xda77ade7);

    // An Ed25519 (0x01) vkey is read as the same key's cosignature key: another key ID.
    const plain = parseVerifierKey(FORMATS_COSIGNATURE.ed25519VerifierKey);
    expect(plain.keyId).toBe(0x7997405c);
    expect(cosignatureVerifier(FORMATS_COSIGNATURE.ed25519VerifierKey).keyId).toBe(keyIdOf(plain.name, 0x04, plain.publicKey));
    expect(cosignatureVerifier(FORMATS_COSIGNATURE.ed25519VerifierKey).keyId).not.toBe(0x7997405c);
  });

  it('reads the timestamp of a cosignature line (transparency-dev/formats TestCoSigV1Timestamp)', () => {
    const bytes = Buffer.from(FORMATS_COSIGNATURE.timestampedSignature, 'base64');
    expect(cosignatureTimestamp({ name: 'w', keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) })).toBe(FORMATS_COSIGNATURE.timestamp);
    const notCosignature = Buffer.alloc(4 + 64);
    expect(cosignatureTimestamp({ name: 'w', keyId: 0, signature: notCosignature.subarray(4) })).toBeNull();
  });

  it('signs the message cosignature/v1, time, then the checkpoint body', () => {
    expect(cosignedMessage('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', 1679315147).toString()).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(() => cosignedMessage('x\n', -1)).toThrow(RangeError);
  });

  it('cosigns a log checkpoint so that the witness key (given as its Ed25519 vkey) verifies it, and the log signature stays', () => {
    const witness = parseSignerKey(WITNESS_TEST_LOG.witnessSignerKey);
    const cosigned = cosignCheckpoint(WITNESS_TEST_LOG.next, witness, 1_750_000_000);
    const line = parseNote(cosigned).signatures[1];
    expect(line.name).toBe('witness');
    expect(line.signature).toHaveLength(8 + 64);
    expect(line.signature.readBigUInt64BE(0)).toBe(1_750_000_000n);
    expect(verifyCosignature(cosigned, cosignatureVerifier(WITNESS_TEST_LOG.witnessVerifierKey))).toEqual({ valid: true, timestamp: 1_750_000_000 });
    expect(openNote(cosigned, [ed25519NoteVerifier(WITNESS_TEST_LOG.logVerifierKey)]).verified).toHaveLength(1);
    expect(peekCheckpoint(cosigned)).toEqual(peekCheckpoint(WITNESS_TEST_LOG.next));
    // The witness's plain note key (0x01) does not take a cosignature for a note signature.
    expect(() => openNote(cosigned.replace(/\n\u2014 monkeys .*\n/, '\n'), [ed25519NoteVerifier(WITNESS_TEST_LOG.witnessVerifierKey)])).toThrow(NoteError);
  });

  it('a cosignature by another key with the same name is ignored, one with a forged signature is refused', () => {
    const real = generateNamedKeyPair('witness.example/w1');
    const impostor = generateNamedKeyPair('witness.example/w1');
    const byImpostor = cosignCheckpoint(WITNESS_TEST_LOG.next, impostor, 1_750_000_000);
    expect(verifyCosignature(byImpostor, cosignatureVerifier(real))).toEqual({ valid: false, reason: 'ABSENT' });
    const signer = cosignatureSigner(real.name, real.privateKey, 1_750_000_000);
    const forged = { ...signer, sign: (text: Buffer) => Buffer.concat([signer.sign(text).subarray(0, 8), Buffer.alloc(64, 7)]) };
    const withForged = cosignCheckpoint(WITNESS_TEST_LOG.next, impostor, 1).replace(/\u2014 witness\.example\/w1 .*\n/, '');
    const forgedNote = parseNote(withForged);
    const line = `\u2014 ${real.name} ${Buffer.concat([Buffer.from(signer.keyId.toString(16).padStart(8, '0'), 'hex'), forged.sign(Buffer.from(forgedNote.text))]).toString('base64')}\n`;
    expect(verifyCosignature(withForged + line, cosignatureVerifier(real))).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
  });
});
