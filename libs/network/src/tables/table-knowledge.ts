import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@inclusion/contracts';
import { evolveTable, fold, initialTable, TableState } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from '@inclusion/platform';
import { EntityManager } from 'typeorm';
import { byRecordingOrder } from '../knowledge/case-knowledge';
import { ForeignEvents } from '../knowledge/foreign-events';

/**
 * A table as this service knows it: each member records its own facts (attendance, actions
 * completed, decisions) at its own service, in a stream named after the table; the view folds
 * this service's events and those received from the other members, in recording order.
 */
@Injectable()
export class TableKnowledge {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
  ) {}

  async events(tableId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const streamId = `table-${tableId}`;
    const [own, received] = await Promise.all([this.store.readStream(streamId, 1, { manager }), this.foreign.forStream(streamId, manager)]);
    return [...own, ...received].sort(byRecordingOrder);
  }

  /** The version of this service's own stream of the table (what X-Expected-Version is checked against). */
  version(tableId: string): Promise<number> {
    return this.store.streamVersion(`table-${tableId}`);
  }

  async view(tableId: string, manager?: EntityManager): Promise<TableState> {
    return fold(evolveTable, initialTable(), (await this.events(tableId, manager)).map(toRecorded));
  }
}
