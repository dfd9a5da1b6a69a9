import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@inclusion/contracts';
import { CaseView, evolveCase, fold, initialCaseView } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from '@inclusion/platform';
import { EntityManager } from 'typeorm';
import { ForeignEvents } from './foreign-events';

/** Orders a case's events from several institutions: by recording time, then event id (UUID v7). */
export const byRecordingOrder = (a: EventEnvelope, b: EventEnvelope) =>
  a.recordedAt.localeCompare(b.recordedAt) || a.eventId.localeCompare(b.eventId);

/**
 * What this service knows of a case: its own events about the case plus those it received
 * from the other institutions, in recording order. Folded with the same evolve everywhere.
 */
@Injectable()
export class CaseKnowledge {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
  ) {}

  async timeline(caseId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const [own, received] = await Promise.all([this.store.readByCase(caseId, manager), this.foreign.forCase(caseId, manager)]);
    return [...own, ...received].sort(byRecordingOrder);
  }

  async view(caseId: string, manager?: EntityManager): Promise<CaseView> {
    return fold(evolveCase, initialCaseView(), (await this.timeline(caseId, manager)).map(toRecorded));
  }
}
