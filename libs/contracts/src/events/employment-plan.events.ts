import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, ID, IdRule } from './common';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, IncidentKind } from './incident.events';
import { ItineraryStep } from './case-work.events';
import { EvaluationScores } from './placement.events';

/**
 * The municipal Plan de Empleo (seeds/001, "Programa de apoyo activo al empleo"): a four-way
 * plan in which the municipal employment service (Servicio municipal de Empleo y Promoción
 * Económica) hires the people social services propose, on temporary contracts with a tutor.
 * It is not the insertion-company protocol: no exclusion accreditation nor three-party
 * insertion agreement; a contract needs the person proposed by social services and selected
 * by the employer. Each institution records its own part at its own service.
 */

/** Each element of a list is an id (IdRule checks one string). */
const IdsRule = (field: string) => Matches(ID, { each: true, message: `each of ${field} must be an id: 1-120 letters, digits, _ . : -, starting with a letter or digit` });

// --- the plan (the employer's stream employment-plan-<planId>) ---------------------------------

export class EmploymentPlanOpenedV1 {
  @IsString() @Length(1, 300) name: string;
  @DateRule() periodStart: string;
  @DateRule() periodEnd: string;
  /** The other parties of the plan: social services, employment offices, the delegation. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IdsRule('socialServices') socialServices: string[];
  @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IdsRule('employmentOffices') employmentOffices: string[];
  @IsOptional() @IdRule('delegation') delegation?: string;
  /** The delegation's programme the plan belongs to, when there is one. */
  @IsOptional() @IdRule('programmeId') programmeId?: string;
  @IsNumber() @Min(1) @Max(10000) positions: number;
}

export class PlanMeetingAttendee {
  @IdRule('institutionId') institutionId: string;
  @IsString() @Length(1, 200) person: string;
}

export class PreparatoryMeetingHeldV1 {
  @IdRule('meetingId') meetingId: string;
  @DateRule() heldOn: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PlanMeetingAttendee) attendees: PlanMeetingAttendee[];
  /** What was planned: actions, coordination channels, technical tools, timing of the tasks. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) agreements: string[];
}

export class PersonSelectedV1 {
  @IdRule('planId') planId: string;
  @IdRule('caseId') caseId: string;
  @DateRule() selectedOn: string;
  /** The social-services institution that proposed the person. */
  @IdRule('proposedBy') proposedBy: string;
}

export class StartAssemblyHeldV1 {
  @IdRule('assemblyId') assemblyId: string;
  @DateRule() heldOn: string;
  /** The selected people who attended (their cases). */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2000) @ArrayUnique() @IdsRule('attendingCases') attendingCases: string[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PlanMeetingAttendee) institutions: PlanMeetingAttendee[];
  /** What the people were told: the rules, social services' part during the process, training... */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) topics: string[];
}

// --- a person's contract (the employer's stream plan-contract-<contractId>) ---------------------

export class PlanContractSignedV1 {
  @IdRule('contractId') contractId: string;
  @IdRule('planId') planId: string;
  @DateRule() contractStart: string;
  @DateRule() contractEnd: string;
  @IsString() @Length(1, 200) position: string;
  @IsNumber() @Min(1) @Max(40) weeklyHours: number;
  /** The tutor at the municipal employment service. */
  @IdRule('tutorId') tutorId: string;
}

/** A tutor's follow-up meeting: notes and the continuous evaluation's scores. */
export class TutorFollowUpHeldV1 {
  @IdRule('contractId') contractId: string;
  @IdRule('meetingId') meetingId: string;
  @DateRule() heldOn: string;
  @IdRule('tutorId') tutorId: string;
  @IsString() @Length(1, 4000) notes: string;
  @IsObject() @ValidateNested() @Type(() => EvaluationScores) scores: EvaluationScores;
}

export class PlanIncidentReportedV1 {
  @IdRule('incidentId') incidentId: string;
  @IdRule('contractId') contractId: string;
  @IsIn(INCIDENT_KINDS) kind: IncidentKind;
  @IsIn(INCIDENT_SEVERITIES) severity: string;
  @DateRule() observedOn: string;
  @IsString() @Length(1, 4000) description: string;
}

export const JOB_ADAPTATION_REASONS = ['health', 'functional-limitation'] as const;

/** The employer applies a job adaptation social services agreed, caused by an incident of the contract. */
export class PlanJobAdaptedV1 {
  @IdRule('adaptationId') adaptationId: string;
  @IdRule('contractId') contractId: string;
  @IdRule('incidentId') incidentId: string;
  @DateRule() adaptedOn: string;
  @IsIn(JOB_ADAPTATION_REASONS) reason: string;
  @IsString() @Length(1, 200) fromTask: string;
  @IsString() @Length(1, 200) toTask: string;
}

export const PLAN_CONTRACT_END_REASONS = ['term-completed', 'hired-ordinary-market', 'voluntary-leave', 'dismissal', 'health', 'other'] as const;
export class PlanContractEndedV1 {
  @IdRule('contractId') contractId: string;
  @DateRule() endedOn: string;
  @IsIn(PLAN_CONTRACT_END_REASONS) reason: string;
}

export const FINAL_EVALUATION_RECOMMENDATIONS = ['continue-itinerary', 'reorient-itinerary', 'ordinary-labour-market'] as const;
export class PlanFinalEvaluationRecordedV1 {
  @IdRule('contractId') contractId: string;
  @DateRule() evaluatedOn: string;
  @IdRule('tutorId') tutorId: string;
  @IsObject() @ValidateNested() @Type(() => EvaluationScores) scores: EvaluationScores;
  @IsIn(FINAL_EVALUATION_RECOMMENDATIONS) recommendation: string;
  @IsString() @Length(1, 4000) summary: string;
}

// --- social services' part (the case stream case-<caseId>) -------------------------------------

export class CandidateProposedV1 {
  @IdRule('planId') planId: string;
  /** The plan's employer (the municipal employment service): proposing the person gives it a part in the case. */
  @IdRule('employerInstitution') employerInstitution: string;
  @DateRule() proposedOn: string;
  @IsString() @Length(1, 1000) reason: string;
}

/** Social services' side of a job adaptation ("cambio de tajo"), linked to the incident that caused it. */
export class JobAdaptationAgreedV1 {
  @IdRule('adaptationId') adaptationId: string;
  @IdRule('contractId') contractId: string;
  @IdRule('incidentId') incidentId: string;
  @DateRule() agreedOn: string;
  @IsIn(JOB_ADAPTATION_REASONS) reason: string;
  @IsString() @Length(1, 200) fromTask: string;
  @IsString() @Length(1, 200) toTask: string;
}

/** The final evaluation, passed to the case's reference technician (a reaction to plan-contract.final-evaluation-recorded). */
export class FinalEvaluationPassedV1 {
  @IdRule('contractId') contractId: string;
  @IdRule('evaluatedBy') evaluatedBy: string;
  @IsIn(FINAL_EVALUATION_RECOMMENDATIONS) recommendation: string;
  @IsOptional() @IdRule('referenceTechnician') referenceTechnician?: string;
}

export const JOINT_ASSESSMENT_DECISIONS = ['continue', 'reorient', 'close'] as const;

/** The employment office's part of the joint assessment after the plan. */
export class JointAssessmentPartRecordedV1 {
  @IdRule('assessmentId') assessmentId: string;
  @DateRule() recordedOn: string;
  @IsIn(JOINT_ASSESSMENT_DECISIONS) proposal: string;
  @IsBoolean() keepIntegralSupport: boolean;
  @IsString() @Length(1, 4000) assessment: string;
}

/**
 * The agreed decision, recorded by social services with their own part: it continues,
 * reorients (new steps) or closes the itinerary, and can keep integral support open.
 */
export class JointAssessmentAgreedV1 {
  @IdRule('assessmentId') assessmentId: string;
  @IdRule('itineraryId') itineraryId: string;
  @DateRule() agreedOn: string;
  @IsIn(JOINT_ASSESSMENT_DECISIONS) decision: string;
  @IsBoolean() keepIntegralSupport: boolean;
  /** Social services' own part of the assessment. */
  @IsString() @Length(1, 4000) socialServicesAssessment: string;
  /** The employment office whose part this agrees with. */
  @IdRule('employmentOffice') employmentOffice: string;
  /** For a reorientation: the steps that replace those not yet started. */
  @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ItineraryStep) steps?: ItineraryStep[];
}

const by = (producer: EventDefinition['producer'], aggregate: string) => (type: string, description: string, payload: new () => object, originalTerm?: string): EventDefinition => ({
  type, version: 1, producer, aggregate, description, payload, originalTerm,
});
const plan = by('insertion-company', 'employment-plan');
const contract = by('insertion-company', 'plan-contract');
const ss = by('social-services', 'case');
const eo = by('employment-office', 'employment');

export const EMPLOYMENT_PLAN_EVENTS: EventDefinition[] = [
  plan('employment-plan.opened', "The municipal employment service opens a Plan de Empleo it hires for: period, parties, positions.", EmploymentPlanOpenedV1, 'Plan de Empleo (programa de apoyo activo al empleo)'),
  plan('employment-plan.preparatory-meeting-held', 'A preparatory meeting before the contracts: attendees and what was planned.', PreparatoryMeetingHeldV1, 'reuniones preparatorias'),
  plan('employment-plan.person-selected', 'The employer selects a person social services proposed.', PersonSelectedV1, 'selección de personas'),
  plan('employment-plan.start-assembly-held', 'The joint assembly at the start, with the selected people who attended.', StartAssemblyHeldV1, 'asamblea conjunta con las personas seleccionadas'),
  contract('plan-contract.signed', 'The municipal employment service hires a selected person on a temporary contract with a tutor.', PlanContractSignedV1, 'contratación (Plan de Empleo)'),
  contract('plan-contract.tutor-follow-up-held', "A tutor's follow-up meeting: notes and continuous-evaluation scores.", TutorFollowUpHeldV1, 'reuniones de seguimiento con los/as tutores/as y evaluación continua'),
  contract('plan-contract.incident-reported', "An incident during the contract; it reaches the case's reference technician.", PlanIncidentReportedV1, 'recogida de incidencias'),
  contract('plan-contract.job-adapted', 'The employer applies a job adaptation social services agreed, linked to the incident that caused it.', PlanJobAdaptedV1, 'cambio de tajo'),
  contract('plan-contract.ended', 'The plan contract ends; it opens the joint assessment at the employment office.', PlanContractEndedV1, 'fin de contrato'),
  contract('plan-contract.final-evaluation-recorded', 'The final evaluation with the tutor; it is passed to the reference technician.', PlanFinalEvaluationRecordedV1, 'evaluación final con las tutoras'),
  ss('employment-plan.candidate-proposed', "Social services propose a person for the plan; the plan's employer takes part in the case.", CandidateProposedV1, 'propuesta de personas (S. Sociales)'),
  ss('job-adaptation.agreed', "Social services agree a job adaptation with the employer, linked to the incident that caused it.", JobAdaptationAgreedV1, 'tratamiento conjunto de las adaptaciones del puesto'),
  ss('final-evaluation.passed', "The final evaluation reaches the case's reference technician.", FinalEvaluationPassedV1, 'traslado a los/as técnicos/as de referencia'),
  ss('joint-assessment.agreed', 'The agreed decision of the joint assessment: continue, reorient or close the itinerary; integral support kept or not.', JointAssessmentAgreedV1, 'valoración conjunta (continuación o reorientación del itinerario, mantenimiento del apoyo integral)'),
  eo('joint-assessment.part-recorded', "The employment office's part of the joint assessment after the plan: its proposal and reasons.", JointAssessmentPartRecordedV1, 'valoración conjunta con las Oficinas Emplea'),
];
