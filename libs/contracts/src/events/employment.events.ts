import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

export class OrientationSessionAttendedV1 {
  @IdRule('sessionId') sessionId: string;
  @DateRule() heldOn: string;
  @IsString() @Length(1, 300) topic: string;
}

export class TrainingEnrolledV1 {
  @IdRule('trainingId') trainingId: string;
  @IsString() @Length(1, 300) course: string;
  @IsInt() @Min(1) @Max(2000) hours: number;
  @DateRule() startsOn: string;
}

export class TrainingCompletedV1 {
  @IdRule('trainingId') trainingId: string;
  @DateRule() completedOn: string;
  @IsInt() @Min(0) @Max(2000) hoursAttended: number;
}

export class TrainingDroppedOutV1 {
  @IdRule('trainingId') trainingId: string;
  @DateRule() droppedOn: string;
  @IsString() @Length(1, 1000) reason: string;
}

export class IntermediationReferredV1 {
  @IdRule('referralId') referralId: string;
  @IsString() @Length(1, 300) jobOffer: string;
  @IsString() @Length(1, 300) employer: string;
  @DateRule() referredOn: string;
}

export class IntermediationResultRecordedV1 {
  @IdRule('referralId') referralId: string;
  @IsIn(['hired', 'not-selected', 'declined', 'no-show']) result: string;
  @DateRule() recordedOn: string;
}

export class ContractDocumentRegisteredV1 {
  @IdRule('documentId') documentId: string;
  @IsIn(['insertion-company', 'employment-plan', 'ordinary']) contractKind: string;
  @IsString() @Length(1, 300) employer: string;
  @DateRule() registeredOn: string;
}

export class JointAssessmentOpenedV1 {
  @IdRule('assessmentId') assessmentId: string;
  @IsIn(['contract-ended', 'plan-ended']) trigger: string;
  @IsOptional() @IdRule('placementId') placementId?: string;
}

export class JointAssessmentDecidedV1 {
  @IdRule('assessmentId') assessmentId: string;
  @DateRule() decidedOn: string;
  @IsIn(['continue', 'reorient']) decision: string;
  @IsString() @Length(1, 4000) reasons: string;
}

const eo = (type: string, description: string, payload: new () => object, originalTerm?: string): EventDefinition => ({
  type, version: 1, producer: 'employment-office', aggregate: 'employment', description, payload, originalTerm,
});

export const EMPLOYMENT_EVENTS: EventDefinition[] = [
  eo('orientation.session-attended', 'The person attended an orientation session.', OrientationSessionAttendedV1, 'charla de orientación'),
  eo('training.enrolled', 'The person is enrolled in a training course (course, hours).', TrainingEnrolledV1, 'formación complementaria'),
  eo('training.completed', 'The person completed a training course.', TrainingCompletedV1),
  eo('training.dropped-out', 'The person dropped out of a training course.', TrainingDroppedOutV1, 'abandono'),
  eo('intermediation.referred', 'The person is referred to a job offer.', IntermediationReferredV1, 'intermediación laboral'),
  eo('intermediation.result-recorded', 'The result of a referral to a job offer.', IntermediationResultRecordedV1),
  eo('contract.document-registered', 'A contract document is registered.', ContractDocumentRegisteredV1, 'gestión documental de los contratos'),
  eo('joint-assessment.opened', 'A joint assessment item opens after a contract or plan ends.', JointAssessmentOpenedV1, 'valoración conjunta'),
  eo('joint-assessment.decided', 'The joint assessment decides to continue or reorient the itinerary, with reasons.', JointAssessmentDecidedV1, 'valoración conjunta'),
];
