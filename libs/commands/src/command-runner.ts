import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { CommandMeta, Concerns, DomainEvent, Evolve, fold, RecordedEvent } from '@inclusion/domain';
import { canonicalJson, EventStore, WrongExpectedVersionError } from '@inclusion/event-store';
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

/**
 * The command loop, in one transaction under the store's append lock: idempotency check,
 * read the stream, fold, access check, expected version check, decide, append (events + outbox), remember
 * the response for the idempotency key. A rule violation writes nothing.
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
    let replayed = false;
    const requestHash = createHash('sha256').update(`${context.method} ${context.path} ${canonicalJson(command.body ?? null)}`).digest('hex');
    const inTransaction = async (tx: EntityManager): Promise<CommandResult> => {
      await this.store.lockForAppend(tx);
      if (context.idempotencyKey) {
        const [seen] = await tx.query(`SELECT request_hash, response FROM idempotency_keys WHERE institution_id = $1 AND key = $2`, [context.institutionId, context.idempotencyKey]);
        if (seen) {
          if (seen.request_hash !== requestHash) {
            throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'IDEMPOTENCY.KEY_REUSED', message: 'this Idempotency-Key was used for a different request' });
          }
          replayed = true;
          return seen.response as CommandResult;
        }
      }
      const history = await this.store.readStream(command.streamId, 1, { manager: tx });
      const current = history.length ? history[history.length - 1].streamVersion : 0;
      const state = fold(command.evolve, command.initial(), history.map(toRecorded));
      const meta: CommandMeta = { institutionId: context.institutionId, actor: context.actor, now: new Date().toISOString() };
      // Access first, always: the version check would tell a stranger that the stream exists.
      await command.authorize?.(state, meta, tx);
      if (context.expectedVersion !== undefined && context.expectedVersion !== current) {
        throw new WrongExpectedVersionError(command.streamId, context.expectedVersion, current);
      }
      const decided = command.decide(state, meta);
      let result: CommandResult = { streamId: command.streamId, version: current, events: [] };
      if (decided.length > 0) {
        const concerns = typeof command.concerns === 'function' ? command.concerns(state) : (command.concerns ?? {});
        const appended = await this.store.append(
          command.streamId,
          decided.map((event) => ({
            type: event.type,
            schemaVersion: this.store.catalogue.latestVersion(event.type) ?? 1,
            payload: event.data,
            caseId: concerns.caseId ?? null,
            projectId: concerns.projectId ?? null,
            programmeId: concerns.programmeId ?? null,
            personId: concerns.personId ?? null,
          })),
          current === 0 ? 'no-stream' : current,
          { institutionId: context.institutionId, actor: context.actor, correlationId: context.correlationId, causationId: command.causationId ?? null },
          tx,
        );
        result = { streamId: command.streamId, version: appended.nextExpectedVersion, events: appended.events };
        await command.recorded?.(tx);
      }
      if (context.idempotencyKey) {
        await tx.query(`INSERT INTO idempotency_keys (institution_id, key, request_hash, response) VALUES ($1, $2, $3, $4)`, [
          context.institutionId,
          context.idempotencyKey,
          requestHash,
          JSON.stringify(result),
        ]);
      }
      return result;
    };
    const result = await (command.tx ? inTransaction(command.tx) : this.dataSource.transaction(inTransaction));
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
}
