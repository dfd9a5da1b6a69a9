import { generateKeyPairSync } from 'node:crypto';
import { InstitutionRegistry } from './institution-registry';

const pem = () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
};
const tokenKey = pem();
const entry = (signingKeys: unknown, extra: Record<string, unknown> = {}) => ({ id: 'ss-albacete', kind: 'social-services', name: 'SS Albacete', publicKey: tokenKey, signingKeys, ...extra });
const parse = (...institutions: unknown[]) => InstitutionRegistry.parse(JSON.stringify({ institutions }), 'INSTITUTIONS_JSON');
const problemOf = (...institutions: unknown[]): string => {
  try {
    parse(...institutions);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the registry to be refused');
};

describe('the registry: event-signing keys of each institution', () => {
  it('reads each key with its keyId and validity period, apart from the token key', () => {
    const k2025 = pem();
    const k2026 = pem();
    const registry = parse(
      entry([
        { keyId: 'events-2025', publicKey: k2025, validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' },
        { keyId: 'events-2026', publicKey: k2026, validFrom: '2026-01-01T00:00:00Z' },
      ]),
    );
    const keys = registry.signingKeysOf('ss-albacete')!;
    expect(keys.kind).toBe('social-services');
    expect(keys.keys.map((k) => [k.keyId, k.validFrom.toISOString(), k.validUntil?.toISOString()])).toEqual([
      ['events-2025', '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      ['events-2026', '2026-01-01T00:00:00.000Z', undefined],
    ]);
    expect(keys.keys[0].publicKey.export({ type: 'spki', format: 'pem' })).toBe(k2025);
    expect(registry.get('ss-albacete')!.key.export({ type: 'spki', format: 'pem' })).toBe(tokenKey);
    expect(registry.signingKeysOf('eo-nowhere')).toBeUndefined();
  });

  it('refuses an institution without signing keys, naming it', () => {
    expect(problemOf(entry(undefined))).toMatch(/signingKeys must list/);
    expect(problemOf(entry([]))).toMatch(/signingKeys must list at least one event-signing public key/);
  });

  it('names every bad field of a key at once: bad PEM, not Ed25519, bad dates, bad keyId, unknown field', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const message = problemOf(
      entry([
        { keyId: 'has.dot', publicKey: 'not a key', validFrom: 'yesterday' },
        { keyId: 'ok', publicKey: pem(), validFrom: '2025-01-01T00:00:00Z', validUntill: '2026-01-01T00:00:00Z' },
      ]),
    );
    expect(message).toMatch(/^INSTITUTIONS_JSON is invalid: /);
    expect(message).toContain('institutions.0.signingKeys.0.keyId: keyId must be 1-64 letters, digits, dashes or underscores');
    expect(message).toContain('institutions.0.signingKeys.0.publicKey: publicKey must be a PEM public key');
    expect(message).toContain('institutions.0.signingKeys.0.validFrom: validFrom must be an ISO 8601 date-time');
    expect(message).toContain('institutions.0.signingKeys.1.validUntill: is not a known field');

    const garbled = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
    const keys = problemOf(entry([{ keyId: 'a', publicKey: rsa, validFrom: '2025-01-01T00:00:00Z' }, { keyId: 'b', publicKey: garbled, validFrom: '2030-01-01T00:00:00Z' }]));
    expect(keys).toContain('institutions.0.signingKeys.0.publicKey (ss-albacete a): is a rsa key, not an Ed25519 key');
    expect(keys).toContain('institutions.0.signingKeys.1.publicKey (ss-albacete b): is not a readable PEM public key');
  });

  it('refuses overlapping periods, a period that ends before it begins, a repeated keyId, the token key reused, and legacy', () => {
    const shared = pem();
    const message = problemOf(
      entry([
        { keyId: 'k1', publicKey: pem(), validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' },
        { keyId: 'k2', publicKey: pem(), validFrom: '2026-01-01T00:00:00Z' },
        { keyId: 'k3', publicKey: shared, validFrom: '2020-01-01T00:00:00Z', validUntil: '2019-01-01T00:00:00Z' },
        { keyId: 'k1', publicKey: pem(), validFrom: '2010-01-01T00:00:00Z', validUntil: '2011-01-01T00:00:00Z' },
        { keyId: 'legacy', publicKey: tokenKey, validFrom: '2000-01-01T00:00:00Z', validUntil: '2001-01-01T00:00:00Z' },
      ]),
    );
    expect(message).toContain('the periods of keys k1 and k2 of ss-albacete overlap');
    expect(message).toContain('institutions.0.signingKeys.2: validUntil must be after validFrom (key k3 of ss-albacete)');
    expect(message).toContain('keyId k1 of ss-albacete is listed twice');
    expect(message).toContain('key legacy of ss-albacete is its token key');
    expect(message).toContain('institutions.0.signingKeys.4.keyId: legacy is reserved');
  });

  it('accepts back-to-back periods (one ends where the next begins)', () => {
    expect(() =>
      parse(
        entry([
          { keyId: 'k1', publicKey: pem(), validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' },
          { keyId: 'k2', publicKey: pem(), validFrom: '2026-01-01T00:00:00Z' },
        ]),
      ),
    ).not.toThrow();
  });

  it('the committed development registry is valid and declares an event key for every institution', () => {
    const registry = InstitutionRegistry.fromEnvironment({ INSTITUTIONS_FILE: `${__dirname}/../../../infra/institutions.dev.json` });
    for (const institution of registry.all()) expect(registry.signingKeysOf(institution.id)!.keys.length).toBeGreaterThan(0);
  });
});

describe('the registry: partners hosted by a service (no service of their own kind)', () => {
  const signing = () => [{ keyId: 'events-2025', publicKey: pem(), validFrom: '2025-01-01T00:00:00Z' }];
  const partner = (extra: Record<string, unknown>) => ({ id: 'ts-caritas-albacete', kind: 'third-sector', name: 'Cáritas Albacete', publicKey: pem(), signingKeys: signing(), ...extra });

  it('reads a third-sector entity hosted by the social-services service: its kind is its own, its service the host', () => {
    const registry = parse(entry(signing()), partner({ hostedBy: 'social-services' }));
    expect(registry.get('ts-caritas-albacete')).toMatchObject({ kind: 'third-sector', service: 'social-services' });
    expect(registry.signingKeysOf('ts-caritas-albacete')).toMatchObject({ kind: 'third-sector', service: 'social-services' });
    // A service kind is hosted by its own service.
    expect(registry.get('ss-albacete')).toMatchObject({ kind: 'social-services', service: 'social-services' });
  });

  it('refuses a partner with no host, a host that is not a service, an unknown kind, and a service kind hosted elsewhere', () => {
    expect(problemOf(partner({}))).toMatch(/hostedBy: ts-caritas-albacete is a third-sector, which has no service of its own/);
    expect(problemOf(partner({ hostedBy: 'school' }))).toMatch(/hostedBy must be one of the services/);
    expect(problemOf(partner({ kind: 'church', hostedBy: 'social-services' }))).toMatch(/kind must be one of .*third-sector/);
    expect(problemOf(entry(signing(), { hostedBy: 'employment-office' }))).toMatch(/ss-albacete is a social-services, hosted by its own kind's service, not by employment-office/);
  });
});
