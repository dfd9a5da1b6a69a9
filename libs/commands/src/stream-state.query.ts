import { Inject, Injectable } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Aggregate, fold } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from './command-runner';

export interface StreamState<S> {
  state: S;
  /** The stream's version: send it as X-Expected-Version. */
  version: number;
}

/** The read side's one question about an aggregate: its folded state and version in this service's store. */
export class StreamStateQuery<S = unknown> extends Query<StreamState<S>> {
  constructor(
    readonly aggregate: Pick<Aggregate<S, { type: string }, unknown>, 'streamOf' | 'initial' | 'evolve'>,
    readonly id: string,
  ) {
    super();
  }
}

@Injectable()
@QueryHandler(StreamStateQuery)
export class StreamStateQueryHandler implements IQueryHandler<StreamStateQuery> {
  constructor(
    private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  async execute<S>({ aggregate, id }: StreamStateQuery<S>): Promise<StreamState<S>> {
    const events = await this.store.readStream(aggregate.streamOf(id, this.config.serviceName));
    return { state: fold(aggregate.evolve, aggregate.initial(), events.map(toRecorded)), version: events.length ? events[events.length - 1].streamVersion : 0 };
  }
}
