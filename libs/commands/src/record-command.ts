import { Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { forbidden } from '@inclusion/domain';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { Aggregate } from '@inclusion/domain';
import { EntityManager } from 'typeorm';
import { BatchedRow } from '@inclusion/event-store';
import { CommandResult, CommandRunner } from './command-runner';
import { RequestContext } from '@inclusion/access';
import { REPRESENTATION_CHECK, RepresentationCheck } from './representation';

export interface RecordOptions<S, K> {
  /** Reads what the aggregate needs from outside its stream (its `K`), in the command's transaction, after the stream is folded. */
  knowledge?: (tx: EntityManager, state: S) => Promise<K>;
  /** A side effect that must commit with the events (a person's key destroyed), run after they are appended. */
  recorded?: (tx: EntityManager) => Promise<void>;
  /** Rows that must commit with the events (a person's key claimed), written with the rest of the group-committed batch. */
  recordedRows?: BatchedRow[];
  /** A reaction joins the consumer's transaction (with its inbox row) and names its cause. */
  reaction?: { tx: EntityManager; causationId: string };
}

/**
 * The one command of the write side: record what an aggregate decides for a command. Every
 * controller (and reaction) dispatches it on the CommandBus; RecordCommandHandler runs it
 * through the transactional command loop.
 */
export class RecordCommand<S = unknown, C extends { type: string } = { type: string }, K = unknown> extends Command<CommandResult> {
  constructor(
    readonly aggregate: Aggregate<S, C, K>,
    readonly id: string,
    readonly command: C,
    readonly context: RequestContext,
    readonly body: unknown,
    readonly options: RecordOptions<S, K> = {},
  ) {
    super();
  }
}

/**
 * Runs any aggregate's decider: representation (a command sent on behalf of another institution
 * needs its mandate), fold, knowledge, access, expected version, decide, append.
 */
@CommandHandler(RecordCommand)
export class RecordCommandHandler implements ICommandHandler<RecordCommand> {
  private representation?: RepresentationCheck | null;

  constructor(
    private readonly runner: CommandRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The network member's mandate check, found once; none registered: every representation is refused. */
  private representationCheck(): RepresentationCheck | null {
    if (this.representation === undefined) {
      try {
        this.representation = this.moduleRef.get<RepresentationCheck>(REPRESENTATION_CHECK, { strict: false });
      } catch {
        this.representation = null;
      }
    }
    return this.representation;
  }

  execute<S, C extends { type: string }, K>({ aggregate, id, command, context, body, options }: RecordCommand<S, C, K>): Promise<CommandResult> {
    let knowledge = undefined as K;
    return this.runner.run<S>({
      streamId: aggregate.streamOf(id, this.config.serviceName),
      context,
      body,
      initial: aggregate.initial,
      evolve: aggregate.evolve,
      authorize: async (state, meta, tx) => {
        const grantor = meta.actor.onBehalfOf;
        if (grantor && grantor !== meta.institutionId) {
          const check = this.representationCheck();
          if (!check) throw forbidden('MANDATE.NONE', `${meta.institutionId} acts on behalf of ${grantor} but this service checks no mandates`);
          await check.assertMayActFor({ agent: meta.institutionId, grantor, day: meta.now.slice(0, 10) }, tx);
        }
        if (options.knowledge) knowledge = await options.knowledge(tx, state);
        aggregate.authorize(command, state, meta, knowledge);
      },
      decide: (state, meta) => aggregate.decide(command, state, meta, knowledge),
      concerns: (state) => aggregate.concerns(id, command, state, knowledge),
      recorded: options.recorded,
      recordedRows: options.recordedRows,
      tx: options.reaction?.tx,
      causationId: options.reaction?.causationId,
    });
  }
}
