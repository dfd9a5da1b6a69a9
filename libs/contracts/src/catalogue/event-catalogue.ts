import { InstitutionKind } from '../envelope';
import { PayloadProblem, validatePayload } from './validate-payload';
import { isEncrypted } from '../personal-data';

/** One published version of one event type. A published version is never edited. */
export interface EventDefinition<P extends object = object> {
  type: string;
  version: number;
  /** The institution kind whose service records this event ('any': whichever is responsible). */
  producer: InstitutionKind | 'any';
  /** The aggregate stream the event belongs to, e.g. "case", "itinerary", "table". */
  aggregate: string;
  description: string;
  payload: new () => P;
  /** Original term for practitioners, shown in the docs. */
  originalTerm?: string;
  deprecated?: boolean;
  /** Identifying or sensitive payload fields, stored encrypted with the person's key. */
  sensitive?: string[];
}

/** Turns a payload of version `from` into version `from + 1`. Pure; tested with fixtures. */
export interface Upcaster {
  type: string;
  from: number;
  upcast(payload: Record<string, unknown>): Record<string, unknown>;
}

export class UnknownEventTypeError extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
  ) {
    super(`unknown event type ${type} v${version}`);
  }
}

/** Every event type and version the network exchanges, and the upcasters between versions. */
export class EventCatalogue {
  private readonly definitions = new Map<string, EventDefinition>();
  private readonly upcasters = new Map<string, Upcaster>();
  /** The newest version of each type: read on every upcast (each event read, decoded or folded). */
  private readonly latest = new Map<string, number>();

  constructor(definitions: EventDefinition[] = [], upcasters: Upcaster[] = []) {
    definitions.forEach((definition) => this.define(definition));
    upcasters.forEach((upcaster) => this.addUpcaster(upcaster));
  }

  define(definition: EventDefinition): this {
    const key = `${definition.type}@${definition.version}`;
    if (this.definitions.has(key)) throw new Error(`event ${key} is defined twice`);
    this.definitions.set(key, definition);
    this.latest.set(definition.type, Math.max(this.latest.get(definition.type) ?? definition.version, definition.version));
    return this;
  }

  addUpcaster(upcaster: Upcaster): this {
    this.upcasters.set(`${upcaster.type}@${upcaster.from}`, upcaster);
    return this;
  }

  all(): EventDefinition[] {
    return [...this.definitions.values()].sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
  }

  /** Every event type, once (whatever its versions). */
  types(): string[] {
    return [...new Set(this.all().map((definition) => definition.type))];
  }

  find(type: string, version: number): EventDefinition | undefined {
    return this.definitions.get(`${type}@${version}`);
  }

  get(type: string, version: number): EventDefinition {
    const definition = this.find(type, version);
    if (!definition) throw new UnknownEventTypeError(type, version);
    return definition;
  }

  latestVersion(type: string): number | undefined {
    return this.latest.get(type);
  }

  /** Reads a stored payload as the newest version of its type; the input is not modified. */
  upcast(type: string, version: number, payload: Record<string, unknown>): { schemaVersion: number; payload: Record<string, unknown> } {
    const latest = this.latestVersion(type) ?? version;
    let current = { schemaVersion: version, payload };
    while (current.schemaVersion < latest) {
      const upcaster = this.upcasters.get(`${type}@${current.schemaVersion}`);
      if (!upcaster) throw new Error(`no upcaster for ${type} v${current.schemaVersion} -> v${current.schemaVersion + 1}`);
      current = { schemaVersion: current.schemaVersion + 1, payload: upcaster.upcast(structuredClone(current.payload)) };
    }
    return current;
  }

  /** Problems with a payload for this type and version; an unknown type is itself a problem. */
  validate(type: string, version: number, payload: unknown): PayloadProblem[] {
    const definition = this.find(type, version);
    if (!definition) return [{ field: 'type', problems: [`unknown event type ${type} v${version}`] }];
    // Encrypted sensitive fields cannot be checked without the key: they were checked before encryption.
    const readable =
      payload && typeof payload === 'object'
        ? Object.fromEntries(Object.entries(payload).filter(([field, value]) => !(definition.sensitive?.includes(field) && isEncrypted(value))))
        : payload;
    return validatePayload(definition.payload, readable);
  }
}
