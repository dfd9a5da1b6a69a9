import { Actor, ERASED, EventCatalogue, EventEnvelope, ENVELOPE_HEADERS, isEncrypted, partitionKeyOf, PROTECTED } from '@inclusion/contracts';
import { decryptField, encryptField } from './personal-data/field-cipher';
import { PersonKeys } from './personal-data/person-keys';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { GENESIS_HASH, hashEvent } from './chain/event-hash';
import { KeyRing } from './chain/key-ring';
import { InstitutionLogs, leafOfEventHash } from './chain/transparency';
import { ExpectedVersion, WrongExpectedVersionError } from './errors';
import { EVENT_COLUMNS, envelopeOfRow, EventRow } from './event-record';

/** An event a command produced, before the store gives it ids, positions and a hash. */
export interface NewEvent<P extends object = Record<string, unknown>> {
  type: string;
  schemaVersion: number;
  payload: P;
  occurredAt?: Date | string;
  caseId?: string | null;
  projectId?: string | null;
  programmeId?: string | null;
  metadata?: Record<string, unknown>;
  /** The person the event is about: its sensitive fields are encrypted with their key. Not stored. */
  personId?: string | null;
}

/** Who records, on whose behalf, and why (the command or event that caused it). */
export interface AppendContext {
  institutionId: string;
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
}

export interface AppendResult {
  events: EventEnvelope[];
  nextExpectedVersion: number;
}

/** Told of every committed-to-be append (for metrics); must not throw. */
export interface AppendObserver {
  appended(events: EventEnvelope[], seconds: number): void;
}

export interface EventStoreOptions {
  /** The topic the outbox publishes this store's events to. */
  topic: string;
  catalogue: EventCatalogue;
  /** Signing keys (from a SigningKeyProvider, never the database) and the registry's public keys; without it the store cannot append. */
  keyRing?: KeyRing;
  personKeys?: PersonKeys;
  observer?: AppendObserver;
  /** Channel notified (at commit) when events are appended; defaults to one per schema. */
  notifyChannel?: string;
  /** Origin prefix of the institutions' transparency logs (default `inclusion-network`: origin `inclusion-network/<institutionId>`). */
  logOriginPrefix?: string;
}

export interface Page {
  events: EventEnvelope[];
  /** Pass as `after` to read the next page; equal to the input when nothing new. */
  lastPosition: number;
}

// Every append takes this transaction-scoped lock (one per schema) before it allocates
// global positions, so positions are handed out in commit order: a reader following
// "position > P" never skips an event that commits late. See docs/event-store.md.
const APPEND_LOCK_CLASS = 472_019;

export const notifyChannelOf = (schema: string) => `events_appended_${schema}`.slice(0, 63);

const headersOf = (event: EventEnvelope): Record<string, string> => {
  const h = ENVELOPE_HEADERS;
  const headers: Record<string, string | null> = {
    [h.eventId]: event.eventId,
    [h.type]: event.type,
    [h.schemaVersion]: String(event.schemaVersion),
    [h.streamId]: event.streamId,
    [h.streamVersion]: String(event.streamVersion),
    [h.globalPosition]: String(event.globalPosition),
    [h.institutionId]: event.institutionId,
    [h.actorUserId]: event.actor.userId,
    [h.actorRole]: event.actor.role,
    [h.correlationId]: event.correlationId,
    [h.causationId]: event.causationId,
    [h.caseId]: event.caseId,
    [h.projectId]: event.projectId,
    [h.programmeId]: event.programmeId,
    [h.occurredAt]: event.occurredAt,
    [h.recordedAt]: event.recordedAt,
    [h.hash]: event.hash,
    // Empty for events recorded under the transparency log (their signed tree head and inclusion proof travel in the value).
    [h.signature]: event.signature || null,
  };
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== null && v !== undefined)) as Record<string, string>;
};

/**
 * The PostgreSQL event store of one service. Appends are atomic (events, stream head,
 * institution chain head, transparency-log leaves and signed tree head, outbox rows in one
 * transaction), checked against the expected version, hash-chained per institution, and each
 * commit's tree head is signed (one C2SP checkpoint note) with the institution's Ed25519 key.
 */
export class EventStore {
  readonly keyRing: KeyRing;
  readonly personKeys: PersonKeys;
  readonly notifyChannel: string;
  /** Each institution's transparency log (RFC 9162 tree over its events, signed heads). */
  readonly logs: InstitutionLogs;

  constructor(
    readonly dataSource: DataSource,
    private readonly options: EventStoreOptions,
  ) {
    this.keyRing = options.keyRing ?? new KeyRing();
    this.personKeys = options.personKeys ?? new PersonKeys();
    const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
    this.notifyChannel = options.notifyChannel ?? notifyChannelOf(schema);
    this.logs = new InstitutionLogs(dataSource, options.logOriginPrefix);
  }

  get catalogue(): EventCatalogue {
    return this.options.catalogue;
  }

  /**
   * Appends events to a stream. With `manager`, joins the caller's transaction (a consumer's
   * inbox write and its reaction events commit together); otherwise opens its own.
   */
  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
    context: AppendContext,
    manager?: EntityManager,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const began = process.hrtime.bigint();
    const result = manager
      ? await this.appendIn(manager, streamId, events, expected, context)
      : await this.dataSource.transaction((tx) => this.appendIn(tx, streamId, events, expected, context));
    this.options.observer?.appended(result.events, Number(process.hrtime.bigint() - began) / 1e9);
    return result;
  }

  /**
   * Takes the store's append lock in the caller's transaction. A command handler that takes
   * it first reads, decides and appends with no concurrent append in between, so rules that
   * span streams (one open case per person) hold without races. Re-entrant within a transaction.
   */
  async lockForAppend(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, [APPEND_LOCK_CLASS]);
  }

  private async appendIn(
    tx: EntityManager,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
    context: AppendContext,
  ): Promise<AppendResult> {
    // Only institutions whose private key this service holds (NoSigningKeyError otherwise): checked before anything is written.
    await this.keyRing.signingKeyFor(context.institutionId);
    await this.lockForAppend(tx);

    const [stream] = await tx.query(`SELECT version FROM streams WHERE stream_id = $1`, [streamId]);
    const current: number = stream ? stream.version : 0;
    const matches =
      expected === 'any' || (expected === 'no-stream' && !stream) || (typeof expected === 'number' && expected === current);
    if (!matches) throw new WrongExpectedVersionError(streamId, expected, current);

    const [head] = await tx.query(`SELECT sequence, head_hash FROM chain_heads WHERE institution_id = $1`, [context.institutionId]);
    let sequence = head ? Number(head.sequence) : 0;
    const chainSequence = sequence;
    let previousHash: string = head ? head.head_hash : GENESIS_HASH;
    const positions: { p: string }[] = await tx.query(
      `SELECT nextval('events_global_position_seq') AS p FROM generate_series(1, $1)`,
      [events.length],
    );

    const recordedAt = new Date().toISOString();
    const signingKey = await this.keyRing.signingKeyFor(context.institutionId, new Date(recordedAt));
    const payloads = await Promise.all(events.map((event) => this.protect(event, tx)));
    const stored: EventEnvelope[] = events.map((event, index) => {
      sequence += 1;
      const unsigned = {
        eventId: uuidv7(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        streamId,
        streamVersion: current + index + 1,
        globalPosition: Number(positions[index].p),
        institutionId: context.institutionId,
        institutionSequence: sequence,
        actor: { userId: context.actor.userId, role: context.actor.role, onBehalfOf: context.actor.onBehalfOf ?? null },
        occurredAt: new Date(event.occurredAt ?? recordedAt).toISOString(),
        recordedAt,
        correlationId: context.correlationId,
        causationId: context.causationId ?? null,
        caseId: event.caseId ?? null,
        projectId: event.projectId ?? null,
        programmeId: event.programmeId ?? null,
        payload: payloads[index],
        metadata: event.metadata ?? {},
        previousHash,
        keyId: signingKey.keyId,
      };
      const hash = hashEvent(unsigned);
      previousHash = hash;
      // No per-event signature: the commit's tree head is signed below, and each event proves its inclusion under it.
      return { ...unsigned, hash, signature: '' };
    });

    // One signed tree head per commit, in this transaction: no event is ever committed unsigned.
    const treeHead = await this.logs.commit(tx, context.institutionId, chainSequence, stored.map((e) => leafOfEventHash(e.hash)), signingKey.privateKey);
    const proofs = await this.logs.proofsOnTheWire(context.institutionId, stored.map((e) => e.institutionSequence), treeHead, tx);

    await this.insertEvents(tx, stored);
    await this.insertOutbox(tx, stored.map((event, index) => ({ ...event, proof: proofs[index] })));
    await tx.query(
      `INSERT INTO streams (stream_id, version) VALUES ($1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version`,
      [streamId, current + events.length],
    );
    await tx.query(
      `INSERT INTO chain_heads (institution_id, sequence, head_hash) VALUES ($1, $2, $3)
       ON CONFLICT (institution_id) DO UPDATE SET sequence = EXCLUDED.sequence, head_hash = EXCLUDED.head_hash`,
      [context.institutionId, sequence, previousHash],
    );
    await tx.query(`SELECT pg_notify($1, $2)`, [this.notifyChannel, String(stored[stored.length - 1].globalPosition)]);
    return { events: stored, nextExpectedVersion: current + events.length };
  }

  /** Encrypts the event's sensitive fields with the person's key, before they are hashed and stored. */
  private async protect(event: NewEvent, tx: EntityManager): Promise<Record<string, unknown>> {
    const payload = event.payload as Record<string, unknown>;
    const sensitive = (this.catalogue.find(event.type, event.schemaVersion)?.sensitive ?? []).filter((field) => payload[field] !== undefined && !isEncrypted(payload[field]));
    if (sensitive.length === 0) return payload;
    if (!event.personId) throw new Error(`${event.type} carries personal data (${sensitive.join(', ')}) but names no person to encrypt it for`);
    const key = await this.personKeys.keyForWriting(event.personId, tx);
    return { ...payload, ...Object.fromEntries(sensitive.map((field) => [field, encryptField(payload[field], event.personId!, key)])) };
  }

  /**
   * Reads a stored event as the newest version of its type with its encrypted fields
   * decrypted where this service holds the person's key; otherwise they read as erased
   * (the key was destroyed) or protected (the key is held by social services).
   */
  async reveal(event: EventEnvelope, manager?: EntityManager): Promise<EventEnvelope> {
    const current = this.upcast(event);
    const encrypted = Object.entries(current.payload).filter(([, value]) => isEncrypted(value));
    if (encrypted.length === 0) return current;
    const payload = { ...current.payload };
    for (const [field, value] of encrypted) {
      if (!isEncrypted(value)) continue;
      const key = await this.personKeys.keyFor(value.person, manager ?? this.dataSource.manager);
      if (key) payload[field] = decryptField(value, key);
      else payload[field] = (await this.personKeys.isErased(value.person, manager ?? this.dataSource.manager)) ? ERASED(value.person) : PROTECTED;
    }
    return { ...current, payload };
  }

  private async insertEvents(tx: EntityManager, events: EventEnvelope[]): Promise<void> {
    const columns = 24;
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      values.push(
        e.globalPosition, e.eventId, e.streamId, e.streamVersion, e.type, e.schemaVersion, e.institutionId,
        e.institutionSequence, e.actor.userId, e.actor.role, e.actor.onBehalfOf ?? null, e.occurredAt, e.recordedAt,
        e.correlationId, e.causationId, e.caseId, e.projectId, e.programmeId, JSON.stringify(e.payload),
        JSON.stringify(e.metadata), e.previousHash, e.hash, e.signature, e.keyId,
      );
      return `(${Array.from({ length: columns }, (_, c) => `$${i * columns + c + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO events (${EVENT_COLUMNS}) VALUES ${rows.join(', ')}`, values);
  }

  private async insertOutbox(tx: EntityManager, events: EventEnvelope[]): Promise<void> {
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      values.push(e.globalPosition, e.eventId, this.options.topic, partitionKeyOf(e), JSON.stringify(headersOf(e)), JSON.stringify(e));
      return `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`;
    });
    await tx.query(`INSERT INTO outbox (global_position, event_id, topic, message_key, headers, value) VALUES ${rows.join(', ')}`, values);
  }

  /** Reads a stored event as the newest version of its type (the row itself never changes). */
  upcast(event: EventEnvelope): EventEnvelope {
    if (!this.catalogue.latestVersion(event.type)) return event;
    const { schemaVersion, payload } = this.catalogue.upcast(event.type, event.schemaVersion, event.payload);
    return schemaVersion === event.schemaVersion ? event : { ...event, schemaVersion, payload };
  }

  private async select(sql: string, params: unknown[], raw: boolean, manager?: EntityManager): Promise<EventEnvelope[]> {
    const rows: EventRow[] = await (manager ?? this.dataSource.manager).query(`SELECT ${EVENT_COLUMNS} FROM events ${sql}`, params);
    const events = rows.map(envelopeOfRow);
    if (raw) return events;
    const revealed: EventEnvelope[] = [];
    for (const event of events) revealed.push(await this.reveal(event, manager));
    return revealed;
  }

  /** A stream's events from a version (inclusive), upcast to their newest schema versions. */
  readStream(streamId: string, fromVersion = 1, options: { raw?: boolean; manager?: EntityManager } = {}): Promise<EventEnvelope[]> {
    return this.select(`WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`, [streamId, fromVersion], !!options.raw, options.manager);
  }

  async streamVersion(streamId: string, manager?: EntityManager): Promise<number> {
    const [row] = await (manager ?? this.dataSource.manager).query(`SELECT version FROM streams WHERE stream_id = $1`, [streamId]);
    return row ? row.version : 0;
  }

  /** The global log after a position, in pages, in position order. */
  async readAll(after = 0, limit = 500, options: { raw?: boolean } = {}): Promise<Page> {
    const events = await this.select(`WHERE global_position > $1 ORDER BY global_position LIMIT $2`, [after, limit], !!options.raw);
    return { events, lastPosition: events.length ? events[events.length - 1].globalPosition : after };
  }

  /** Every event of this store that concerns a case, in position order (upcast). */
  readByCase(caseId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    return this.select(`WHERE case_id = $1 ORDER BY global_position`, [caseId], false, manager);
  }

  /** Every event of this store that concerns a programme or one of its projects. */
  readByProgramme(programmeId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    return this.select(`WHERE programme_id = $1 ORDER BY global_position`, [programmeId], false, manager);
  }

  /** Every event of one correlation (one business conversation), in position order. */
  readByCorrelation(correlationId: string): Promise<EventEnvelope[]> {
    return this.select(`WHERE correlation_id = $1 ORDER BY global_position`, [correlationId], false);
  }

  /** An institution's events in chain order (raw, for verification and audit). */
  readInstitutionLog(institutionId: string, afterSequence = 0, limit = 1000): Promise<EventEnvelope[]> {
    return this.select(
      `WHERE institution_id = $1 AND institution_sequence > $2 ORDER BY institution_sequence LIMIT $3`,
      [institutionId, afterSequence, limit],
      true,
    );
  }

  async institutions(): Promise<string[]> {
    const rows: { institution_id: string }[] = await this.dataSource.query(`SELECT institution_id FROM chain_heads ORDER BY institution_id`);
    return rows.map((row) => row.institution_id);
  }

  async lastPosition(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(global_position), 0) AS p FROM events`);
    return Number(row.p);
  }
}
