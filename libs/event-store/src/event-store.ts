import { Actor, ERASED, EventCatalogue, EventEnvelope, InclusionProofOnTheWire, isEncrypted, partitionKeyOf, PROTECTED } from '@inclusion/contracts';
import { appendToFrontier, ed25519NoteSigner, hashOfRange, inclusionProofRanges, nodeSourceOf, signCheckpoint, StoredNode } from '@inclusion/transparency-log';
import { decryptField, encryptField } from './personal-data/field-cipher';
import { PersonKeys } from './personal-data/person-keys';
import { escapeLiteral } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { GENESIS_HASH, hashEvent } from './chain/event-hash';
import { KeyRing } from './chain/key-ring';
import { SigningKey } from './chain/signing-keys';
import { PROCESS_NOTIFY_TAG, wakeLocal } from './local-wakeups';
import { InstitutionLogs, leafOfEventHash } from './chain/transparency';
import { asConflict, ExpectedVersion, WrongExpectedVersionError } from './errors';
import { EVENT_COLUMNS, envelopeOfRow, EventRow } from './event-record';
import { ImportLineError, ImportProgress, ImportReport, parseImportLine } from './bulk-import';
import { BatchedRow, writeBatchedRows } from './batched-rows';

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

/** A group-committed append, with what must commit with it. */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedVersion;
  context: AppendContext;
  /** Runs in the batch's transaction after the events are written; if it throws, this append alone is rejected. */
  within?: (tx: EntityManager, result: AppendResult) => Promise<void>;
  /**
   * Rows that must commit with this append, written with those of the rest of its batch (one
   * statement per RowsStatement for the whole batch) before any `within`; a row that fails (a
   * unique violation) rejects this append alone, as `within` does.
   */
  rows?: (result: AppendResult) => BatchedRow[];
}

export interface AppendResult {
  events: EventEnvelope[];
  nextExpectedVersion: number;
}

/**
 * Whether a group commit's batch was computed while its read was in flight: `kept` (the read
 * found the state this store's last commit left), `discarded` (another writer appended in
 * between, or the read waited for the lock: computed again on what it found), `not-tried`
 * (nothing to compute it on, or the last guess failed).
 */
export type ComputedAhead = 'kept' | 'discarded' | 'not-tried';

/** Told of every committed-to-be append (for metrics); must not throw. */
export interface AppendObserver {
  appended(events: EventEnvelope[], seconds: number): void;
  /** A group commit committed: the appends and events it wrote, and how long its transaction took (connection to COMMIT). */
  committed?(batch: { appends: number; events: number; seconds: number; computedAhead: ComputedAhead }): void;
}

/** Tells the observer; an observer that throws anyway (a metrics bug) neither fails a committed append nor stops the group commit. */
const observe = (tell: () => void): void => {
  try {
    tell();
  } catch {
    // metrics only: the append stands
  }
};

export interface EventStoreOptions {
  /** The topic the outbox publishes this store's events to. */
  topic: string;
  catalogue: EventCatalogue;
  /** Signing keys (from a SigningKeyProvider, never the database) and the registry's public keys; without it the store cannot append. */
  keyRing?: KeyRing;
  personKeys?: PersonKeys;
  observer?: AppendObserver;
  /** Channel woken (in-process at once, other processes by one NOTIFY per batch after the commit) when events are appended; defaults to one per schema. */
  notifyChannel?: string;
  /** Send the NOTIFY for listeners in other processes (default true); this process's listeners are woken in-process either way. */
  notifyOtherProcesses?: boolean;
  /** Group commit: the most events one batch takes (default 500; an append larger than that commits alone). */
  maxBatchEvents?: number;
  /**
   * Group commit: a batch of at least this many events streams its events, outbox rows and tree
   * nodes with COPY (default 40); a smaller one writes everything in one statement. COPY costs
   * three more round trips and saves PostgreSQL reading the rows from one JSON parameter (and
   * Node building it): measured faster from about 40 events (docs/performance.md).
   */
  copyFromEvents?: number;
  /** Group commit: how long a batch waits for more appends before it starts (default 0: it takes what queued while the previous one committed). */
  groupWindowMs?: number;
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

/**
 * A batch computed while its read was in flight (on the state the last commit left) is kept
 * only if the read came back within this many milliseconds beyond the computation (monotonic
 * clock): its recordedAt was read before the lock, and must not lag behind a long wait for it
 * (a bulk import holding the lock).
 */
const AHEAD_CLOCK_MS = 250;

export const notifyChannelOf = (schema: string) => `events_appended_${schema}`.slice(0, 63);

interface Queued {
  request: AppendRequest;
  payloads: Record<string, unknown>[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** An institution's chain head and tree frontier, as this store's last group commit left them. */
interface KeptChain {
  sequence: number;
  head: string;
  treeSize: number;
  frontier: StoredNode[];
}

interface ChainState {
  sequence: number;
  startSequence?: number;
  head: string;
  treeSize: number;
  frontier: StoredNode[];
  events: EventEnvelope[];
}

/** What a batch is computed on: the streams' versions, the institutions' chains, the global positions drawn. */
interface BatchState {
  versions: Map<string, number>;
  chains: Map<string, ChainState>;
  positions: number[];
}

/** What a committed batch leaves for the next one to be computed on (the chains it moved, the next global position), and whether it was computed ahead. */
interface AfterCommit {
  chains: Map<string, KeptChain>;
  nextPosition?: number;
  computedAhead?: ComputedAhead;
}

/** A batch computed in memory: each member's outcome, and every row its write needs. */
interface ComputedBatch {
  outcomes: (AppendResult | Error)[];
  written: { index: number; events: EventEnvelope[]; version: number }[];
  positions: number[];
  used: number;
  chains: Map<string, ChainState>;
  nodes: { logId: string; level: number; index: number; hash: Buffer }[];
  heads: { logId: string; treeSize: number; rootHash: Buffer; checkpoint: string }[];
  proofs: Map<string, InclusionProofOnTheWire>;
  /** Each institution's chain after the batch (those appended through the frontier). */
  after: Map<string, KeptChain>;
}

/**
 * The batch's one read under the lock: the streams' versions, each institution's chain head,
 * tree size and frontier (the complete subtrees of the set bits of its size, largest first;
 * null when the tree has the size this store last committed it at: the frontier it kept is that
 * tree's), and the batch's global positions.
 */
const readBatchSql = (streamIds: string, institutions: string, knownSizes: string, total: string) => `
SELECT
  (SELECT coalesce(json_agg(json_build_array(s.stream_id, s.version)), '[]'::json) FROM unnest(${streamIds}) AS x(id) JOIN streams s ON s.stream_id = x.id) AS streams,
  (SELECT coalesce(json_agg(json_build_array(l.id, h.sequence, h.head_hash, l.size, l.frontier)), '[]'::json)
     FROM (SELECT i.id, coalesce(z.size, 0) AS size,
                  CASE WHEN coalesce(z.size, 0) = i.known THEN NULL ELSE
                  (SELECT coalesce(json_agg(json_build_array(n.level, n.idx, encode(n.hash, 'hex')) ORDER BY n.level DESC), '[]'::json)
                     FROM generate_series(0, 62) AS b(level)
                     JOIN tlog_nodes n ON n.log_id = i.id AND n.level = b.level AND n.idx = (coalesce(z.size, 0) >> b.level) - 1
                    WHERE ((coalesce(z.size, 0) >> b.level) & 1) = 1) END AS frontier
             FROM unnest(${institutions}, ${knownSizes}) AS i(id, known)
             LEFT JOIN LATERAL (SELECT t.idx + 1 AS size FROM tlog_nodes t WHERE t.log_id = i.id AND t.level = 0 ORDER BY t.idx DESC LIMIT 1) z ON true) l
     LEFT JOIN chain_heads h ON h.institution_id = l.id) AS heads,
  (SELECT array_agg(nextval('events_global_position_seq')) FROM generate_series(1, ${total})) AS positions`;

const textArray = (values: string[]) => (values.length ? `ARRAY[${values.map(escapeLiteral).join(',')}]::text[]` : `'{}'::text[]`);

/** The stream versions and chain heads a write moves, from parameters $first.. $first+4. */
const headsCtes = (first: number) => `new_streams AS (
  INSERT INTO streams (stream_id, version) SELECT * FROM unnest($${first}::text[], $${first + 1}::int[])
  ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version
), new_chain_heads AS (
  INSERT INTO chain_heads (institution_id, sequence, head_hash) SELECT * FROM unnest($${first + 2}::text[], $${first + 3}::bigint[], $${first + 4}::text[])
  ON CONFLICT (institution_id) DO UPDATE SET sequence = EXCLUDED.sequence, head_hash = EXCLUDED.head_hash
)`;

/** The signed tree heads a write adds, from parameters $first.. $first+3. */
const treeHeadsCte = (first: number) => `new_heads AS (
  INSERT INTO tlog_heads (log_id, tree_size, root_hash, checkpoint) SELECT l, s, decode(r, 'hex'), c FROM unnest($${first}::text[], $${first + 1}::bigint[], $${first + 2}::text[], $${first + 3}::text[]) AS t(l, s, r, c)
)`;

/**
 * The batch's one write: every row of every member, set-based. The events with their outbox
 * rows come as one JSON array ($1, a record per event: the events columns by name, the
 * outbox message key and value), which PostgreSQL reads with json_to_recordset: one native
 * JSON.stringify in the store instead of 26 escaped text arrays; the heads and tree nodes are
 * few and come as arrays (unnest).
 */
const WRITE_BATCH_SQL = `
WITH batch AS (
  SELECT * FROM json_to_recordset($1::json) AS r(
    global_position bigint, event_id uuid, stream_id text, stream_version int, type text, schema_version int, institution_id text,
    institution_sequence bigint, actor_user_id text, actor_role text, on_behalf_of text, occurred_at timestamptz, recorded_at timestamptz,
    correlation_id uuid, causation_id uuid, case_id text, project_id text, programme_id text, payload jsonb, metadata jsonb,
    previous_hash text, hash text, signature text, key_id text, message_key text, value json)
), new_events AS (
  INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM batch
), new_outbox AS (
  INSERT INTO outbox (global_position, event_id, topic, message_key, value) SELECT global_position, event_id, $2::text, message_key, value::text FROM batch
), ${headsCtes(3)}, new_nodes AS (
  INSERT INTO tlog_nodes (log_id, level, idx, hash) SELECT l, v, i, decode(h, 'hex') FROM unnest($8::text[], $9::int[], $10::bigint[], $11::text[]) AS n(l, v, i, h)
), ${treeHeadsCte(12)}
SELECT 1 AS written`;

/** An event's row of the events table, by column name in EVENT_COLUMNS order (payload and metadata as objects). */
const eventRowOf = (e: EventEnvelope) => ({
  global_position: e.globalPosition,
  event_id: e.eventId,
  stream_id: e.streamId,
  stream_version: e.streamVersion,
  type: e.type,
  schema_version: e.schemaVersion,
  institution_id: e.institutionId,
  institution_sequence: e.institutionSequence,
  actor_user_id: e.actor.userId,
  actor_role: e.actor.role,
  on_behalf_of: e.actor.onBehalfOf ?? null,
  occurred_at: e.occurredAt,
  recorded_at: e.recordedAt,
  correlation_id: e.correlationId,
  causation_id: e.causationId,
  case_id: e.caseId,
  project_id: e.projectId,
  programme_id: e.programmeId,
  payload: e.payload,
  metadata: e.metadata,
  previous_hash: e.previousHash,
  hash: e.hash,
  signature: e.signature,
  key_id: e.keyId,
});

/** An event's record in WRITE_BATCH_SQL's JSON: its events row, with its outbox message key and value (an object: written as its JSON text). */
const batchRecordOf = (e: EventEnvelope, messageKey: string, value: object) => ({ ...eventRowOf(e), message_key: messageKey, value });

/** A value already in COPY's text form. */
class CopyText {
  constructor(readonly text: string) {}
}

/** JSON text in COPY's form: JSON.stringify escapes every control character, so only its backslashes need doubling. */
const copyJson = (json: string): CopyText => new CopyText(json.includes('\\') ? json.replaceAll('\\', '\\\\') : json);

/** The same row in COPY's form: the values in EVENT_COLUMNS order, payload and metadata as JSON text. */
const eventCopyRow = (e: EventEnvelope): unknown[] =>
  Object.entries(eventRowOf(e)).map(([column, value]) => (column === 'payload' || column === 'metadata' ? copyJson(JSON.stringify(value)) : value));

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** COPY text format: a value escaped (backslash, tab, newline, carriage return), NULL as \N. */
const copyField = (value: unknown): string => {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof CopyText) return value.text;
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : text;
};

/** Characters of COPY text sent per CopyData message: small enough to be built and encoded without large allocations. */
const COPY_BLOCK_CHARS = 32 * 1024;

/** Streams rows into `COPY ... FROM STDIN` on the transaction's connection, in blocks of about COPY_BLOCK_CHARS. */
async function copyRows(client: PgClient, sql: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const blocks = function* () {
    let block = '';
    for (const row of rows) {
      let line = copyField(row[0]);
      for (let c = 1; c < row.length; c++) line += '\t' + copyField(row[c]);
      block += line + '\n';
      if (block.length >= COPY_BLOCK_CHARS) {
        yield block;
        block = '';
      }
    }
    if (block.length > 0) yield block;
  };
  await pipeline(Readable.from(blocks()), client.query(copyFrom(sql)) as unknown as NodeJS.WritableStream);
}

/** The heads a bulk import's chunk moves (its rows go by COPY): stream versions, chain heads, the signed tree heads. */
const WRITE_HEADS_SQL = `
WITH ${headsCtes(1)}, ${treeHeadsCte(6)}
SELECT 1 AS written`;

/**
 * Runs a statement on the transaction's own pg connection, prepared under `name` (the batch's
 * statements are fixed texts: parsed and planned once per connection); through TypeORM when
 * the manager has no pg connection at hand.
 */
type PgClient = { query(config: string | object): Promise<{ rows: unknown[] } | { rows: unknown[] }[]> };
const pgClientOf = (tx: EntityManager): PgClient | undefined => {
  const client = (tx.queryRunner as { databaseConnection?: PgClient } | undefined)?.databaseConnection;
  return client && typeof client.query === 'function' ? client : undefined;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function rawQuery(tx: EntityManager, name: string | undefined, text: string, values: unknown[]): Promise<any[]> {
  const client = pgClientOf(tx);
  if (!client) return tx.query(text, values);
  return ((await client.query(name ? { name, text, values } : { text, values })) as { rows: unknown[] }).rows;
}

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
  private readonly queue: Queued[] = [];
  private queuedEvents = 0;
  private committing = false;
  private readonly maxBatchEvents: number;
  private readonly copyFromEvents: number;
  private notifyPosition = 0;
  private notifying = false;
  /**
   * Each institution's chain head and tree frontier as this store's last group commit left them:
   * the batch's read skips the frontier's nodes when the tree still has that size, and the next
   * batch is computed on them while its read is in flight (kept if the read finds them unchanged).
   */
  private readonly kept = new Map<string, KeptChain>();
  /** The global position the next batch draws first, as this store's last group commit left the sequence. */
  private nextPosition: number | undefined;
  /** Whether the next batch is computed ahead: not after a read found another writer's appends, until a read finds this store's own state again. */
  private guessing = true;
  /** Appends made in callers' transactions, by transaction: their listeners are woken when it commits. */
  private readonly awaitingCommit = new WeakMap<QueryRunner, number>();

  constructor(
    readonly dataSource: DataSource,
    private readonly options: EventStoreOptions,
  ) {
    this.keyRing = options.keyRing ?? new KeyRing();
    this.personKeys = options.personKeys ?? new PersonKeys();
    const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
    this.notifyChannel = options.notifyChannel ?? notifyChannelOf(schema);
    this.logs = new InstitutionLogs(dataSource, options.logOriginPrefix);
    this.maxBatchEvents = options.maxBatchEvents ?? 500;
    this.copyFromEvents = options.copyFromEvents ?? 40;
    // Appends in a caller's transaction (a consumer's reaction) wake the listeners once it commits.
    dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        const last = this.awaitingCommit.get(queryRunner);
        if (last === undefined || queryRunner.isTransactionActive) return; // a savepoint released: the transaction goes on
        this.awaitingCommit.delete(queryRunner);
        this.committed(last);
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.awaitingCommit.delete(queryRunner);
      },
    });
  }

  get catalogue(): EventCatalogue {
    return this.options.catalogue;
  }

  /**
   * Appends events to a stream. With `manager`, joins the caller's transaction (a consumer's
   * inbox write and its reaction events commit together); otherwise the store's group commit
   * takes it: appends that arrive while a batch commits are written together in the next one
   * (one transaction, one tree head signed per institution, one COMMIT), each checked against
   * its own expected version, and rejected alone when it fails.
   */
  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
    context: AppendContext,
    manager?: EntityManager,
  ): Promise<AppendResult> {
    if (manager) return this.appendInTransaction(manager, { streamId, events, expected, context });
    return this.appendGrouped({ streamId, events, expected, context });
  }

  /**
   * A group-committed append with a side effect that must commit with it (`within`, run in the
   * batch's transaction after the events are written: a person's key claimed, an
   * Idempotency-Key's response stored). A `within` that fails fails this append alone.
   */
  async appendGrouped(request: AppendRequest): Promise<AppendResult> {
    if (request.events.length === 0) throw new Error('append needs at least one event');
    const began = process.hrtime.bigint();
    // Only institutions whose private key this service holds (NoSigningKeyError otherwise): checked before anything is written.
    await this.keyRing.signingKeyFor(request.context.institutionId);
    // Sensitive fields are encrypted before the batch (a person's key may be created here, on its own).
    const payloads = await Promise.all(request.events.map((event) => this.protect(event, this.dataSource.manager)));
    const result = await new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, payloads, resolve, reject });
      this.queuedEvents += request.events.length;
      if (!this.committing) void this.drain();
    });
    observe(() => this.options.observer?.appended(result.events, Number(process.hrtime.bigint() - began) / 1e9));
    return result;
  }

  private async appendInTransaction(tx: EntityManager, request: AppendRequest): Promise<AppendResult> {
    if (request.events.length === 0) throw new Error('append needs at least one event');
    const began = process.hrtime.bigint();
    await this.keyRing.signingKeyFor(request.context.institutionId);
    const payloads = await Promise.all(request.events.map((event) => this.protect(event, tx)));
    let outcome: AppendResult | Error;
    try {
      [outcome] = await this.writeBatch(tx, [{ request, payloads }]);
    } catch (error) {
      throw asConflict(error);
    }
    if (outcome instanceof Error) throw outcome;
    this.wakeAfterCommitOf(tx, outcome.events[outcome.events.length - 1].globalPosition);
    observe(() => this.options.observer?.appended(outcome.events, Number(process.hrtime.bigint() - began) / 1e9));
    return outcome;
  }

  /**
   * Bulk import (backfill of an institution's history): every line of `lines` (NDJSON, see
   * ImportedLine) appended through the same write path as any append, in chunks of
   * `chunkEvents` (default 5000): each chunk is chained to the institution's hash chain, added
   * to its transparency log with one signed tree head (as one commit), and its rows streamed
   * with COPY (events, outbox with their inclusion proofs, tree nodes). The whole import is one
   * transaction holding the store's append lock: a bad line (ImportLineError, naming the line
   * and its problems) or any failure rolls everything back and hands the drawn global
   * positions back, so nothing is written and no position is skipped. Appends of the service
   * wait while it runs. The relay publishes the events in order once it commits.
   */
  async bulkImport(
    institutionId: string,
    lines: AsyncIterable<string> | Iterable<string>,
    options: { actor?: Actor; chunkEvents?: number; onProgress?: ImportProgress } = {},
  ): Promise<ImportReport> {
    // Reading starts before the first await: a source that emits as it reads (a readline over a
    // file) loses what it read before its iterator is asked for, and would then wait forever.
    const reading: AsyncIterator<string> | Iterator<string> = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
    const source = { [Symbol.asyncIterator]: () => reading } as AsyncIterable<string>;
    await this.keyRing.signingKeyFor(institutionId);
    const chunkEvents = options.chunkEvents ?? 5000;
    const actor = options.actor ?? { userId: 'bulk-import', role: 'system' };
    const correlationId = uuidv7();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const tx = runner.manager;
    let firstPosition: number | undefined;
    let lastPosition = 0;
    let events = 0;
    let read = 0;
    let signedHeads = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      await runner.query('BEGIN');
      await this.lockForAppend(tx);
      // A failure rolls back to here, keeping the lock, so the positions drawn can be handed back before the end.
      await runner.query('SAVEPOINT bulk_import');
      let chunk: Pick<Queued, 'request' | 'payloads'>[] = [];
      /** Writes a chunk (chained, signed, COPY); the lines of the next one are read and checked meanwhile. */
      const write = async (taken: Pick<Queued, 'request' | 'payloads'>[]) => {
        if (firstPosition === undefined) {
          const [{ next }] = await tx.query(`SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END AS next FROM events_global_position_seq`);
          firstPosition = Number(next);
        }
        const outcomes = await this.writeBatch(tx, taken, false, true);
        const failed = outcomes.find((outcome): outcome is Error => outcome instanceof Error);
        if (failed) throw failed;
        const written = outcomes as AppendResult[];
        events += taken.length;
        lastPosition = written[written.length - 1].events[0].globalPosition;
        signedHeads += 1;
        options.onProgress?.({ lines: read, events });
      };
      const flush = async () => {
        await writing;
        if (chunk.length === 0) return;
        const taken = chunk;
        chunk = [];
        writing = write(taken);
        // awaited by the next flush (or the final one); a failure meanwhile is not left unhandled
        writing.catch(() => undefined);
      };
      for await (const text of source) {
        read += 1;
        if (text.trim() === '') continue;
        const parsed = parseImportLine(text, read, this.catalogue);
        if (parsed instanceof ImportLineError) throw parsed;
        let payload: Record<string, unknown>;
        try {
          payload = await this.protect(parsed.event, tx);
        } catch (error) {
          throw new ImportLineError(read, [(error as Error).message]);
        }
        chunk.push({
          request: { streamId: parsed.streamId, events: [parsed.event], expected: 'any', context: { institutionId, actor: parsed.actor ?? actor, correlationId: parsed.correlationId ?? correlationId } },
          payloads: [payload],
        });
        if (chunk.length >= chunkEvents) await flush();
      }
      await flush();
      await writing;
      await runner.query('COMMIT');
    } catch (error) {
      // A chunk's write that failed meanwhile is the cause (a line read after it only met the aborted transaction).
      const writeError = await writing.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      await runner.query('ROLLBACK TO SAVEPOINT bulk_import').catch(() => undefined);
      // The lock is still held: nobody drew a position after this import's first, so the sequence goes back to it.
      if (firstPosition !== undefined) await runner.query(`SELECT setval('events_global_position_seq', $1, false)`, [firstPosition]).catch(() => undefined);
      await runner.query('ROLLBACK').catch(() => undefined);
      throw writeError ?? error;
    } finally {
      await runner.release().catch(() => undefined);
    }
    if (lastPosition > 0) this.committed(lastPosition);
    return { institutionId, events, firstPosition: firstPosition ?? 0, lastPosition, signedHeads };
  }

  /** Commits the queued appends, batch after batch, until the queue is empty (one batch in flight per store). */
  private async drain(): Promise<void> {
    this.committing = true;
    try {
      while (this.queue.length > 0) {
        const window = this.options.groupWindowMs ?? 0;
        if (window > 0 && this.queuedEvents < this.maxBatchEvents) await new Promise((resolve) => setTimeout(resolve, window));
        // Let the writers the last batch answered queue their next appends before this batch is taken.
        else await new Promise((resolve) => setImmediate(resolve));
        const batch: Queued[] = [];
        let events = 0;
        while (this.queue.length > 0 && (batch.length === 0 || events + this.queue[0].request.events.length <= this.maxBatchEvents)) {
          const next = this.queue.shift()!;
          events += next.request.events.length;
          batch.push(next);
        }
        this.queuedEvents -= events;
        await this.commitGroup(batch);
      }
    } finally {
      this.committing = false;
    }
  }

  /**
   * One batch in one transaction. A member that fails its expected version is rejected alone
   * before anything is written. Any other failure before COMMIT (a unique violation, a failing
   * `within`) rolls the batch back and each member is retried alone, so only the failing one is
   * rejected. A failure of the COMMIT itself rejects the batch (its outcome is unknown).
   */
  private async commitGroup(batch: Queued[]): Promise<void> {
    const began = process.hrtime.bigint();
    const runner = this.dataSource.createQueryRunner();
    /** What this batch leaves (chains, next position), kept once it committed. */
    const afterCommit: AfterCommit = { chains: new Map() };
    let commitSent = false;
    let outcomes: (AppendResult | Error)[];
    try {
      await runner.connect();
      const events = batch.reduce((n, member) => n + member.request.events.length, 0);
      const copy = events >= this.copyFromEvents && pgClientOf(runner.manager) !== undefined;
      // BEGIN goes out with the lock and the read (one round trip); TypeORM's transaction state is not used.
      outcomes = await this.writeBatch(runner.manager, batch, true, copy, afterCommit);
      const rows = batch.flatMap((member, i) => (outcomes[i] instanceof Error ? [] : (member.request.rows?.(outcomes[i] as AppendResult) ?? [])));
      await writeBatchedRows(rows, (statement, columns) => rawQuery(runner.manager, statement.name, statement.sql, columns));
      for (let i = 0; i < batch.length; i++) {
        const outcome = outcomes[i];
        if (!(outcome instanceof Error)) await batch[i].request.within?.(runner.manager, outcome);
      }
      commitSent = true;
      await runner.query('COMMIT');
    } catch (error) {
      this.nextPosition = undefined;
      if (!commitSent) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release().catch(() => undefined);
      if (commitSent) {
        batch.forEach((member) => member.reject(error));
      } else if (batch.length === 1) {
        batch[0].reject(asConflict(error));
      } else {
        for (const member of batch) await this.commitGroup([member]);
      }
      return;
    }
    await runner.release().catch(() => undefined);
    for (const [institutionId, chain] of afterCommit.chains) this.kept.set(institutionId, chain);
    this.nextPosition = afterCommit.nextPosition;
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    let last = 0;
    let appends = 0;
    let events = 0;
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof Error) batch[i].reject(outcome);
      else {
        last = Math.max(last, outcome.events[outcome.events.length - 1].globalPosition);
        appends += 1;
        events += outcome.events.length;
        batch[i].resolve(outcome);
      }
    });
    if (appends > 0) observe(() => this.options.observer?.committed?.({ appends, events, seconds, computedAhead: afterCommit.computedAhead ?? 'not-tried' }));
    if (last > 0) this.committed(last);
  }

  /** After a commit: wake this process's listeners at once, and the others' with one NOTIFY (coalesced, outside any append transaction). */
  private committed(lastPosition: number): void {
    wakeLocal(this.notifyChannel, lastPosition);
    if (this.options.notifyOtherProcesses === false) return;
    this.notifyPosition = Math.max(this.notifyPosition, lastPosition);
    if (this.notifying) return;
    this.notifying = true;
    void (async () => {
      try {
        let sent = 0;
        while (this.notifyPosition > sent && this.dataSource.isInitialized) {
          sent = this.notifyPosition;
          await this.dataSource.query(`SELECT pg_notify($1, $2)`, [this.notifyChannel, `${PROCESS_NOTIFY_TAG}:${sent}`]);
        }
      } catch {
        // Listeners in other processes fall back to their poll interval.
      } finally {
        this.notifying = false;
      }
    })();
  }

  /** An append in a caller's transaction wakes the listeners when that transaction commits. */
  private wakeAfterCommitOf(tx: EntityManager, lastPosition: number): void {
    const runner = tx.queryRunner;
    if (!runner || !runner.isTransactionActive) return this.committed(lastPosition);
    this.awaitingCommit.set(runner, Math.max(this.awaitingCommit.get(runner) ?? 0, lastPosition));
  }

  /**
   * Takes the store's append lock in the caller's transaction. Re-entrant within a transaction.
   * A command in a consumer's transaction takes it before it reads, so nothing is appended
   * between its read and its append; the group commit takes it for each batch.
   */
  async lockForAppend(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, [APPEND_LOCK_CLASS]);
  }

  /**
   * The critical section of a batch, in `tx`: the append lock; one read of the streams' versions,
   * the institutions' chain heads and tree frontiers, and the batch's global positions; the
   * expected-version checks, hashes, Merkle nodes, inclusion proofs and one signed tree head per
   * institution, in memory; one write of every row (events, outbox, streams, chain heads, tree
   * nodes, tree heads) with unnest, or with `copy` the events, outbox rows and tree nodes by COPY
   * and the heads in one statement. Returns each member's result, or the error that rejects it
   * alone (nothing of it written).
   */
  private async writeBatch(
    tx: EntityManager,
    members: Pick<Queued, 'request' | 'payloads'>[],
    begin = false,
    copy = false,
    afterCommit?: AfterCommit,
  ): Promise<(AppendResult | Error)[]> {
    const streamIds = [...new Set(members.map((m) => m.request.streamId))];
    const institutions = [...new Set(members.map((m) => m.request.context.institutionId))];
    const total = members.reduce((n, m) => n + m.request.events.length, 0);
    // The lock, then the read in its own statement (its snapshot is taken once the lock is held): one round trip.
    const lock = `SELECT pg_advisory_xact_lock(${APPEND_LOCK_CLASS}, hashtext(current_schema()))`;
    const knownSizes = `ARRAY[${institutions.map((id) => this.kept.get(id)?.treeSize ?? -1).join(',')}]::bigint[]`;
    const read = readBatchSql(textArray(streamIds), textArray(institutions), knownSizes, String(total));
    const client = pgClientOf(tx);
    let state: BatchState;
    let computed: ComputedBatch | undefined;
    if (client) {
      const sent = performance.now();
      const reading = client.query(`${begin ? 'BEGIN; ' : ''}${lock}; ${read}`) as Promise<{ rows: Record<string, unknown>[] }[]>;
      reading.catch(() => undefined); // awaited below; a failure meanwhile is not left unhandled
      // While the read is in flight, the batch is computed on the state this store's last commit left (assumed):
      // kept if the read finds exactly that state, computed again on what it found otherwise.
      const assumed = this.assumedState(members, institutions, total);
      const recordedAt = new Date().toISOString();
      let computing = 0;
      if (assumed && this.guessing) {
        try {
          computed = await this.compute(tx, members, institutions, assumed.state, recordedAt);
          computing = performance.now() - sent;
        } catch (error) {
          await reading.catch(() => undefined); // the transaction is rolled back by the caller once its read is answered
          throw error;
        }
      }
      const results = await reading;
      state = this.stateOf(results[results.length - 1].rows[0]);
      const found = assumed?.matches(state) ?? false;
      // Another writer in between: guess again only once a read finds this store's own state again.
      if (assumed) this.guessing = found;
      // Kept if the read found what was assumed and came back soon enough (a lock wait beyond the computation) for the batch's clock to stand.
      const kept = computed !== undefined && found && performance.now() - sent - computing <= AHEAD_CLOCK_MS;
      if (afterCommit) afterCommit.computedAhead = computed === undefined ? 'not-tried' : kept ? 'kept' : 'discarded';
      if (!kept) computed = undefined;
    } else {
      if (begin) await tx.query('BEGIN');
      await tx.query(lock);
      const [row] = await tx.query(read);
      state = this.stateOf(row);
    }
    computed ??= await this.compute(tx, members, institutions, state, new Date().toISOString());
    const { outcomes, written, positions, used, nodes, heads, proofs, chains, after } = computed;
    if (used < total) {
      // Positions drawn for rejected members go back (the lock is held: nobody drew after them), so they leave no gap.
      await rawQuery(tx, undefined, `SELECT setval('events_global_position_seq', $1, false)`, [positions[used]]);
    }
    if (afterCommit) {
      afterCommit.nextPosition = used < total ? positions[used] : positions[total - 1] + 1;
      for (const [institutionId, chain] of after) afterCommit.chains.set(institutionId, chain);
    }
    if (written.length === 0) return outcomes;

    const events = written.flatMap((w) => w.events);
    const finalVersions = new Map(written.map((w) => [members[w.index].request.streamId, w.version]));
    const finalChains = [...chains].filter(([, chain]) => chain.events.length > 0);
    /** The outbox message of an event: the envelope with its inclusion proof. */
    const messageOf = (e: EventEnvelope) => ({ ...e, proof: proofs.get(e.eventId) });
    const headColumns = [
      // streams, chain heads
      [...finalVersions.keys()],
      [...finalVersions.values()],
      finalChains.map(([id]) => id),
      finalChains.map(([, chain]) => chain.sequence),
      finalChains.map(([, chain]) => chain.head),
    ];
    const treeHeadColumns = [heads.map((h) => h.logId), heads.map((h) => h.treeSize), heads.map((h) => h.rootHash.toString('hex')), heads.map((h) => h.checkpoint)];
    if (copy) {
      // A large batch or a bulk import: the same rows streamed with COPY (events, outbox, tree nodes), the heads in one small statement.
      if (!client) throw new Error('COPY needs the pg driver\'s connection (a bulk import runs only on PostgreSQL through pg)');
      await copyRows(client, `COPY events (${EVENT_COLUMNS}) FROM STDIN`, events.map((e) => eventCopyRow(e)));
      await copyRows(client, `COPY outbox (global_position, event_id, topic, message_key, value) FROM STDIN`, events.map((e) => [e.globalPosition, e.eventId, this.options.topic, partitionKeyOf(e), copyJson(JSON.stringify(messageOf(e)))]));
      await copyRows(client, `COPY tlog_nodes (log_id, level, idx, hash) FROM STDIN`, nodes.map((n) => [n.logId, n.level, n.index, `\\x${n.hash.toString('hex')}`]));
      await rawQuery(tx, 'event-store-write-heads', WRITE_HEADS_SQL, [...headColumns, ...treeHeadColumns]);
      return outcomes;
    }
    await rawQuery(tx, 'event-store-write-batch', WRITE_BATCH_SQL, [
      // events and their outbox rows
      JSON.stringify(events.map((e) => batchRecordOf(e, partitionKeyOf(e), messageOf(e)))),
      this.options.topic,
      ...headColumns,
      // tree nodes and signed heads
      nodes.map((n) => n.logId),
      nodes.map((n) => n.level),
      nodes.map((n) => n.index),
      nodes.map((n) => n.hash.toString('hex')),
      ...treeHeadColumns,
    ]);
    return outcomes;
  }

  /** The batch's read, as a state to compute on. */
  private stateOf(row: Record<string, unknown>): BatchState {
    const versions = new Map<string, number>((row.streams as [string, number][]).map(([id, version]) => [id, Number(version)]));
    const chains = new Map<string, ChainState>(
      (row.heads as [string, number | null, string | null, number, [number, number, string][] | null][]).map(([id, sequence, head, size, frontier]) => [
        id,
        {
          sequence: sequence === null ? 0 : Number(sequence),
          head: head ?? GENESIS_HASH,
          treeSize: Number(size),
          // null: the tree has the size this store committed it at, whose frontier it kept
          frontier: frontier === null ? this.kept.get(id)!.frontier : frontier.map(([level, index, hash]) => ({ level: Number(level), index: Number(index), hash: Buffer.from(hash, 'hex') })),
          events: [],
        },
      ]),
    );
    return { versions, chains, positions: (row.positions as string[]).map(Number).sort((a, b) => a - b) };
  }

  /**
   * The state the batch would read if nothing was appended since this store's last group
   * commit: its chains and next position as that commit left them, each stream at the version
   * its first member expects. None when that is not known (an institution this store has not
   * committed for, a member expecting 'any', a failed batch before). `matches` tells whether the
   * batch's read found exactly that state (the tree at the size this store kept, hence its kept
   * frontier: the read's known size).
   */
  private assumedState(members: Pick<Queued, 'request'>[], institutions: string[], total: number): { state: BatchState; matches: (found: BatchState) => boolean } | undefined {
    const next = this.nextPosition;
    if (next === undefined) return undefined;
    const chains = new Map<string, ChainState>();
    for (const id of institutions) {
      const kept = this.kept.get(id);
      if (!kept) return undefined;
      chains.set(id, { sequence: kept.sequence, head: kept.head, treeSize: kept.treeSize, frontier: kept.frontier, events: [] });
    }
    const versions = new Map<string, number>();
    const absent = new Set<string>();
    for (const { request } of members) {
      const { streamId, expected } = request;
      if (versions.has(streamId) || absent.has(streamId)) continue;
      if (expected === 'any') return undefined;
      if (expected === 'no-stream' || expected === 0) absent.add(streamId);
      else versions.set(streamId, expected);
    }
    // The batch's computation moves the state it is given: what the read must find is copied first.
    const expectedVersions = new Map(versions);
    const expectedChains = new Map([...chains].map(([id, { sequence, head, treeSize }]) => [id, { sequence, head, treeSize }]));
    const matches = (found: BatchState): boolean =>
      found.positions.every((position, i) => position === next + i) &&
      found.versions.size === expectedVersions.size &&
      [...found.versions].every(([id, version]) => expectedVersions.get(id) === version) &&
      found.chains.size === expectedChains.size &&
      [...found.chains].every(([id, { sequence, head, treeSize }]) => {
        const chain = expectedChains.get(id);
        return chain !== undefined && sequence === chain.sequence && head === chain.head && treeSize === chain.treeSize;
      });
    return { state: { versions, chains, positions: Array.from({ length: total }, (_, i) => next + i) }, matches };
  }

  /**
   * The batch in memory, on `state`: each member checked against its expected version (rejected
   * alone), its events numbered, hashed and chained; then one signed tree head per institution,
   * the new Merkle nodes and each event's inclusion proof under that head.
   */
  private async compute(tx: EntityManager, members: Pick<Queued, 'request' | 'payloads'>[], institutions: string[], state: BatchState, recordedAt: string): Promise<ComputedBatch> {
    const { versions, chains, positions } = state;
    for (const chain of chains.values()) chain.startSequence = chain.sequence;
    const keys = new Map<string, SigningKey>();
    for (const institution of institutions) keys.set(institution, await this.keyRing.signingKeyFor(institution, new Date(recordedAt)));

    let used = 0;
    const written: { index: number; events: EventEnvelope[]; version: number }[] = [];
    const outcomes: (AppendResult | Error)[] = members.map(({ request, payloads }, index) => {
      const { streamId, events, expected, context } = request;
      const exists = versions.has(streamId);
      const current = versions.get(streamId) ?? 0;
      const matches = expected === 'any' || (expected === 'no-stream' && !exists) || (typeof expected === 'number' && expected === current);
      if (!matches) return new WrongExpectedVersionError(streamId, expected, current);
      const chain = chains.get(context.institutionId)!;
      const keyId = keys.get(context.institutionId)!.keyId;
      const stored = events.map((event, i): EventEnvelope => {
        chain.sequence += 1;
        const unsigned = {
          eventId: uuidv7(),
          type: event.type,
          schemaVersion: event.schemaVersion,
          streamId,
          streamVersion: current + i + 1,
          globalPosition: positions[used++],
          institutionId: context.institutionId,
          institutionSequence: chain.sequence,
          actor: { userId: context.actor.userId, role: context.actor.role, onBehalfOf: context.actor.onBehalfOf ?? null },
          occurredAt: new Date(event.occurredAt ?? recordedAt).toISOString(),
          recordedAt,
          correlationId: context.correlationId,
          causationId: context.causationId ?? null,
          caseId: event.caseId ?? null,
          projectId: event.projectId ?? null,
          programmeId: event.programmeId ?? null,
          payload: payloads[i],
          metadata: event.metadata ?? {},
          previousHash: chain.head,
          keyId,
        };
        const hash = hashEvent(unsigned);
        chain.head = hash;
        // No per-event signature: the commit's tree head is signed below, and each event proves its inclusion under it.
        return { ...unsigned, hash, signature: '' };
      });
      chain.events.push(...stored);
      versions.set(streamId, current + events.length);
      written.push({ index, events: stored, version: current + events.length });
      return { events: stored, nextExpectedVersion: current + events.length };
    });
    // One signed tree head per institution and batch: no event is ever committed unsigned.
    const nodes: { logId: string; level: number; index: number; hash: Buffer }[] = [];
    const heads: { logId: string; treeSize: number; rootHash: Buffer; checkpoint: string }[] = [];
    const proofs = new Map<string, InclusionProofOnTheWire>();
    const after = new Map<string, KeptChain>();
    for (const [institutionId, chain] of chains) {
      if (chain.events.length === 0) continue;
      const leaves = chain.events.map((e) => leafOfEventHash(e.hash));
      const privateKey = keys.get(institutionId)!.privateKey;
      if (chain.treeSize !== chain.startSequence) {
        // A tree behind its chain (events recorded before the transparency log) or ahead of it (tampering): the log's own path backfills or refuses.
        const head = await this.logs.commit(tx, institutionId, chain.startSequence!, leaves, privateKey);
        const wire = await this.logs.proofsOnTheWire(institutionId, chain.events.map((e) => e.institutionSequence), head, tx);
        chain.events.forEach((e, i) => proofs.set(e.eventId, wire[i]));
        continue;
      }
      const appended = appendToFrontier(chain.treeSize, chain.frontier, leaves);
      after.set(institutionId, { sequence: chain.sequence, head: chain.head, treeSize: appended.treeSize, frontier: appended.frontier });
      const origin = this.logs.originOf(institutionId);
      const checkpoint = signCheckpoint({ origin, treeSize: appended.treeSize, rootHash: appended.rootHash }, [ed25519NoteSigner(origin, privateKey)]);
      appended.newNodes.forEach((n) => nodes.push({ logId: institutionId, level: n.level, index: n.index, hash: n.hash }));
      heads.push({ logId: institutionId, treeSize: appended.treeSize, rootHash: appended.rootHash, checkpoint });
      const source = nodeSourceOf([...chain.frontier, ...appended.newNodes]);
      for (const e of chain.events) {
        const ranges = inclusionProofRanges(e.institutionSequence - 1, appended.treeSize);
        proofs.set(e.eventId, { checkpoint, leafIndex: e.institutionSequence - 1, treeSize: appended.treeSize, hashes: ranges.map((r) => hashOfRange(r, source).toString('base64')) });
      }
    }
    return { outcomes, written, positions, used, chains, nodes, heads, proofs, after };
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
