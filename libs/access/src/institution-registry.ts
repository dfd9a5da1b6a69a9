import { readFileSync } from 'node:fs';
import { createPublicKey, KeyObject } from 'node:crypto';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, ValidateNested, validateSync } from 'class-validator';
import { ID, INSTITUTION_KINDS, InstitutionKind, MEMBER_KINDS, MemberKind } from '@inclusion/contracts';
import type { InstitutionSigningKeys, RegisteredSigningKey, SigningKeyDirectory } from '@inclusion/event-store';

/** Same rule as libs/event-store KEY_ID (a type-only import keeps access free of the store at run time). */
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const SIGNING_KEY_FIELDS = ['keyId', 'publicKey', 'validFrom', 'validUntil'];

/** One event-signing public key of an institution and the period it signs events in. */
class SigningKeyEntry {
  @Matches(KEY_ID, { message: 'keyId must be 1-64 letters, digits, dashes or underscores' }) keyId: string;
  @IsString() @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'publicKey must be a PEM public key' }) publicKey: string;
  @IsISO8601({ strict: true }, { message: 'validFrom must be an ISO 8601 date-time, such as 2026-01-01T00:00:00Z' }) validFrom: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'validUntil must be an ISO 8601 date-time, such as 2027-01-01T00:00:00Z' }) validUntil?: string;
}

class InstitutionEntry {
  @Matches(ID, { message: 'id must be an institution id such as ss-albacete' }) id: string;
  @IsIn(MEMBER_KINDS, { message: `kind must be one of ${MEMBER_KINDS.join(', ')}` }) kind: MemberKind;
  /** The service that hosts a partner with no service of its kind (required for those kinds, and only for them). */
  @IsOptional() @IsIn(INSTITUTION_KINDS, { message: `hostedBy must be one of the services: ${INSTITUTION_KINDS.join(', ')}` }) hostedBy?: InstitutionKind;
  @IsString() @Length(1, 300) name: string;
  /** The institution's Ed25519 public key (PEM, SPKI) that verifies the tokens its systems sign. */
  @IsString() @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'publicKey must be a PEM public key' }) publicKey: string;
  /** The institution's event-signing public keys (not the token key), each with its validity period: rotation adds one. */
  @IsArray({ message: 'signingKeys must list the institution\'s event-signing public keys' })
  @ArrayMinSize(1, { message: 'signingKeys must list at least one event-signing public key' })
  @ValidateNested({ each: true })
  @Type(() => SigningKeyEntry)
  signingKeys: SigningKeyEntry[];
}

class InstitutionsFile {
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => InstitutionEntry) institutions: InstitutionEntry[];
}

export interface Institution {
  id: string;
  /** What the institution is: one of the four service kinds, or a hosted partner's kind. */
  kind: MemberKind;
  /** The service that holds its keys and records its events: its kind's, or `hostedBy` for a partner. */
  service: InstitutionKind;
  name: string;
  /** Verifies the tokens its systems sign. */
  key: KeyObject;
  /** Verify the events it records (each names its keyId), each in its validity period (always set when read from the registry file). */
  signingKeys?: RegisteredSigningKey[];
}

/**
 * The institutions of the network, the keys that verify their systems' tokens and the keys
 * that verify the events they record (`signingKeys`: keyId, PEM, validFrom, validUntil), from
 * the JSON file named by INSTITUTIONS_FILE (or the JSON itself in INSTITUTIONS_JSON). A bad
 * file stops the service at boot with every problem named.
 */
export class InstitutionRegistry implements SigningKeyDirectory {
  private readonly byId = new Map<string, Institution>();

  constructor(institutions: Institution[]) {
    institutions.forEach((institution) => this.byId.set(institution.id, institution));
  }

  get(id: string): Institution | undefined {
    return this.byId.get(id);
  }

  all(): Institution[] {
    return [...this.byId.values()];
  }

  signingKeysOf(institutionId: string): InstitutionSigningKeys | undefined {
    const institution = this.byId.get(institutionId);
    return institution && { institutionId, kind: institution.kind, service: institution.service, keys: institution.signingKeys ?? [] };
  }

  static parse(json: string, source: string): InstitutionRegistry {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (error) {
      throw new Error(`${source} is not JSON: ${(error as Error).message}`);
    }
    const file = plainToInstance(InstitutionsFile, raw);
    const errors = validateSync(file);
    const problems: string[] = [];
    const walk = (list: typeof errors, path: string) =>
      list.forEach((e) => {
        Object.values(e.constraints ?? {}).forEach((m) => problems.push(`${path}${e.property}: ${m}`));
        walk(e.children ?? [], `${path}${e.property}.`);
      });
    walk(errors, '');
    problems.push(...unknownSigningKeyFields(raw));
    if (problems.length) throw new Error(`${source} is invalid: ${problems.join('; ')}`);
    const institutions = file.institutions.map((entry, index) => {
      const key = ed25519(entry.publicKey, `institutions.${index}.publicKey (${entry.id})`, problems);
      const signingKeys = entry.signingKeys.map((signing, k) => ({
        keyId: signing.keyId,
        publicKey: ed25519(signing.publicKey, `institutions.${index}.signingKeys.${k}.publicKey (${entry.id} ${signing.keyId})`, problems),
        validFrom: new Date(signing.validFrom),
        ...(signing.validUntil ? { validUntil: new Date(signing.validUntil) } : {}),
      }));
      problems.push(...signingKeyProblems(entry.id, `institutions.${index}.signingKeys`, signingKeys, key));
      const isService = (INSTITUTION_KINDS as readonly string[]).includes(entry.kind);
      if (!isService && !entry.hostedBy) problems.push(`institutions.${index}.hostedBy: ${entry.id} is a ${entry.kind}, which has no service of its own: hostedBy must name the service that hosts it`);
      if (isService && entry.hostedBy && entry.hostedBy !== entry.kind) problems.push(`institutions.${index}.hostedBy: ${entry.id} is a ${entry.kind}, hosted by its own kind's service, not by ${entry.hostedBy}`);
      const service = (isService ? entry.kind : entry.hostedBy) as InstitutionKind;
      return { id: entry.id, kind: entry.kind, service, name: entry.name, key: key!, signingKeys: signingKeys as RegisteredSigningKey[] };
    });
    const ids = file.institutions.map((entry) => entry.id);
    ids.filter((id, i) => ids.indexOf(id) !== i).forEach((id) => problems.push(`institution ${id} is listed twice`));
    if (problems.length) throw new Error(`${source} is invalid: ${problems.join('; ')}`);
    return new InstitutionRegistry(institutions);
  }

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): InstitutionRegistry {
    if (env.INSTITUTIONS_JSON) return InstitutionRegistry.parse(env.INSTITUTIONS_JSON, 'INSTITUTIONS_JSON');
    if (!env.INSTITUTIONS_FILE) throw new Error('INSTITUTIONS_FILE is not set: it must name the JSON file of the network\'s institutions and their public keys');
    let json: string;
    try {
      json = readFileSync(env.INSTITUTIONS_FILE, 'utf8');
    } catch (error) {
      throw new Error(`INSTITUTIONS_FILE ${env.INSTITUTIONS_FILE} cannot be read: ${(error as Error).message}`);
    }
    return InstitutionRegistry.parse(json, `INSTITUTIONS_FILE ${env.INSTITUTIONS_FILE}`);
  }
}

/** An Ed25519 public key from a PEM, or a problem named at `path`. */
function ed25519(pem: string, path: string, problems: string[]): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
    problems.push(`${path}: is a ${key.asymmetricKeyType} key, not an Ed25519 key`);
  } catch (error) {
    problems.push(`${path}: is not a readable PEM public key (${(error as Error).message})`);
  }
  return undefined;
}

/** Fields of signingKeys entries that the registry does not know (a misspelt validUntil would make a key valid for ever). */
function unknownSigningKeyFields(raw: unknown): string[] {
  const institutions = (raw as { institutions?: unknown })?.institutions;
  if (!Array.isArray(institutions)) return [];
  return institutions.flatMap((institution, i) => {
    const keys = (institution as { signingKeys?: unknown })?.signingKeys;
    if (!Array.isArray(keys)) return [];
    return keys.flatMap((key, k) =>
      key && typeof key === 'object'
        ? Object.keys(key)
            .filter((field) => !SIGNING_KEY_FIELDS.includes(field))
            .map((field) => `institutions.${i}.signingKeys.${k}.${field}: is not a known field (expected ${SIGNING_KEY_FIELDS.join(', ')})`)
        : [],
    );
  });
}

type ParsedSigningKey = { keyId: string; publicKey: KeyObject | undefined; validFrom: Date; validUntil?: Date };

/** Unique keyIds, periods that end after they begin and do not overlap, keys distinct from each other and from the token key. */
function signingKeyProblems(institutionId: string, path: string, keys: ParsedSigningKey[], tokenKey: KeyObject | undefined): string[] {
  const problems: string[] = [];
  keys.forEach((key, k) => {
    if (key.keyId === 'legacy') problems.push(`${path}.${k}.keyId: legacy is reserved for events recorded before registered keys`);
    if (key.validUntil && key.validUntil.getTime() <= key.validFrom.getTime()) problems.push(`${path}.${k}: validUntil must be after validFrom (key ${key.keyId} of ${institutionId})`);
    if (tokenKey && key.publicKey?.equals(tokenKey)) problems.push(`${path}.${k}: key ${key.keyId} of ${institutionId} is its token key: events must be signed with a key of their own`);
  });
  keys.forEach((a, i) =>
    keys.slice(i + 1).forEach((b) => {
      if (a.keyId === b.keyId) problems.push(`${path}: keyId ${a.keyId} of ${institutionId} is listed twice`);
      else if (a.publicKey && b.publicKey?.equals(a.publicKey)) problems.push(`${path}: keys ${a.keyId} and ${b.keyId} of ${institutionId} are the same key`);
      const end = (key: ParsedSigningKey) => key.validUntil?.getTime() ?? Infinity;
      if (a.validFrom.getTime() < end(b) && b.validFrom.getTime() < end(a)) {
        problems.push(`${path}: the periods of keys ${a.keyId} and ${b.keyId} of ${institutionId} overlap: one key signs at a time (end one where the next begins)`);
      }
    }),
  );
  return problems;
}
