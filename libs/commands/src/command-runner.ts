import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { CommandMeta, Concerns, DomainEvent, Evolve, fold, RecordedEvent } from '@inclusion/domain';
import { asConflict, BatchedRow, canonicalJson, ConflictingWriteError, EventStore, RowsStatement, WrongExpectedVersionError, writeRowsIn } from '@inclusion/event-store';
import { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@inclusion/database';
import { RequestContext } from '@inclusion/access';

export interface CommandResult {
  streamId: string;
  /** The stream's version after the command: send it as X-Expected-Version next time. */
  version: number;
  events: EventEnvelope[];
}

export interface RunCommand<S> {
  streamId: string;
  context: RequestContext;
  /** The request body, for the idempotency check (same key, different body: 409). */
  body: unknown;
  initial: () => S;
  evolve: Evolve<S>;
  /**
   * The access check (access-policy.ts), on the folded stream, before anything else is
   * answered: a caller with no access learns nothing, not even the stream's version.
   */
  authorize?: (state: S, meta: CommandMeta, tx: EntityManager) => void | Promise<void>;
  /** Decides on the folded stream (what else it needs was read by `authorize`, in the same transaction). */
  decide: (state: S, meta: CommandMeta) => DomainEvent[];
  /** Runs in the transaction after the events are appended: a side effect that must commit with them. */
  recorded?: (tx: EntityManager) => Promise<void>;
  /** Rows that must commit with the events (a person's key claimed), written with the rest of the group-committed batch. */
  recordedRows?: BatchedRow[];
  /** The case/project/programme the events concern (their Kafka key); may depend on the state. */
  concerns?: Concerns | ((state: S) => Concerns);
  causationId?: string | null;
  /** Join this transaction (a consumer's reaction commits with its inbox row) instead of opening one. */
  tx?: EntityManager;
}

export type { Concerns };

export const toRecorded = (event: EventEnvelope): RecordedEvent => ({
  type: event.type,
  data: event.payload,
  eventId: event.eventId,
  institutionId: event.institutionId,
  occurredAt: event.occurredAt,
  caseId: event.caseId,
});

/** How often a command is decided again when a concurrent write got in between its read and its append. */
const MAX_ATTEMPTS = 10;

/**
 * The command loop. Read, fold, access check, expected version check and decide run outside
 * any lock (on the committed state); the events are then group-committed with the stream's
 * version read as the expected version, together with the `recorded` side effect and the
 * response stored under the Idempotency-Key. When another write got in between (the stream
 * moved on, or a rule the database enforces, such as one open case per person, or the same
 * Idempotency-Key, was taken concurrently), nothing was written and the command runs again on
 * the new state. A rule violation writes nothing. A command joining a consumer's transaction
 * (`tx`: a reaction) runs in it: read and decided without the append lock, appended under it,
 * decided once more under the lock if the stream moved on in between.
 */
@Injectable()
export class CommandRunner {
  private readonly logger = new Logger(CommandRunner.name);

  constructor(
    private readonly store: EventStore,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async run<S>(command: RunCommand<S>): Promise<CommandResult> {
    const { context } = command;
    // Hashed only when there is a key to hold it against (same key, different request: 409).
    const requestHash = context.idempotencyKey ? createHash('sha256').update(`${context.method} ${context.path} ${canonicalJson(command.body ?? null)}`).digest('hex') : '';
    let outcome: { result: CommandResult; replayed: boolean } | undefined;
    if (command.tx) {
      // A reaction reads and decides without the store's append lock, so one that records
      // nothing (most do) never holds up the service's appends. Its append takes the lock and
      // checks the stream's version under it; if the stream moved on meanwhile, the lock is now
      // held and the second pass reads and decides on the state nobody can change any more.
      try {
        outcome = await this.attempt(command, requestHash, command.tx);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || context.expectedVersion !== undefined) throw error;
        outcome = await this.attempt(command, requestHash, command.tx);
      }
    } else {
      for (let attempt = 1; !outcome; attempt++) {
        try {
          outcome = await this.attempt(command, requestHash);
        } catch (error) {
          if (!(error instanceof RetryCommand)) throw error;
          if (attempt >= MAX_ATTEMPTS) {
            throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'STREAM.CONTENDED', message: `the command met a concurrent write ${MAX_ATTEMPTS} times in a row: send it again` });
          }
        }
      }
    }
    const { result, replayed } = outcome;
    // Debug level: the request line already says that the command was answered. This one says
    // what it recorded; like every line written while a request is handled, it carries the
    // request's correlation id.
    this.logger.debug({
      message: replayed ? 'command replayed (Idempotency-Key seen before): nothing recorded' : 'command recorded',
      command: `${context.method} ${context.path}`,
      streamId: result.streamId,
      version: result.version,
      events: result.events.map((event) => event.type),
    });
    return result;
  }

  /**
   * One pass of the loop. With `tx` (a reaction) everything happens in it, the append under the lock and
   * checked against the version read; without, it reads the committed state and group-commits what it decided, and throws
   * RetryCommand when a concurrent write got in between.
   */
  private async attempt<S>(command: RunCommand<S>, requestHash: string, tx?: EntityManager): Promise<{ result: CommandResult; replayed: boolean }> {
    const { context } = command;
    const reader = tx ?? this.dataSource.manager;
    if (context.idempotencyKey) {
      const [seen] = await reader.query(`SELECT request_hash, response FROM idempotency_keys WHERE institution_id = $1 AND key = $2`, [context.institutionId, context.idempotencyKey]);
      if (seen) {
        if (seen.request_hash !== requestHash) {
          throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'IDEMPOTENCY.KEY_REUSED', message: 'this Idempotency-Key was used for a different request' });
        }
        return { result: seen.response as CommandResult, replayed: true };
      }
    }
    const history = await this.store.readStream(command.streamId, 1, { manager: reader });
    const current = history.length ? history[history.length - 1].streamVersion : 0;
    const state = fold(command.evolve, command.initial(), history.map(toRecorded));
    const meta: CommandMeta = { institutionId: context.institutionId, actor: context.actor, now: new Date().toISOString() };
    // Access first, always: the version check would tell a stranger that the stream exists.
    await command.authorize?.(state, meta, reader);
    if (context.expectedVersion !== undefined && context.expectedVersion !== current) {
      throw new WrongExpectedVersionError(command.streamId, context.expectedVersion, current);
    }
    const decided = command.decide(state, meta);
    /** The answer kept under the Idempotency-Key, if any. */
    const answerOf = (result: CommandResult): BatchedRow[] =>
      context.idempotencyKey ? [{ statement: IDEMPOTENCY_ROWS, values: [context.institutionId, context.idempotencyKey, requestHash, JSON.stringify(result)] }] : [];
    /** The rows that commit with the events: the command's own, and the answer. */
    const rowsOf = (result: CommandResult): BatchedRow[] => [...(command.recordedRows ?? []), ...answerOf(result)];
    if (decided.length === 0) {
      // nothing recorded: only the answer is kept
      const result: CommandResult = { streamId: command.streamId, version: current, events: [] };
      await this.retryOnConflict(() => writeRowsIn(reader, answerOf(result)), !tx);
      return { result, replayed: false };
    }
    const concerns = typeof command.concerns === 'function' ? command.concerns(state) : (command.concerns ?? {});
    const events = decided.map((event) => ({
      type: event.type,
      schemaVersion: this.store.catalogue.latestVersion(event.type) ?? 1,
      payload: event.data,
      caseId: concerns.caseId ?? null,
      projectId: concerns.projectId ?? null,
      programmeId: concerns.programmeId ?? null,
      personId: concerns.personId ?? null,
    }));
    const expected = current === 0 ? 'no-stream' : current;
    const appendContext = { institutionId: context.institutionId, actor: context.actor, correlationId: context.correlationId, causationId: command.causationId ?? null };
    const resultOf = (appended: { events: EventEnvelope[]; nextExpectedVersion: number }): CommandResult => ({ streamId: command.streamId, version: appended.nextExpectedVersion, events: appended.events });
    if (tx) {
      const result = resultOf(await this.store.append(command.streamId, events, expected, appendContext, tx));
      await writeRowsIn(tx, rowsOf(result));
      await command.recorded?.(tx);
      return { result, replayed: false };
    }
    const appended = await this.retryOnConflict(
      () =>
        this.store.appendGrouped({
          streamId: command.streamId,
          events,
          expected,
          context: appendContext,
          rows: (appended) => rowsOf(resultOf(appended)),
          within: command.recorded,
        }),
      true,
    );
    return { result: resultOf(appended), replayed: false };
  }

  /** A write that met a concurrent one (the stream moved on since it was read, a unique rule taken meanwhile) asks for the command to run again. */
  private async retryOnConflict<T>(write: () => Promise<T>, retry: boolean): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const conflict = asConflict(error);
      if (retry && (conflict instanceof WrongExpectedVersionError || conflict instanceof ConflictingWriteError)) throw new RetryCommand();
      throw conflict;
    }
  }
}

/** Answers kept under their Idempotency-Key, many in one statement (a batch's). */
const IDEMPOTENCY_ROWS: RowsStatement = {
  name: 'idempotency-keys-remember',
  sql: `INSERT INTO idempotency_keys (institution_id, key, request_hash, response) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
};

/** Thrown inside the loop: decide again on the new state. */
class RetryCommand extends Error {}
