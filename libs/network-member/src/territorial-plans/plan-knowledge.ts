import { Inject, Injectable } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { EventEnvelope, INSTITUTION_KINDS } from '@inclusion/contracts';
import { evolvePlan, fold, initialPlan, perService, PlanState } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from '@inclusion/commands';
import { EntityManager } from 'typeorm';
import { byRecordingOrder } from '../knowledge/case-knowledge';
import { ForeignEvents } from '../knowledge/foreign-events';

/**
 * A territorial plan as this service knows it: the lead records the plan at its own service and
 * each partner records its findings at its own, in `territorial-plan-<id>@<service>`; the view
 * folds this service's stream and those received from the others, in recording order (what
 * counts is the access policy's planFactCounts, applied by evolvePlan).
 */
@Injectable()
export class PlanKnowledge {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  ownStream(planId: string): string {
    return perService(`territorial-plan-${planId}`, this.config.serviceName);
  }

  async events(planId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const others = INSTITUTION_KINDS.filter((kind) => kind !== this.config.serviceName).map((kind) => perService(`territorial-plan-${planId}`, kind));
    const [own, received] = await Promise.all([this.store.readStream(this.ownStream(planId), 1, { manager }), this.foreign.forStreams(others, manager)]);
    return [...own, ...received].sort(byRecordingOrder);
  }

  /** The version of this service's own stream of the plan (what X-Expected-Version is checked against). */
  version(planId: string): Promise<number> {
    return this.store.streamVersion(this.ownStream(planId));
  }

  async view(planId: string, manager?: EntityManager): Promise<PlanState> {
    return fold(evolvePlan, initialPlan(), (await this.events(planId, manager)).map(toRecorded));
  }

  /** Whether the plan is led from this service (its creation is in this service's own stream). */
  async ledHere(planId: string, plan: PlanState, manager?: EntityManager): Promise<boolean> {
    if (!plan.exists) return false;
    const own = await this.store.readStream(this.ownStream(planId), 1, { manager });
    return own.some((e) => e.type === 'territorial-plan.created' && e.institutionId === plan.lead);
  }
}
