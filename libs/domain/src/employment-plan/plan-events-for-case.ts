/**
 * Plan-level Plan de Empleo events in a case's timeline (issue 16): the plans a case takes part
 * in (social services proposed the person, the employer selected them), and which of a plan's
 * own events concern the case: its opening and preparatory meetings (the plan the person works
 * in), the start assembly only when the person attended, shown with this case alone among the
 * attendees (the others' participation is theirs). Pure: the services read the plan streams.
 */
interface PlanEvent {
  type: string;
  streamId: string;
  payload: Record<string, unknown>;
}

const PLAN_STREAM = /^employment-plan-(.+)$/;

/** The plan streams (employment-plan-<planId>) a case's own events name. */
export function planStreamsOfCase(caseEvents: PlanEvent[]): string[] {
  const plans = caseEvents
    .filter((e) => e.type === 'employment-plan.candidate-proposed' || e.type === 'employment-plan.person-selected')
    .map((e) => `employment-plan-${e.payload.planId as string}`);
  return [...new Set(plans)].sort();
}

/** A plan event as the case's timeline shows it, or null when it does not concern the case. */
export function planEventForCase<E extends PlanEvent>(event: E, caseId: string): E | null {
  if (!PLAN_STREAM.test(event.streamId)) return null;
  switch (event.type) {
    case 'employment-plan.opened':
    case 'employment-plan.preparatory-meeting-held':
      return event;
    case 'employment-plan.start-assembly-held': {
      const attending = event.payload.attendingCases as string[] | undefined;
      return attending?.includes(caseId) ? { ...event, payload: { ...event.payload, attendingCases: [caseId] } } : null;
    }
    default:
      return null; // selections of other people, and anything else, are theirs
  }
}
