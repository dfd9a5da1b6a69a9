import { meta, recorded, spec } from '../shared/given-when-then.testing';
import { decideEmployment, EmploymentCommand, evolveEmployment, initialEmployment } from './employment';

const s = spec(evolveEmployment, initialEmployment, (c: EmploymentCommand, st, m) => decideEmployment(c, st, m));
const office = meta('eo-albacete');
const enrolled = recorded({ type: 'training.enrolled', data: { trainingId: 't1', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' } }, 'eo-albacete');

describe('employment office', () => {
  it('enrols a person in training and completes it', () => {
    s.given().when({ type: 'EnrolInTraining', data: { trainingId: 't1', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' } }, office).then({
      type: 'training.enrolled',
      data: { trainingId: 't1', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' },
    });
    s.given(enrolled).when({ type: 'CompleteTraining', data: { trainingId: 't1', completedOn: '2026-03-20', hoursAttended: 58 } }, office).then({
      type: 'training.completed',
      data: { trainingId: 't1', completedOn: '2026-03-20', hoursAttended: 58 },
    });
  });

  it('refuses to complete a training that was dropped, or one never enrolled in', () => {
    const dropped = recorded({ type: 'training.dropped-out', data: { trainingId: 't1', droppedOn: '2026-02-20', reason: 'childcare' } }, 'eo-albacete');
    s.given(enrolled, dropped).when({ type: 'CompleteTraining', data: { trainingId: 't1', completedOn: '2026-03-20', hoursAttended: 10 } }, office).thenRejects('TRAINING.FINISHED');
    s.given().when({ type: 'DropOutOfTraining', data: { trainingId: 't9', droppedOn: '2026-03-20', reason: 'x' } }, office).thenRejects('TRAINING.NOT_FOUND', undefined, 'not-found');
  });

  it('refuses a completion dated before the training starts', () =>
    s.given(enrolled).when({ type: 'CompleteTraining', data: { trainingId: 't1', completedOn: '2026-02-01', hoursAttended: 58 } }, office).thenRejects('DATES.BACKWARDS'));

  it('opens a joint assessment once, however often the trigger arrives', () => {
    const data = { assessmentId: 'ja-pl-1', trigger: 'contract-ended', placementId: 'pl-1' };
    s.given().when({ type: 'OpenJointAssessment', data }, office).then({ type: 'joint-assessment.opened', data });
    s.given(recorded({ type: 'joint-assessment.opened', data }, 'eo-albacete')).when({ type: 'OpenJointAssessment', data }, office).thenNothing();
  });

  it('decides an open joint assessment once', () => {
    const opened = recorded({ type: 'joint-assessment.opened', data: { assessmentId: 'ja-1', trigger: 'plan-ended' } }, 'eo-albacete');
    const decision = { assessmentId: 'ja-1', decidedOn: '2026-08-05', decision: 'reorient', reasons: 'needs training first' };
    s.given(opened).when({ type: 'DecideJointAssessment', data: decision }, office).then({ type: 'joint-assessment.decided', data: decision });
    s.given(opened, recorded({ type: 'joint-assessment.decided', data: decision }, 'eo-albacete')).when({ type: 'DecideJointAssessment', data: decision }, office).thenRejects('ASSESSMENT.ALREADY_DECIDED');
    s.given().when({ type: 'DecideJointAssessment', data: decision }, office).thenRejects('ASSESSMENT.NOT_FOUND');
  });

  it('records one result per referral, not before the referral', () => {
    const referred = recorded({ type: 'intermediation.referred', data: { referralId: 'r1', jobOffer: 'Warehouse', employer: 'Logisur', referredOn: '2026-05-02' } }, 'eo-albacete');
    s.given(referred).when({ type: 'RecordReferralResult', data: { referralId: 'r1', result: 'hired', recordedOn: '2026-04-30' } }, office).thenRejects('DATES.BACKWARDS');
    s.given(referred).when({ type: 'RecordReferralResult', data: { referralId: 'r1', result: 'hired', recordedOn: '2026-05-10' } }, office).then({
      type: 'intermediation.result-recorded',
      data: { referralId: 'r1', result: 'hired', recordedOn: '2026-05-10' },
    });
  });
});
