import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { signToken } from '@inclusion/access';
import { ActorRole, InstitutionKind } from '@inclusion/contracts';

/** The institutions of the test network. Their key pairs are made once per test process. */
export const TEST_INSTITUTIONS: Record<string, InstitutionKind> = {
  'ss-albacete': 'social-services',
  'ss-hellin': 'social-services',
  'ss-villarrobledo': 'social-services',
  'eo-albacete': 'employment-office',
  'ei-solidaria': 'insertion-company',
  'ei-other': 'insertion-company',
  'rd-albacete': 'regional-delegation',
  'rd-toledo': 'regional-delegation',
};

const keys = new Map<string, { publicKey: KeyObject; privateKey: KeyObject }>();
const keyOf = (id: string) => {
  if (!keys.has(id)) keys.set(id, generateKeyPairSync('ed25519'));
  return keys.get(id)!;
};

/** INSTITUTIONS_JSON for the services the tests start. */
export const testInstitutionsJson = () =>
  JSON.stringify({
    institutions: Object.entries(TEST_INSTITUTIONS).map(([id, kind]) => ({
      id,
      kind,
      name: id,
      publicKey: keyOf(id).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    })),
  });

/** A token signed by the institution's own key, as its system would send it. */
export const tokenFor = (institutionId: string, userId: string, role: ActorRole, expiresIn: string | number = '10m') =>
  signToken(institutionId, keyOf(institutionId).privateKey, { userId, role, expiresIn });

/** A key no institution of the network owns (for forged tokens). */
export const strangerKey = () => generateKeyPairSync('ed25519').privateKey;
