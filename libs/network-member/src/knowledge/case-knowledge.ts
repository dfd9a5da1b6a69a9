import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@inclusion/contracts';
import { CaseView, evolveCase, evolveRiskInputs, fold, initialCaseView, initialRiskInputs, planEventForCase, planStreamsOfCase, RiskInputs } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { toRecorded } from '@inclusion/commands';
import { EntityManager } from 'typeorm';
import { causalOrder } from './causal-order';
import { ForeignEvents } from './foreign-events';

// The ordering is exported with the case knowledge (apps order the delegation's trails with it).
export { causalOrder, causalPage } from './causal-order';
export type { CausalLink } from './causal-order';

/** Orders a case's events from several institutions: by recording time, then event id (UUID v7). */
export const byRecordingOrder = (a: EventEnvelope, b: EventEnvelope) =>
  a.recordedAt.localeCompare(b.recordedAt) || a.eventId.localeCompare(b.eventId);

/**
 * What this service knows of a case: its own events about the case plus those it received
 * from the other institutions, in causal order: recording order, except that an event never
 * comes before the event named by its causationId (institutions' clocks differ: a reaction
 * can carry an earlier recording time than its cause). Folded with the same evolve everywhere.
 */
@Injectable()
export class CaseKnowledge {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
  ) {}

  async timeline(caseId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const [own, received] = await Promise.all([this.store.readByCase(caseId, manager), this.foreign.forCase(caseId, manager)]);
    return causalOrder([...own, ...received].sort(byRecordingOrder));
  }

  /**
   * The case's timeline as readers see it: its events, and the plan-level Plan de Empleo events
   * that concern it (the plan it takes part in: opening, preparatory meetings, the start assembly
   * it attended), from this service's own store and what it received (planEventForCase).
   */
  async timelineWithPlans(caseId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    const events = await this.timeline(caseId, manager);
    const plans = planStreamsOfCase(events);
    if (plans.length === 0) return events;
    const [own, received] = await Promise.all([Promise.all(plans.map((stream) => this.store.readStream(stream, 1, { manager }))), this.foreign.forStreams(plans, manager)]);
    const known = new Set(events.map((e) => e.eventId));
    const planEvents = [...own.flat(), ...received].filter((e) => !known.has(e.eventId) && known.add(e.eventId)).map((e) => planEventForCase(e, caseId)).filter((e): e is EventEnvelope => e !== null);
    return causalOrder([...events, ...planEvents].sort(byRecordingOrder));
  }

  async view(caseId: string, manager?: EntityManager): Promise<CaseView> {
    return this.viewOf(await this.timeline(caseId, manager));
  }

  /** The case folded from a timeline already read (see `timeline`). */
  viewOf(timeline: EventEnvelope[]): CaseView {
    return fold(evolveCase, initialCaseView(), timeline.map(toRecorded));
  }

  /** The case as this service knows it and the facts its risk of chronification reads, from one read of its timeline (or the one given). */
  async viewWithRisk(caseId: string, manager?: EntityManager, timeline?: EventEnvelope[]): Promise<{ view: CaseView; riskInputs: RiskInputs }> {
    const events = (timeline ?? (await this.timeline(caseId, manager))).map(toRecorded);
    return { view: fold(evolveCase, initialCaseView(), events), riskInputs: fold(evolveRiskInputs, initialRiskInputs(), events) };
  }
}
