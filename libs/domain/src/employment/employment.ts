import {
  ContractDocumentRegisteredV1, IntermediationReferredV1, IntermediationResultRecordedV1, JointAssessmentDecidedV1, JointAssessmentOpenedV1,
  JointAssessmentPartRecordedV1, OrientationSessionAttendedV1, TrainingCompletedV1, TrainingDroppedOutV1, TrainingEnrolledV1,
} from '@inclusion/contracts';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/** The employment office's record of one case (stream employment-<caseId>). */
export interface EmploymentState {
  trainings: Record<string, { startsOn: string; status: 'enrolled' | 'completed' | 'dropped-out' }>;
  referrals: Record<string, { referredOn: string; result?: string }>;
  assessments: Record<string, { status: 'open' | 'decided'; partRecorded?: boolean }>;
  sessions: string[];
}

export const initialEmployment = (): EmploymentState => ({ trainings: {}, referrals: {}, assessments: {}, sessions: [] });

export type EmploymentCommand =
  | { type: 'RecordOrientationAttendance'; data: OrientationSessionAttendedV1 }
  | { type: 'EnrolInTraining'; data: TrainingEnrolledV1 }
  | { type: 'CompleteTraining'; data: TrainingCompletedV1 }
  | { type: 'DropOutOfTraining'; data: TrainingDroppedOutV1 }
  | { type: 'ReferToJobOffer'; data: IntermediationReferredV1 }
  | { type: 'RecordReferralResult'; data: IntermediationResultRecordedV1 }
  | { type: 'RegisterContractDocument'; data: ContractDocumentRegisteredV1 }
  | { type: 'OpenJointAssessment'; data: JointAssessmentOpenedV1 }
  | { type: 'DecideJointAssessment'; data: JointAssessmentDecidedV1 }
  | { type: 'RecordJointAssessmentPart'; data: JointAssessmentPartRecordedV1 };

type D = Record<string, string>;

export function evolveEmployment(state: EmploymentState, event: RecordedEvent): EmploymentState {
  const d = event.data as D;
  switch (event.type) {
    case 'orientation.session-attended':
      return { ...state, sessions: [...state.sessions, d.sessionId] };
    case 'training.enrolled':
      return { ...state, trainings: { ...state.trainings, [d.trainingId]: { startsOn: d.startsOn, status: 'enrolled' } } };
    case 'training.completed':
      return { ...state, trainings: { ...state.trainings, [d.trainingId]: { ...state.trainings[d.trainingId], status: 'completed' } } };
    case 'training.dropped-out':
      return { ...state, trainings: { ...state.trainings, [d.trainingId]: { ...state.trainings[d.trainingId], status: 'dropped-out' } } };
    case 'intermediation.referred':
      return { ...state, referrals: { ...state.referrals, [d.referralId]: { referredOn: d.referredOn } } };
    case 'intermediation.result-recorded':
      return { ...state, referrals: { ...state.referrals, [d.referralId]: { ...state.referrals[d.referralId], result: d.result } } };
    case 'joint-assessment.opened':
      return { ...state, assessments: { ...state.assessments, [d.assessmentId]: { status: 'open' } } };
    case 'joint-assessment.decided':
      return { ...state, assessments: { ...state.assessments, [d.assessmentId]: { status: 'decided' } } };
    case 'joint-assessment.part-recorded':
      return { ...state, assessments: { ...state.assessments, [d.assessmentId]: { ...state.assessments[d.assessmentId], partRecorded: true } } };
    default:
      return state;
  }
}

function enrolled(state: EmploymentState, trainingId: string) {
  const training = state.trainings[trainingId];
  if (!training) throw notFound('TRAINING.NOT_FOUND', `the person is not enrolled in training ${trainingId}`);
  if (training.status !== 'enrolled') throw rule('TRAINING.FINISHED', `training ${trainingId} is already ${training.status}`);
  return training;
}

export function decideEmployment(command: EmploymentCommand, state: EmploymentState, _meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'RecordOrientationAttendance':
      if (state.sessions.includes(command.data.sessionId)) return [];
      return [event('orientation.session-attended', command.data)];
    case 'EnrolInTraining':
      if (state.trainings[command.data.trainingId]) throw rule('TRAINING.ALREADY_ENROLLED', `already enrolled in training ${command.data.trainingId}`);
      return [event('training.enrolled', command.data)];
    case 'CompleteTraining': {
      const training = enrolled(state, command.data.trainingId);
      notBefore(command.data.completedOn, training.startsOn, 'DATES.BACKWARDS', 'the training would complete before it starts');
      return [event('training.completed', command.data)];
    }
    case 'DropOutOfTraining': {
      const training = enrolled(state, command.data.trainingId);
      notBefore(command.data.droppedOn, training.startsOn, 'DATES.BACKWARDS', 'the drop-out predates the training');
      return [event('training.dropped-out', command.data)];
    }
    case 'ReferToJobOffer':
      if (state.referrals[command.data.referralId]) throw rule('REFERRAL.ALREADY_EXISTS', `referral ${command.data.referralId} already exists`);
      return [event('intermediation.referred', command.data)];
    case 'RecordReferralResult': {
      const referral = state.referrals[command.data.referralId];
      if (!referral) throw notFound('REFERRAL.NOT_FOUND', `no referral ${command.data.referralId}`);
      if (referral.result) throw rule('REFERRAL.ALREADY_DECIDED', `referral ${command.data.referralId} already has result ${referral.result}`);
      notBefore(command.data.recordedOn, referral.referredOn, 'DATES.BACKWARDS', 'the result predates the referral');
      return [event('intermediation.result-recorded', command.data)];
    }
    case 'RegisterContractDocument':
      return [event('contract.document-registered', command.data)];
    case 'OpenJointAssessment':
      if (state.assessments[command.data.assessmentId]) return []; // redelivered trigger
      return [event('joint-assessment.opened', command.data)];
    case 'DecideJointAssessment': {
      const assessment = state.assessments[command.data.assessmentId];
      if (!assessment) throw notFound('ASSESSMENT.NOT_FOUND', `no joint assessment ${command.data.assessmentId} is open`);
      if (assessment.status === 'decided') throw rule('ASSESSMENT.ALREADY_DECIDED', `joint assessment ${command.data.assessmentId} is already decided`);
      return [event('joint-assessment.decided', command.data)];
    }
    case 'RecordJointAssessmentPart': {
      // The office's own part of the joint assessment after a plan; social services record the agreed decision.
      const assessment = state.assessments[command.data.assessmentId];
      if (!assessment) throw notFound('ASSESSMENT.NOT_FOUND', `no joint assessment ${command.data.assessmentId} is open`);
      if (assessment.status === 'decided') throw rule('ASSESSMENT.ALREADY_DECIDED', `joint assessment ${command.data.assessmentId} is already decided`);
      if (assessment.partRecorded) throw rule('ASSESSMENT.PART_ALREADY_RECORDED', `this office already recorded its part of joint assessment ${command.data.assessmentId}`);
      return [event('joint-assessment.part-recorded', command.data)];
    }
  }
}
