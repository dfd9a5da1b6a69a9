import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { signToken } from '@inclusion/access';
import { ActorRole, InstitutionKind, PartnerKind } from '@inclusion/contracts';

/** The institutions of the test network. Their key pairs are made once per test process. */
export const TEST_INSTITUTIONS: Record<string, InstitutionKind> = {
  'ss-albacete': 'social-services',
  'ss-hellin': 'social-services',
  'ss-villarrobledo': 'social-services',
  'eo-albacete': 'employment-office',
  'ei-solidaria': 'insertion-company',
  'ei-other': 'insertion-company',
  // The municipal employment service (Plan de Empleo employer), hosted by the insertion-company service (docs/employment-plan.md).
  'sme-albacete': 'insertion-company',
  'rd-albacete': 'regional-delegation',
  'rd-toledo': 'regional-delegation',
};

/** Partners with no service of their kind, hosted by a service that holds their keys (PARTNER_KINDS). */
export const TEST_HOSTED_PARTNERS: Record<string, { kind: PartnerKind; hostedBy: InstitutionKind }> = {
  'ts-caritas-albacete': { kind: 'third-sector', hostedBy: 'social-services' },
  'hs-sescam-albacete': { kind: 'health-service', hostedBy: 'social-services' },
};

/** The service that holds a test institution's keys. */
const hostOf = (id: string): InstitutionKind | undefined => TEST_INSTITUTIONS[id] ?? TEST_HOSTED_PARTNERS[id]?.hostedBy;

const keys = new Map<string, { publicKey: KeyObject; privateKey: KeyObject }>();
const keyOf = (id: string) => {
  if (!keys.has(id)) keys.set(id, generateKeyPairSync('ed25519'));
  return keys.get(id)!;
};

/** The event-signing key of each test institution (not its token key), named TEST_EVENT_KEY_ID, valid since TEST_EVENT_KEY_FROM. */
export const TEST_EVENT_KEY_ID = 'test-1';
export const TEST_EVENT_KEY_FROM = '2020-01-01T00:00:00.000Z';
const eventKeys = new Map<string, { publicKey: KeyObject; privateKey: KeyObject }>();
export const eventKeyOf = (id: string) => {
  if (!eventKeys.has(id)) eventKeys.set(id, generateKeyPairSync('ed25519'));
  return eventKeys.get(id)!;
};

export const pemOf = (key: KeyObject) =>
  key.type === 'private' ? key.export({ type: 'pkcs8', format: 'pem' }).toString() : key.export({ type: 'spki', format: 'pem' }).toString();

/** One registry entry, with its token key and (by default) its test event key. */
export const institutionEntry = (id: string, kind: InstitutionKind | PartnerKind, signingKeys?: { keyId: string; publicKey: string; validFrom: string; validUntil?: string }[], hostedBy?: InstitutionKind) => ({
  id,
  kind,
  ...(hostedBy ? { hostedBy } : {}),
  name: id,
  publicKey: pemOf(keyOf(id).publicKey),
  signingKeys: signingKeys ?? [{ keyId: TEST_EVENT_KEY_ID, publicKey: pemOf(eventKeyOf(id).publicKey), validFrom: TEST_EVENT_KEY_FROM }],
});

/** INSTITUTIONS_JSON for the services the tests start: token keys and event-signing public keys. */
export const testInstitutionsJson = (signingKeys: Record<string, Parameters<typeof institutionEntry>[2]> = {}) =>
  JSON.stringify({
    institutions: [
      ...Object.entries(TEST_INSTITUTIONS).map(([id, kind]) => institutionEntry(id, kind, signingKeys[id])),
      ...Object.entries(TEST_HOSTED_PARTNERS).map(([id, { kind, hostedBy }]) => institutionEntry(id, kind, signingKeys[id], hostedBy)),
    ],
  });

/** EVENT_SIGNING_KEYS_JSON for a service: the private event keys of the institutions it hosts (its kind's and hosted partners), and only those. */
export const testEventSigningKeysJson = (service: string) =>
  JSON.stringify(
    [...Object.keys(TEST_INSTITUTIONS), ...Object.keys(TEST_HOSTED_PARTNERS)]
      .filter((institutionId) => hostOf(institutionId) === service)
      .map((institutionId) => ({ institutionId, keyId: TEST_EVENT_KEY_ID, privateKey: pemOf(eventKeyOf(institutionId).privateKey) })),
  );

/** A token signed by the institution's own key, as its system would send it. */
export const tokenFor = (institutionId: string, userId: string, role: ActorRole, expiresIn: string | number = '10m') =>
  signToken(institutionId, keyOf(institutionId).privateKey, { userId, role, expiresIn });

/** A key no institution of the network owns (for forged tokens). */
export const strangerKey = () => generateKeyPairSync('ed25519').privateKey;
