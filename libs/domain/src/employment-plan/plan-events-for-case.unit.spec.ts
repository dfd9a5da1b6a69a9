import { planEventForCase, planStreamsOfCase } from './plan-events-for-case';

/** Plan-level Plan de Empleo events in a case's timeline: given the case's events and a plan's, then what the timeline shows. */
describe("plan-level Plan de Empleo events in a case's timeline", () => {
  const planEvent = (type: string, payload: Record<string, unknown> = {}, streamId = 'employment-plan-pe-1') => ({ type, streamId, payload });

  it('given a proposal and a selection, the case takes part in their plans (once each)', () =>
    expect(
      planStreamsOfCase([
        planEvent('employment-plan.candidate-proposed', { planId: 'pe-1' }, 'case-c1'),
        planEvent('employment-plan.person-selected', { planId: 'pe-1', caseId: 'c1' }),
        planEvent('case.opened', { planId: 'pe-9' }, 'case-c1'),
      ]),
    ).toEqual(['employment-plan-pe-1']));

  it("shows the plan's opening and preparatory meetings", () => {
    expect(planEventForCase(planEvent('employment-plan.opened', { name: 'x' }), 'c1')).toEqual(planEvent('employment-plan.opened', { name: 'x' }));
    expect(planEventForCase(planEvent('employment-plan.preparatory-meeting-held', { meetingId: 'm1' }), 'c1')).not.toBeNull();
  });

  it('shows the start assembly only to a case that attended, with no other attendee', () => {
    const assembly = planEvent('employment-plan.start-assembly-held', { assemblyId: 'a1', attendingCases: ['c1', 'c2', 'c3'] });
    expect(planEventForCase(assembly, 'c2')).toEqual({ ...assembly, payload: { assemblyId: 'a1', attendingCases: ['c2'] } });
    expect(planEventForCase(assembly, 'c9')).toBeNull();
  });

  it("never shows another person's selection, nor events of other streams", () => {
    expect(planEventForCase(planEvent('employment-plan.person-selected', { caseId: 'c2' }), 'c1')).toBeNull();
    expect(planEventForCase(planEvent('employment-plan.opened', {}, 'programme-pe-1'), 'c1')).toBeNull();
  });
});
