import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signingKeysFromDirectory, signingKeysFromJson, SigningKeysError, StaticSigningKeyProvider } from './key-provider';
import { InstitutionSigningKeys, SigningKeyDirectory } from './signing-keys';

const pair = () => generateKeyPairSync('ed25519');
const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

const ss2025 = pair();
const ss2026 = pair();
const hellin = pair();
const eo = pair();
const caritas = pair();
const ROTATION = new Date('2026-01-01T00:00:00Z');

/** A registry: ss-albacete rotates from events-2025 to events-2026 on 2026-01-01. */
const registry: SigningKeyDirectory = {
  signingKeysOf: (id) =>
    (
      ({
        'ss-albacete': {
          institutionId: 'ss-albacete',
          kind: 'social-services',
          keys: [
            { keyId: 'events-2025', publicKey: ss2025.publicKey, validFrom: new Date('2025-01-01T00:00:00Z'), validUntil: ROTATION },
            { keyId: 'events-2026', publicKey: ss2026.publicKey, validFrom: ROTATION },
          ],
        },
        'ss-hellin': { institutionId: 'ss-hellin', kind: 'social-services', keys: [{ keyId: 'k1', publicKey: hellin.publicKey, validFrom: new Date('2025-01-01T00:00:00Z') }] },
        'eo-albacete': { institutionId: 'eo-albacete', kind: 'employment-office', keys: [{ keyId: 'k1', publicKey: eo.publicKey, validFrom: new Date('2025-01-01T00:00:00Z') }] },
        // A third-sector partner hosted by the social-services service.
        'ts-caritas': { institutionId: 'ts-caritas', kind: 'third-sector', service: 'social-services', keys: [{ keyId: 'k1', publicKey: caritas.publicKey, validFrom: new Date('2025-01-01T00:00:00Z') }] },
      }) as Record<string, InstitutionSigningKeys>
    )[id],
};

const problemsOf = (build: () => unknown): string[] => {
  try {
    build();
  } catch (error) {
    if (error instanceof SigningKeysError) return error.problems;
    throw error;
  }
  throw new Error('expected a SigningKeysError');
};

describe('event-signing key provider (files and environment)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'event-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads <institutionId>.<keyId>.pem files from a directory and signs with the key of the moment', async () => {
    writeFileSync(join(dir, 'ss-albacete.events-2025.pem'), pkcs8(ss2025.privateKey));
    writeFileSync(join(dir, 'ss-albacete.events-2026.pem'), pkcs8(ss2026.privateKey));
    writeFileSync(join(dir, 'ss-hellin.k1.pem'), pkcs8(hellin.privateKey));
    writeFileSync(join(dir, 'README.md'), 'ignored');
    const provider = StaticSigningKeyProvider.fromEnvironment({ EVENT_SIGNING_KEYS_DIR: dir }, registry, 'social-services', new Date('2025-06-01T00:00:00Z'));

    expect(provider.institutions()).toEqual(['ss-albacete', 'ss-hellin']);
    expect((await provider.currentKey('ss-albacete', new Date('2025-12-31T23:59:59Z')))?.keyId).toBe('events-2025');
    expect((await provider.currentKey('ss-albacete', ROTATION))?.keyId).toBe('events-2026');
    expect((await provider.currentKey('ss-hellin'))?.keyId).toBe('k1');
    expect(await provider.currentKey('eo-albacete')).toBeUndefined();
    expect(await provider.currentKey('ss-nowhere')).toBeUndefined();
  });

  it('replaces {service} in EVENT_SIGNING_KEYS_DIR with the service name', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'employment-office'));
    writeFileSync(join(dir, 'employment-office', 'eo-albacete.k1.pem'), pkcs8(eo.privateKey));
    const provider = StaticSigningKeyProvider.fromEnvironment({ EVENT_SIGNING_KEYS_DIR: join(dir, '{service}') }, registry, 'employment-office');
    expect((await provider.currentKey('eo-albacete'))?.keyId).toBe('k1');
  });

  it('reads EVENT_SIGNING_KEYS_JSON, which wins over the directory', async () => {
    const json = JSON.stringify([{ institutionId: 'eo-albacete', keyId: 'k1', privateKey: pkcs8(eo.privateKey) }]);
    const provider = StaticSigningKeyProvider.fromEnvironment({ EVENT_SIGNING_KEYS_JSON: json, EVENT_SIGNING_KEYS_DIR: '/nonexistent' }, registry, 'employment-office');
    expect((await provider.currentKey('eo-albacete'))?.keyId).toBe('k1');
    expect((await provider.heldKeys()).map((k) => k.institutionId)).toEqual(['eo-albacete']);
  });

  it('refuses to start without keys, naming both variables', () => {
    expect(problemsOf(() => StaticSigningKeyProvider.fromEnvironment({}, registry, 'social-services'))).toEqual([
      expect.stringMatching(/is not set: it must name the directory .* or EVENT_SIGNING_KEYS_JSON must hold them/),
    ]);
    expect(problemsOf(() => StaticSigningKeyProvider.fromEnvironment({ EVENT_SIGNING_KEYS_DIR: join(dir, 'missing') }, registry, 'social-services'))).toEqual([expect.stringMatching(/^cannot be read/)]);
  });

  it('names every bad key file: bad names, bad PEM, not Ed25519', () => {
    writeFileSync(join(dir, 'no-key-id.pem'), pkcs8(ss2025.privateKey));
    writeFileSync(join(dir, 'ss-albacete.legacy.pem'), pkcs8(ss2025.privateKey));
    writeFileSync(join(dir, 'ss-albacete.garbage.pem'), 'not a key');
    writeFileSync(join(dir, 'ss-albacete.rsa.pem'), pkcs8(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey));
    expect(problemsOf(() => signingKeysFromDirectory(dir))).toEqual([
      'no-key-id.pem: must be named <institutionId>.<keyId>.pem',
      'ss-albacete.garbage.pem is not a PEM private key (PKCS#8, -----BEGIN PRIVATE KEY-----)',
      expect.stringMatching(/^ss-albacete.legacy.pem: keyId must be/),
      'ss-albacete.rsa.pem is a rsa key, not an Ed25519 key',
    ]);
  });

  it('names every bad JSON entry: not JSON, not an array, missing or unknown fields', () => {
    expect(problemsOf(() => signingKeysFromJson('{nope'))).toEqual([expect.stringMatching(/^is not JSON/)]);
    expect(problemsOf(() => signingKeysFromJson('{}'))).toEqual(['must be a JSON array of {institutionId, keyId, privateKey}']);
    expect(problemsOf(() => signingKeysFromJson(JSON.stringify([{ institutionId: 'ss-albacete', keyId: 'k1' }, 'x', { institutionId: 'ss-hellin', keyId: 'k1', privateKey: pkcs8(hellin.privateKey), publicKey: 'x' }])))).toEqual([
      '[0] (ss-albacete): privateKey is not a PEM private key (PKCS#8, -----BEGIN PRIVATE KEY-----)',
      '[1] must be an object {institutionId, keyId, privateKey}',
      '[2] (ss-hellin): publicKey is not a known field',
    ]);
  });

  it('refuses at boot a key that is not a registered, unexpired key of an institution of its kind', () => {
    const stranger = pair();
    const keys = [
      { institutionId: 'eo-albacete', keyId: 'k1', privateKey: eo.privateKey }, // another kind
      { institutionId: 'ss-nowhere', keyId: 'k1', privateKey: stranger.privateKey }, // in no registry
      { institutionId: 'ss-hellin', keyId: 'k9', privateKey: hellin.privateKey }, // keyId not registered
      { institutionId: 'ss-hellin', keyId: 'k1', privateKey: stranger.privateKey }, // not the registered key
      { institutionId: 'ss-albacete', keyId: 'events-2025', privateKey: ss2025.privateKey }, // expired at boot time
    ];
    expect(problemsOf(() => new StaticSigningKeyProvider(keys, registry, 'social-services', 'EVENT_SIGNING_KEYS_JSON', new Date('2026-03-01T00:00:00Z')))).toEqual([
      'key k1 of eo-albacete: eo-albacete is a employment-office, hosted by the employment-office service, not by social-services',
      'key k1 of ss-nowhere: institution ss-nowhere is in no registry',
      'key k9 of ss-hellin: k9 is not a registered signing key of ss-hellin (registered: k1)',
      'key k1 of ss-hellin: the private key does not match the public key registered as k1',
      expect.stringMatching(/^key events-2025 of ss-albacete: it expired on 2026-01-01T00:00:00.000Z/),
    ]);
  });

  it('a hosted partner\'s key is held by its host service, and by no other', () => {
    const keys = [{ institutionId: 'ts-caritas', keyId: 'k1', privateKey: caritas.privateKey }];
    expect(() => new StaticSigningKeyProvider(keys, registry, 'social-services', 'EVENT_SIGNING_KEYS_JSON', new Date('2026-03-01T00:00:00Z'))).not.toThrow();
    expect(problemsOf(() => new StaticSigningKeyProvider(keys, registry, 'employment-office', 'EVENT_SIGNING_KEYS_JSON', new Date('2026-03-01T00:00:00Z')))).toEqual([
      'key k1 of ts-caritas: ts-caritas is a third-sector, hosted by the social-services service, not by employment-office',
    ]);
  });

  it('accepts a key registered for a coming period, held ahead of a rotation', async () => {
    const keys = [
      { institutionId: 'ss-albacete', keyId: 'events-2025', privateKey: ss2025.privateKey },
      { institutionId: 'ss-albacete', keyId: 'events-2026', privateKey: ss2026.privateKey },
    ];
    const provider = new StaticSigningKeyProvider(keys, registry, 'social-services', 'test', new Date('2025-12-01T00:00:00Z'));
    expect((await provider.currentKey('ss-albacete', new Date('2025-12-01T00:00:00Z')))?.keyId).toBe('events-2025');
    expect((await provider.currentKey('ss-albacete', new Date('2026-02-01T00:00:00Z')))?.keyId).toBe('events-2026');
  });
});

describe('the committed development keys (infra/dev-keys/events)', () => {
  it('give each service of the local stack the registered keys of its own institutions, and only those', async () => {
    const { InstitutionRegistry } = await import('@inclusion/access');
    const root = join(__dirname, '..', '..', '..', '..');
    const registry = InstitutionRegistry.fromEnvironment({ INSTITUTIONS_FILE: join(root, 'infra', 'institutions.dev.json') });
    const localEnv = Object.fromEntries(
      (await import('node:fs')).readFileSync(join(root, 'infra', 'local.env'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    for (const service of ['social-services', 'employment-office', 'insertion-company', 'regional-delegation']) {
      const provider = StaticSigningKeyProvider.fromEnvironment({ EVENT_SIGNING_KEYS_DIR: join(root, localEnv.EVENT_SIGNING_KEYS_DIR) }, registry, service);
      expect(provider.institutions()).toEqual(registry.all().filter((i) => i.service === service).map((i) => i.id).sort());
    }
  });
});
