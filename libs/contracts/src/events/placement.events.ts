import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

export class PlacementStartedV1 {
  @IdRule('placementId') placementId: string;
  @IdRule('agreementId') agreementId: string;
  @DateRule() contractStart: string;
  @IsString() @Length(1, 200) position: string;
  @IsNumber() @Min(1) @Max(40) weeklyHours: number;
  @IdRule('tutorId') tutorId: string;
}

export class EvaluationScores {
  @IsInt() @Min(1) @Max(5) punctuality: number;
  @IsInt() @Min(1) @Max(5) teamwork: number;
  @IsInt() @Min(1) @Max(5) taskPerformance: number;
  @IsInt() @Min(1) @Max(5) autonomy: number;
}

export class FollowUpMeetingHeldV1 {
  @IdRule('placementId') placementId: string;
  @IdRule('meetingId') meetingId: string;
  @DateRule() heldOn: string;
  @IdRule('tutorId') tutorId: string;
  @IsString() @Length(1, 4000) notes: string;
  @IsObject() @ValidateNested() @Type(() => EvaluationScores) scores: EvaluationScores;
}

export class JobAdaptedV1 {
  @IdRule('placementId') placementId: string;
  @DateRule() adaptedOn: string;
  @IsIn(['health', 'functional-limitation']) reason: string;
  @IsString() @Length(1, 200) fromTask: string;
  @IsString() @Length(1, 200) toTask: string;
}

export const CONTRACT_END_REASONS = ['term-completed', 'hired-ordinary-market', 'voluntary-leave', 'dismissal', 'health', 'other'] as const;
export class ContractEndedV1 {
  @IdRule('placementId') placementId: string;
  @DateRule() endedOn: string;
  @IsIn(CONTRACT_END_REASONS) reason: string;
}

export class FinalEvaluationRecordedV1 {
  @IdRule('placementId') placementId: string;
  @DateRule() evaluatedOn: string;
  @IsObject() @ValidateNested() @Type(() => EvaluationScores) scores: EvaluationScores;
  @IsIn(['continue-itinerary', 'reorient-itinerary', 'ordinary-labour-market']) recommendation: string;
  @IsString() @Length(1, 4000) summary: string;
  @IsOptional() @IdRule('tutorId') tutorId?: string;
}

const ic = (type: string, description: string, payload: new () => object, originalTerm?: string): EventDefinition => ({
  type, version: 1, producer: 'insertion-company', aggregate: 'placement', description, payload, originalTerm,
});

export const PLACEMENT_EVENTS: EventDefinition[] = [
  ic('placement.started', 'The company hires the person under a signed insertion agreement (contract start, position, hours, tutor).', PlacementStartedV1, 'contratación en empresa de inserción'),
  ic('placement.follow-up-meeting-held', 'A follow-up meeting with the tutor: notes and evaluation scores.', FollowUpMeetingHeldV1, 'reunión de seguimiento con tutores'),
  ic('placement.job-adapted', 'The job is adapted for health reasons or a functional limitation.', JobAdaptedV1, 'cambio de tajo'),
  ic('placement.contract-ended', 'The contract ends, with its reason.', ContractEndedV1, 'fin de contrato'),
  ic('placement.final-evaluation-recorded', 'The final evaluation with the tutor, passed to the reference technician.', FinalEvaluationRecordedV1, 'evaluación final'),
];
