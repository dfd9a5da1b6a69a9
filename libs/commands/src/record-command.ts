import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { Aggregate } from '@inclusion/domain';
import { EntityManager } from 'typeorm';
import { CommandResult, CommandRunner } from './command-runner';
import { RequestContext } from '@inclusion/access';

export interface RecordOptions<S, K> {
  /** Reads what the aggregate needs from outside its stream (its `K`), in the command's transaction, after the stream is folded. */
  knowledge?: (tx: EntityManager, state: S) => Promise<K>;
  /** A side effect that must commit with the events (a person's key claimed or destroyed), run after they are appended. */
  recorded?: (tx: EntityManager) => Promise<void>;
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

/** Runs any aggregate's decider: fold, knowledge, access, expected version, decide, append. */
@CommandHandler(RecordCommand)
export class RecordCommandHandler implements ICommandHandler<RecordCommand> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  execute<S, C extends { type: string }, K>({ aggregate, id, command, context, body, options }: RecordCommand<S, C, K>): Promise<CommandResult> {
    let knowledge = undefined as K;
    return this.runner.run<S>({
      streamId: aggregate.streamOf(id, this.config.serviceName),
      context,
      body,
      initial: aggregate.initial,
      evolve: aggregate.evolve,
      authorize: async (state, meta, tx) => {
        if (options.knowledge) knowledge = await options.knowledge(tx, state);
        aggregate.authorize(command, state, meta, knowledge);
      },
      decide: (state, meta) => aggregate.decide(command, state, meta, knowledge),
      concerns: (state) => aggregate.concerns(id, command, state, knowledge),
      recorded: options.recorded,
      tx: options.reaction?.tx,
      causationId: options.reaction?.causationId,
    });
  }
}
