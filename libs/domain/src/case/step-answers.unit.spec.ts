import { decideCase, decideStep } from './case.decide';
import { CaseCommand, StepCommand } from './case.commands';
import { evolveCase, initialCaseView } from './case-view';
import { fold } from '../shared/decider';
import { meta, recorded, spec } from '../shared/given-when-then.testing';

/** Joint itinerary design (seeds/001 "Diseño conjunto de itinerarios"): the institution given a step answers it; social services decide on a proposed change. */
const SS = 'ss-albacete';
const EO = 'eo-albacete';
const stepSpec = spec(evolveCase, initialCaseView, (c: StepCommand, s, m) => decideStep(c, s, m));
/** Social services decide with their own case stream plus what they received (`known`): the proposal is the institution's event. */
const decisionSpec = (...received: ReturnType<typeof recorded>[]) =>
  spec(evolveCase, initialCaseView, (c: CaseCommand, s, m) =>
    decideCase(c.type === 'AcceptStepChange' || c.type === 'RefuseStepChange' ? { ...c, known: fold(evolveCase, s, received) } : c, s, m),
  );

const opened = recorded({ type: 'case.opened', data: { personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: [] } }, SS);
const designed = recorded(
  { type: 'itinerary.designed', data: { itineraryId: 'it-1', steps: [{ stepId: 's1', kind: 'training', responsibleInstitution: EO, plannedStart: '2026-02-01', plannedEnd: '2026-04-30' }] } },
  SS,
);
const ids = { itineraryId: 'it-1', stepId: 's1' };
const change = { plannedStart: '2026-03-01', plannedEnd: '2026-05-31', description: 'evening course: the person works mornings' };
const accepted = recorded({ type: 'itinerary.step-accepted', data: { ...ids, acceptedOn: '2026-01-25' } }, EO);
const declined = recorded({ type: 'itinerary.step-declined', data: { ...ids, declinedOn: '2026-01-25', reason: 'no places left in the course' } }, EO);
const proposed = recorded({ type: 'itinerary.step-change-proposed', data: { ...ids, proposalId: 'ch-1', proposedOn: '2026-01-25', reason: 'next course starts in March', change } }, EO);
const view = (...events: ReturnType<typeof recorded>[]) => fold(evolveCase, initialCaseView(), [opened, designed, ...events]);
const stepOf = (...events: ReturnType<typeof recorded>[]) => view(...events).itinerary!.steps[0];

describe('joint itinerary design: the responsible institution answers its step', () => {
  it('accepts it', () =>
    stepSpec.given(opened, designed).when({ type: 'AcceptStep', data: { ...ids, acceptedOn: '2026-01-25' } }, meta(EO)).then({ type: 'itinerary.step-accepted', data: { ...ids, acceptedOn: '2026-01-25' } }));

  it('declines it with a reason', () =>
    stepSpec
      .given(opened, designed)
      .when({ type: 'DeclineStep', data: { ...ids, declinedOn: '2026-01-25', reason: 'no places left in the course' } }, meta(EO))
      .then({ type: 'itinerary.step-declined', data: { ...ids, declinedOn: '2026-01-25', reason: 'no places left in the course' } }));

  it('proposes a change (kind, dates, description)', () =>
    stepSpec
      .given(opened, designed)
      .when({ type: 'ProposeStepChange', data: { ...ids, proposalId: 'ch-1', proposedOn: '2026-01-25', reason: 'next course starts in March', change } }, meta(EO))
      .then({ type: 'itinerary.step-change-proposed', data: { ...ids, proposalId: 'ch-1', proposedOn: '2026-01-25', reason: 'next course starts in March', change } }));

  it('only the institution responsible for the step answers (403 with the rule)', () => {
    for (const by of [SS, 'ei-solidaria']) {
      stepSpec.given(opened, designed).when({ type: 'AcceptStep', data: { ...ids, acceptedOn: '2026-01-25' } }, meta(by)).thenRejects('STEP.NOT_RESPONSIBLE', /responsibility of eo-albacete/, 'forbidden');
      stepSpec.given(opened, designed).when({ type: 'DeclineStep', data: { ...ids, declinedOn: '2026-01-25', reason: 'x' } }, meta(by)).thenRejects('STEP.NOT_RESPONSIBLE');
      stepSpec.given(opened, designed).when({ type: 'ProposeStepChange', data: { ...ids, proposalId: 'c', proposedOn: '2026-01-25', reason: 'x', change } }, meta(by)).thenRejects('STEP.NOT_RESPONSIBLE');
    }
  });

  it('answers an existing step of the active itinerary', () => {
    stepSpec.given(opened, designed).when({ type: 'AcceptStep', data: { itineraryId: 'it-1', stepId: 'nope', acceptedOn: '2026-01-25' } }, meta(EO)).thenRejects('STEP.NOT_FOUND', undefined, 'not-found');
    stepSpec.given(opened, designed).when({ type: 'AcceptStep', data: { itineraryId: 'it-9', stepId: 's1', acceptedOn: '2026-01-25' } }, meta(EO)).thenRejects('ITINERARY.NOT_FOUND');
  });

  it('answers only a planned step', () => {
    const started = recorded({ type: 'itinerary.step-started', data: { ...ids, startedOn: '2026-02-01' } }, EO);
    stepSpec.given(opened, designed, started).when({ type: 'DeclineStep', data: { ...ids, declinedOn: '2026-02-02', reason: 'x' } }, meta(EO)).thenRejects('STEP.ALREADY_STARTED');
  });

  it('does not answer twice the same way, nor after declining; a declined step is not started', () => {
    stepSpec.given(opened, designed, accepted).when({ type: 'AcceptStep', data: { ...ids, acceptedOn: '2026-01-26' } }, meta(EO)).thenRejects('STEP.ALREADY_ANSWERED');
    stepSpec.given(opened, designed, declined).when({ type: 'AcceptStep', data: { ...ids, acceptedOn: '2026-01-26' } }, meta(EO)).thenRejects('STEP.ALREADY_ANSWERED', /declined/);
    stepSpec.given(opened, designed, declined).when({ type: 'StartStep', data: { ...ids, startedOn: '2026-02-01' } }, meta(EO)).thenRejects('STEP.DECLINED');
  });

  it('an accepted step can still be declined (withdrawn) or a change proposed for it', () => {
    stepSpec.given(opened, designed, accepted).when({ type: 'DeclineStep', data: { ...ids, declinedOn: '2026-01-27', reason: 'course cancelled' } }, meta(EO)).then({
      type: 'itinerary.step-declined',
      data: { ...ids, declinedOn: '2026-01-27', reason: 'course cancelled' },
    });
    stepSpec.given(opened, designed, accepted).when({ type: 'ProposeStepChange', data: { ...ids, proposalId: 'ch-2', proposedOn: '2026-01-27', reason: 'r', change } }, meta(EO)).then({
      type: 'itinerary.step-change-proposed',
      data: { ...ids, proposalId: 'ch-2', proposedOn: '2026-01-27', reason: 'r', change },
    });
  });

  it('while a change awaits social services, the step is neither answered again nor started', () => {
    stepSpec.given(opened, designed, proposed).when({ type: 'AcceptStep', data: { ...ids, acceptedOn: '2026-01-26' } }, meta(EO)).thenRejects('STEP.CHANGE_PENDING', /ch-1/);
    stepSpec.given(opened, designed, proposed).when({ type: 'StartStep', data: { ...ids, startedOn: '2026-02-01' } }, meta(EO)).thenRejects('STEP.CHANGE_PENDING');
  });

  it('refuses a change whose step would end before it starts', () =>
    stepSpec
      .given(opened, designed)
      .when({ type: 'ProposeStepChange', data: { ...ids, proposalId: 'ch-1', proposedOn: '2026-01-25', reason: 'r', change: { plannedStart: '2026-06-01' } } }, meta(EO))
      .thenRejects('DATES.BACKWARDS', /would end \(2026-04-30\) before it starts \(2026-06-01\)/));

  it('refuses a proposal id already decided', () => {
    const refused = recorded({ type: 'itinerary.step-change-refused', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26', reason: 'the March course is full' } }, SS);
    stepSpec.given(opened, designed, proposed, refused).when({ type: 'ProposeStepChange', data: { ...ids, proposalId: 'ch-1', proposedOn: '2026-01-27', reason: 'r', change } }, meta(EO)).thenRejects('STEP.PROPOSAL_EXISTS');
  });
});

describe('social services see the answers and decide on a proposed change', () => {
  it('the case view shows each answer, as recorded by the responsible institution', () => {
    expect(stepOf(accepted).answer).toEqual({ status: 'accepted', on: '2026-01-25' });
    expect(stepOf(declined).answer).toEqual({ status: 'declined', on: '2026-01-25', reason: 'no places left in the course' });
    expect(stepOf(proposed).answer).toEqual({ status: 'change-proposed', on: '2026-01-25', reason: 'next course starts in March', proposalId: 'ch-1', change });
  });

  it('an answer recorded by any other institution is ignored (nobody answers for a step by writing about it)', () => {
    const forged = recorded({ type: 'itinerary.step-declined', data: { ...ids, declinedOn: '2026-01-25', reason: 'x' } }, 'ei-solidaria');
    expect(stepOf(forged).answer).toBeUndefined();
  });

  it('accepting the change changes the step as proposed (the change is taken from the proposal)', () => {
    decisionSpec(proposed)
      .given(opened, designed)
      .when({ type: 'AcceptStepChange', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26' } })
      .then({ type: 'itinerary.step-change-accepted', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26', change } });
    const applied = recorded({ type: 'itinerary.step-change-accepted', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26', change } }, SS);
    expect(stepOf(proposed, applied)).toMatchObject({ ...change, status: 'planned', answer: { status: 'accepted', on: '2026-01-26', proposalId: 'ch-1' } });
    expect(stepOf(proposed, applied).changeDecisions).toEqual([{ proposalId: 'ch-1', decision: 'accepted', decidedOn: '2026-01-26' }]);
  });

  it('keeping the step refuses the change with a reason: the step is unchanged and its institution answers again', () => {
    const data = { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26', reason: 'the March course is full' };
    decisionSpec(proposed).given(opened, designed).when({ type: 'RefuseStepChange', data }).then({ type: 'itinerary.step-change-refused', data });
    const kept = stepOf(proposed, recorded({ type: 'itinerary.step-change-refused', data }, SS));
    expect(kept).toMatchObject({ plannedStart: '2026-02-01', plannedEnd: '2026-04-30', answer: undefined });
    stepSpec.given(opened, designed, proposed, recorded({ type: 'itinerary.step-change-refused', data }, SS)).when({ type: 'AcceptStep', data: { ...ids, acceptedOn: '2026-01-27' } }, meta(EO)).then({
      type: 'itinerary.step-accepted',
      data: { ...ids, acceptedOn: '2026-01-27' },
    });
  });

  it('a decision from anyone but the case owner is ignored by every fold', () => {
    const forged = recorded({ type: 'itinerary.step-change-accepted', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26', change } }, EO);
    expect(stepOf(proposed, forged)).toMatchObject({ plannedStart: '2026-02-01', answer: { status: 'change-proposed' } });
  });

  it('decides only on the pending proposal, not before it was made', () => {
    decisionSpec().given(opened, designed).when({ type: 'AcceptStepChange', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-26' } }).thenRejects('STEP.NO_PENDING_CHANGE');
    decisionSpec(proposed).given(opened, designed).when({ type: 'RefuseStepChange', data: { ...ids, proposalId: 'ch-9', decidedOn: '2026-01-26', reason: 'x' } }).thenRejects('STEP.NO_PENDING_CHANGE', /pending one is ch-1/);
    decisionSpec(proposed).given(opened, designed).when({ type: 'AcceptStepChange', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-20' } }).thenRejects('DATES.BACKWARDS');
    decisionSpec(proposed).given(opened, designed).when({ type: 'AcceptStepChange', data: { itineraryId: 'it-1', stepId: 'zz', proposalId: 'ch-1', decidedOn: '2026-01-26' } }).thenRejects('STEP.NOT_FOUND');
  });

  it('not on a closed case', () =>
    decisionSpec(proposed)
      .given(opened, designed, recorded({ type: 'case.closed', data: { closedOn: '2026-01-30', outcome: 'other' } }, SS))
      .when({ type: 'AcceptStepChange', data: { ...ids, proposalId: 'ch-1', decidedOn: '2026-01-31' } })
      .thenRejects('CASE.CLOSED'));
});
