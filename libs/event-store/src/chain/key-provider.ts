import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { isValidAt, KEY_ID, LEGACY_KEY_ID, problemsOfHeldKeys, SigningKey, SigningKeyDirectory, SigningKeyProvider } from './signing-keys';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$/;

/** The keys could not be loaded or do not match the registry: the service must not start. */
export class SigningKeysError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: the event-signing keys are invalid: ${problems.join('; ')}`);
    this.name = 'SigningKeysError';
  }
}

const privateKeyProblem = (pem: unknown): { key?: ReturnType<typeof createPrivateKey>; problem?: string } => {
  if (typeof pem !== 'string' || !/-----BEGIN PRIVATE KEY-----/.test(pem)) return { problem: 'is not a PEM private key (PKCS#8, -----BEGIN PRIVATE KEY-----)' };
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') return { problem: `is a ${key.asymmetricKeyType} key, not an Ed25519 key` };
    return { key };
  } catch (error) {
    return { problem: `cannot be read as a private key (${(error as Error).message})` };
  }
};

const keyNameProblems = (institutionId: unknown, keyId: unknown): string[] => [
  ...(typeof institutionId === 'string' && ID.test(institutionId) ? [] : ['institutionId must be an institution id such as ss-albacete']),
  ...(typeof keyId === 'string' && KEY_ID.test(keyId) && keyId !== LEGACY_KEY_ID ? [] : [`keyId must be 1-64 letters, digits, dashes or underscores (not "${LEGACY_KEY_ID}")`]),
];

/**
 * Event-signing keys from a directory: one PEM file (PKCS#8 Ed25519) per key, named
 * `<institutionId>.<keyId>.pem`. Other files are ignored; every bad key file is named.
 */
export function signingKeysFromDirectory(directory: string): SigningKey[] {
  const source = `EVENT_SIGNING_KEYS_DIR ${directory}`;
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    names = readdirSync(directory).filter((name) => name.endsWith('.pem')).sort();
  } catch (error) {
    throw new SigningKeysError(source, [`cannot be read: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const keys: SigningKey[] = [];
  for (const name of names) {
    const base = name.slice(0, -'.pem'.length);
    const dot = base.lastIndexOf('.');
    const institutionId = dot > 0 ? base.slice(0, dot) : '';
    const keyId = dot > 0 ? base.slice(dot + 1) : '';
    const nameProblems = dot > 0 ? keyNameProblems(institutionId, keyId) : ['must be named <institutionId>.<keyId>.pem'];
    if (nameProblems.length) {
      problems.push(`${name}: ${nameProblems.join(', ')}`);
      continue;
    }
    const { key, problem } = privateKeyProblem(readFileSync(join(directory, name), 'utf8'));
    if (problem) problems.push(`${name} ${problem}`);
    else keys.push({ institutionId, keyId, privateKey: key! });
  }
  if (problems.length) throw new SigningKeysError(source, problems);
  return keys;
}

/**
 * Event-signing keys from JSON (EVENT_SIGNING_KEYS_JSON, for tests and containers):
 * `[{"institutionId": "ss-albacete", "keyId": "ss-albacete-2026", "privateKey": "-----BEGIN PRIVATE KEY-----\n..."}]`.
 */
export function signingKeysFromJson(json: string, source = 'EVENT_SIGNING_KEYS_JSON'): SigningKey[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new SigningKeysError(source, [`is not JSON: ${(error as Error).message}`]);
  }
  if (!Array.isArray(raw)) throw new SigningKeysError(source, ['must be a JSON array of {institutionId, keyId, privateKey}']);
  const problems: string[] = [];
  const keys: SigningKey[] = [];
  raw.forEach((entry: unknown, index) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`[${index}] must be an object {institutionId, keyId, privateKey}`);
      return;
    }
    const { institutionId, keyId, privateKey, ...unknown } = entry as Record<string, unknown>;
    const entryProblems = keyNameProblems(institutionId, keyId);
    Object.keys(unknown).forEach((field) => entryProblems.push(`${field} is not a known field`));
    const { key, problem } = privateKeyProblem(privateKey);
    if (problem) entryProblems.push(`privateKey ${problem}`);
    if (entryProblems.length) problems.push(`[${index}]${typeof institutionId === 'string' ? ` (${institutionId})` : ''}: ${entryProblems.join(', ')}`);
    else keys.push({ institutionId: institutionId as string, keyId: keyId as string, privateKey: key! });
  });
  if (problems.length) throw new SigningKeysError(source, problems);
  return keys;
}

/**
 * The keys a service holds, checked against the registry at construction: each must be a
 * registered, not expired key of an institution of the service's kind. For an institution
 * it gives the held key whose registered period covers the moment of signing, so a key
 * registered for the coming period takes over by itself when the current one ends.
 */
export class StaticSigningKeyProvider implements SigningKeyProvider {
  private readonly byInstitution = new Map<string, SigningKey[]>();

  constructor(
    private readonly keys: SigningKey[],
    private readonly directory: SigningKeyDirectory,
    service: string,
    source = 'event-signing keys',
    now = new Date(),
  ) {
    const problems = problemsOfHeldKeys(keys, directory, service, now);
    if (problems.length) throw new SigningKeysError(source, problems);
    for (const key of keys) this.byInstitution.set(key.institutionId, [...(this.byInstitution.get(key.institutionId) ?? []), key]);
  }

  /**
   * The provider of a service from its environment: EVENT_SIGNING_KEYS_JSON when set, else
   * the PEM files of EVENT_SIGNING_KEYS_DIR (`{service}` in it stands for the service's name,
   * so the four services of the local stack share one setting). Neither set: refuses.
   */
  static fromEnvironment(env: NodeJS.ProcessEnv, directory: SigningKeyDirectory, service: string, now = new Date()): StaticSigningKeyProvider {
    return StaticSigningKeyProvider.from({ dir: env.EVENT_SIGNING_KEYS_DIR, json: env.EVENT_SIGNING_KEYS_JSON }, directory, service, now);
  }

  /** The same from the validated configuration (libs/config eventSigningKeysDir / eventSigningKeysJson). */
  static from(sources: { dir?: string; json?: string }, directory: SigningKeyDirectory, service: string, now = new Date()): StaticSigningKeyProvider {
    if (sources.json?.trim()) return new StaticSigningKeyProvider(signingKeysFromJson(sources.json), directory, service, 'EVENT_SIGNING_KEYS_JSON', now);
    const dir = sources.dir?.trim();
    if (!dir) {
      throw new SigningKeysError('EVENT_SIGNING_KEYS_DIR', [
        `is not set: it must name the directory of the private event-signing keys of the institutions ${service} hosts (<institutionId>.<keyId>.pem), or EVENT_SIGNING_KEYS_JSON must hold them`,
      ]);
    }
    const path = dir.replace(/\{service\}/g, service);
    return new StaticSigningKeyProvider(signingKeysFromDirectory(path), directory, service, `EVENT_SIGNING_KEYS_DIR ${path}`, now);
  }

  async currentKey(institutionId: string, at = new Date()): Promise<SigningKey | undefined> {
    const registered = this.directory.signingKeysOf(institutionId)?.keys ?? [];
    const usable = (this.byInstitution.get(institutionId) ?? [])
      .map((key) => ({ key, period: registered.find((r) => r.keyId === key.keyId) }))
      .filter(({ period }) => period && isValidAt(period, at))
      .sort((a, b) => b.period!.validFrom.getTime() - a.period!.validFrom.getTime());
    return usable[0]?.key;
  }

  async heldKeys(): Promise<SigningKey[]> {
    return [...this.keys];
  }

  /** The institutions this service holds keys for. */
  institutions(): string[] {
    return [...this.byInstitution.keys()].sort();
  }
}
