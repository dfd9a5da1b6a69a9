import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, INSTITUTION_KINDS } from '@inclusion/contracts';
import { evolveReferral, fold, initialReferral, perService, ReferralState } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from '@inclusion/commands';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { EntityManager } from 'typeorm';
import { byRecordingOrder } from '../knowledge/case-knowledge';
import { ForeignEvents } from '../knowledge/foreign-events';

/** A referral as this service knows it: its own stream of it and those received from the other services (the sender's, the addressee's). */
@Injectable()
export class ReferralKnowledge {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  async events(referralId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const others = INSTITUTION_KINDS.filter((kind) => kind !== this.config.serviceName).map((kind) => perService(`referral-${referralId}`, kind));
    const [own, received] = await Promise.all([this.store.readStream(perService(`referral-${referralId}`, this.config.serviceName), 1, { manager }), this.foreign.forStreams(others, manager)]);
    return [...own, ...received].sort(byRecordingOrder);
  }

  async view(referralId: string, manager?: EntityManager): Promise<ReferralState> {
    return fold(evolveReferral, initialReferral(), (await this.events(referralId, manager)).map(toRecorded));
  }
}
