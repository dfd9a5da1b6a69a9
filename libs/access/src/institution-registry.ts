import { readFileSync } from 'node:fs';
import { createPublicKey, KeyObject } from 'node:crypto';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsString, Length, Matches, ValidateNested, validateSync } from 'class-validator';
import { ID, INSTITUTION_KINDS, InstitutionKind } from '@inclusion/contracts';

class InstitutionEntry {
  @Matches(ID, { message: 'id must be an institution id such as ss-albacete' }) id: string;
  @IsIn(INSTITUTION_KINDS) kind: InstitutionKind;
  @IsString() @Length(1, 300) name: string;
  /** The institution's Ed25519 public key (PEM, SPKI) that verifies the tokens its systems sign. */
  @IsString() @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'publicKey must be a PEM public key' }) publicKey: string;
}

class InstitutionsFile {
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => InstitutionEntry) institutions: InstitutionEntry[];
}

export interface Institution {
  id: string;
  kind: InstitutionKind;
  name: string;
  key: KeyObject;
}

/**
 * The institutions of the network and the keys that verify their systems' tokens, from the
 * JSON file named by INSTITUTIONS_FILE (or the JSON itself in INSTITUTIONS_JSON). A bad file
 * stops the service at boot with every problem named.
 */
export class InstitutionRegistry {
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
    if (problems.length) throw new Error(`${source} is invalid: ${problems.join('; ')}`);
    return new InstitutionRegistry(
      file.institutions.map((entry) => {
        const key = createPublicKey(entry.publicKey);
        if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: the key of ${entry.id} is not an Ed25519 key`);
        return { id: entry.id, kind: entry.kind, name: entry.name, key };
      }),
    );
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
