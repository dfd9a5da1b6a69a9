import { C2SP_SIGNED_NOTE_EXAMPLE, GO_NOTE } from '../vectors/note-vectors.testing';
import { formatSignerKey, formatVerifierKey, generateNamedKeyPair, keyIdOf, parseSignerKey, parseVerifierKey, rawEd25519PublicKey, SIGNATURE_TYPE } from './note-keys';
import { addSignatures, ed25519NoteSigner, ed25519NoteVerifier, NoteError, openNote, parseNote, signNote } from './signed-note';

const { text, peterSig, enochSig } = GO_NOTE;
const peter = () => ed25519NoteVerifier(GO_NOTE.peterVerifierKey);
const enoch = () => ed25519NoteVerifier(GO_NOTE.enochVerifierKey);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof NoteError ? error.code : (error as Error).name;
  }
};

describe('signed notes (golang.org/x/mod sumdb/note vectors)', () => {
  it('signs exactly as the Go implementation (Ed25519 is deterministic)', () => {
    const key = parseSignerKey(GO_NOTE.peterSignerKey);
    expect(key.keyId).toBe(0xc74f20a3);
    const signer = ed25519NoteSigner(key.name, key.privateKey);
    expect(signNote(text, [signer])).toBe(`${text}\n${peterSig}`);
    // An older signature of the same key is replaced, not kept.
    expect(signNote({ text, signatures: [{ name: 'PeterNeumann', keyId: 0xc74f20a3, signature: Buffer.from('bad') }] }, [signer])).toBe(`${text}\n${peterSig}`);
    expect(formatVerifierKey(key.name, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(key.publicKey))).toBe(GO_NOTE.peterVerifierKey);
    expect(formatSignerKey(key)).toBe(GO_NOTE.peterSignerKey);
  });

  it('refuses to sign a text that does not end in a newline', () => {
    const key = parseSignerKey(GO_NOTE.peterSignerKey);
    expect(codeOf(() => signNote('abc', [ed25519NoteSigner(key.name, key.privateKey)]))).toBe('MALFORMED');
  });

  it('verifies the signatures of known keys and ignores the others', () => {
    const one = openNote(`${text}\n${peterSig}${enochSig}`, [peter()]);
    expect(one.text).toBe(text);
    expect(one.verified.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);

    const both = openNote(`${text}\n${peterSig}${enochSig}`, [peter(), enoch()]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
  });

  it('rejects a note with no verifiable signature, an invalid signature of a known key, or an ambiguous key', () => {
    expect(codeOf(() => openNote(`${text}\n${peterSig}${enochSig}`, []))).toBe('NO_VERIFIED_SIGNATURE');
    expect(codeOf(() => openNote(`${text}\n${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`, [peter()]))).toBe('BAD_SIGNATURE');
    expect(codeOf(() => openNote(`${text}\n${enochSig}`, [enoch(), peter(), enoch()]))).toBe('AMBIGUOUS_KEY');
    expect(codeOf(() => openNote(`${text}\n${peterSig}`, [enoch(), peter(), enoch()]))).toBeUndefined();
  });

  it('keeps duplicated signatures once, and an unknown key signature that does not verify as unverified', () => {
    const enochABCD = `${enochSig.slice(0, 60)}ABCD${enochSig.slice(60)}`;
    const opened = openNote(`${text}\n${peterSig}${peterSig}${enochSig}${enochSig}${enochABCD}`, [peter()]);
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(2);
  });

  it('rejects malformed notes as Go does', () => {
    const bad = [
      text,
      `${text}\n`,
      `${text}\n${peterSig.slice(0, -1)}`,
      `\x01${text}\n${peterSig}`,
      `${text}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${text}\n${peterSig}Unexpected line.\n`,
      `${text}\n${peterSig.repeat(101)}`,
    ];
    for (const message of bad) expect(codeOf(() => openNote(message, [peter()]))).toBe('MALFORMED');
    expect(codeOf(() => openNote(Buffer.concat([Buffer.from([0xff]), Buffer.from(`${text}\n${peterSig}`)]), [peter()]))).toBe('MALFORMED');
  });

  it('parses vkeys, and refuses every substring and every one-byte change of one, and the Go bad keys', () => {
    expect(parseVerifierKey(GO_NOTE.peterVerifierKey)).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, signatureType: 1 });
    const vkey = GO_NOTE.peterVerifierKey;
    const accepted: string[] = [];
    for (let i = 0; i <= vkey.length; i++) {
      for (let j = i + 1; j <= vkey.length; j++) {
        if (i === 0 && j === vkey.length) continue;
        if (codeOf(() => parseVerifierKey(vkey.slice(i, j))) === undefined) accepted.push(vkey.slice(i, j));
      }
    }
    for (let i = 0; i < vkey.length; i++) {
      const mangled = vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1);
      if (codeOf(() => parseVerifierKey(mangled)) === undefined) accepted.push(mangled);
    }
    for (const bad of GO_NOTE.badVerifierKeys) if (codeOf(() => ed25519NoteVerifier(bad)) === undefined) accepted.push(bad);
    expect(accepted).toEqual([]);
  });

  it('refuses every substring of a signer key', () => {
    const skey = GO_NOTE.peterSignerKey;
    const accepted: string[] = [];
    for (let i = 0; i <= skey.length; i++) {
      for (let j = i + 1; j <= skey.length; j++) {
        if (!(i === 0 && j === skey.length) && codeOf(() => parseSignerKey(skey.slice(i, j))) === undefined) accepted.push(skey.slice(i, j));
      }
    }
    expect(accepted).toEqual([]);
  });

  it('verifies the example of c2sp.org/signed-note', () => {
    const opened = openNote(C2SP_SIGNED_NOTE_EXAMPLE.note, [ed25519NoteVerifier(C2SP_SIGNED_NOTE_EXAMPLE.verifierKey)]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verified).toHaveLength(1);
  });

  it('computes key IDs as SHA-256(name || 0x0A || type || key)[:4] and round-trips generated keys', () => {
    const parsed = parseVerifierKey(C2SP_SIGNED_NOTE_EXAMPLE.verifierKey);
    expect(keyIdOf(parsed.name, 0x01, parsed.publicKey)).toBe(0x530d903a);
    const pair = generateNamedKeyPair('example.org/log');
    const signed = signNote('hello\n', [ed25519NoteSigner(pair.name, pair.privateKey)]);
    const vkey = formatVerifierKey(pair.name, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(pair.publicKey));
    expect(openNote(signed, [ed25519NoteVerifier(vkey)]).verified).toHaveLength(1);
    expect(openNote(signed, [ed25519NoteVerifier({ name: pair.name, publicKey: pair.publicKey })]).verified).toHaveLength(1);
    expect(parseSignerKey(formatSignerKey(pair)).keyId).toBe(parseVerifierKey(vkey).keyId);
    // Same key under another name: another key ID, so the signature is ignored, not checked.
    expect(codeOf(() => openNote(signed, [ed25519NoteVerifier({ name: 'other', publicKey: pair.publicKey })]))).toBe('NO_VERIFIED_SIGNATURE');
  });

  it('adds signatures to a signed note, keeping the text and the signatures it had', () => {
    const key = parseSignerKey(GO_NOTE.peterSignerKey);
    const other = generateNamedKeyPair('EnochRoot');
    const signed = addSignatures(`${text}\n${enochSig}`, [ed25519NoteSigner(key.name, key.privateKey)]);
    expect(signed).toBe(`${text}\n${enochSig}${peterSig}`);
    expect(parseNote(signed).signatures).toHaveLength(2);
    expect(addSignatures(signed, [ed25519NoteSigner(other.name, other.privateKey)]).split('\n\u2014 ')).toHaveLength(4);
  });
});
