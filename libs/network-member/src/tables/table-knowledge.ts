import { Inject, Injectable } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { EventEnvelope, INSTITUTION_KINDS } from '@inclusion/contracts';
import { evolveTable, fold, initialTable, perService, TableState } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from '@inclusion/commands';
import { EntityManager } from 'typeorm';
import { byRecordingOrder } from '../knowledge/case-knowledge';
import { ForeignEvents } from '../knowledge/foreign-events';

/**
 * A table as this service knows it: each member records its own facts (attendance, actions
 * completed, decisions) at its own service, in its stream `table-<id>@<service>`; the view
 * folds this service's stream and those received from the other members' services (and a
 * stream recorded before streams were named per service, `table-<id>`), in recording order.
 */
@Injectable()
export class TableKnowledge {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  private ownStream(tableId: string): string {
    return perService(`table-${tableId}`, this.config.serviceName);
  }

  async events(tableId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const legacy = `table-${tableId}`;
    const others = INSTITUTION_KINDS.filter((kind) => kind !== this.config.serviceName).map((kind) => perService(legacy, kind));
    const [own, ownLegacy, received] = await Promise.all([
      this.store.readStream(this.ownStream(tableId), 1, { manager }),
      this.store.readStream(legacy, 1, { manager }),
      this.foreign.forStreams([legacy, ...others], manager),
    ]);
    return [...ownLegacy, ...own, ...received].sort(byRecordingOrder);
  }

  /** The version of this service's own stream of the table (what X-Expected-Version is checked against). */
  version(tableId: string): Promise<number> {
    return this.store.streamVersion(this.ownStream(tableId));
  }

  async view(tableId: string, manager?: EntityManager): Promise<TableState> {
    return fold(evolveTable, initialTable(), (await this.events(tableId, manager)).map(toRecorded));
  }
}
