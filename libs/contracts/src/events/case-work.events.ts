import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested,
} from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

export const DIAGNOSIS_DIMENSIONS = [
  'employability', 'housing', 'health', 'education', 'income', 'family-and-coexistence', 'resilience', 'life-stage',
] as const;

export class DimensionScore {
  @IsIn(DIAGNOSIS_DIMENSIONS) dimension: string;
  /** 0 = no difficulty, 10 = most severe. */
  @IsInt() @Min(0) @Max(10) score: number;
  @IsBoolean() critical: boolean;
}

export class DiagnosisRecordedV1 {
  @DateRule() diagnosedOn: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(8) @ValidateNested({ each: true }) @Type(() => DimensionScore) dimensions: DimensionScore[];
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 200, { each: true }) criticalFactors?: string[];
  /** Health details: sensitive, social services only (see docs/security.md once access rules exist). */
  @IsOptional() @IsString() @Length(1, 4000) healthDetails?: string;
}

export class ExclusionAccreditedV1 {
  @DateRule() validFrom: string;
  @DateRule() validUntil: string;
  @IsString() @Length(1, 500) basis: string;
}

export class ReferenceTechnicianAssignedV1 {
  @IdRule('technicianId') technicianId: string;
  @IsOptional() @IsString() @Length(1, 200) reason?: string;
}

export const CASE_OUTCOMES = ['ordinary-labour-market', 'itinerary-completed', 'dropped-out', 'moved-away', 'other'] as const;
export class CaseClosedV1 {
  @DateRule() closedOn: string;
  @IsIn(CASE_OUTCOMES) outcome: string;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export const STEP_KINDS = [
  'pre-labour-project', 'training', 'employment-plan-contract', 'insertion-company-placement', 'general-resources', 'ordinary-labour-market',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export class ItineraryStep {
  @IdRule('stepId') stepId: string;
  @IsIn(STEP_KINDS) kind: StepKind;
  @IdRule('responsibleInstitution') responsibleInstitution: string;
  @DateRule() plannedStart: string;
  @DateRule() plannedEnd: string;
  @IsOptional() @IsString() @Length(1, 1000) description?: string;
}

export class ItineraryDesignedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ItineraryStep) steps: ItineraryStep[];
}

export class ItineraryReorientedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IsString() @Length(1, 2000) reason: string;
  /** The steps not yet started are replaced by these. */
  @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ItineraryStep) steps: ItineraryStep[];
  /** When a case table decided it: the table and decision. */
  @IsOptional() @IdRule('tableId') tableId?: string;
  @IsOptional() @IdRule('decisionId') decisionId?: string;
}

export class ItineraryClosedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @DateRule() closedOn: string;
  @IsString() @Length(1, 1000) reason: string;
}

export const AGREEMENT_PARTIES = ['social-services', 'company', 'person'] as const;
export class AgreementSignedV1 {
  @IdRule('agreementId') agreementId: string;
  @IdRule('companyInstitution') companyInstitution: string;
  @IsIn(AGREEMENT_PARTIES) party: string;
  @IsString() @Length(1, 200) signedBy: string;
  @DateRule() signedOn: string;
}

export class StepStartedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() startedOn: string;
}

export class StepCompletedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() completedOn: string;
  @IsOptional() @IsString() @Length(1, 2000) outcome?: string;
}

export class IncidentAcknowledgedV1 {
  @IdRule('incidentId') incidentId: string;
  @DateRule() acknowledgedOn: string;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class IncidentResolvedV1 {
  @IdRule('incidentId') incidentId: string;
  @DateRule() resolvedOn: string;
  @IsString() @Length(1, 2000) resolution: string;
  /** The incident was taken to the case table. */
  @IsOptional() @IsBoolean() escalatedToCaseTable?: boolean;
}

const ss = (type: string, description: string, payload: new () => object, originalTerm?: string, sensitive?: string[]): EventDefinition => ({
  type, version: 1, producer: 'social-services', aggregate: 'case', description, payload, originalTerm, sensitive,
});

export const SHARING_PURPOSES = ['follow-up', 'assessment', 'supervision', 'statistics'] as const;

/** The person's consent to share their case with an institution for a purpose (or its withdrawal). */
export class ConsentV1 {
  @IdRule('institutionId') institutionId: string;
  @IsIn(SHARING_PURPOSES) purpose: string;
  @DateRule() on: string;
}

export class PersonErasedV1 {
  @IdRule('personId') personId: string;
  @DateRule() erasedOn: string;
  @IsString() @Length(1, 1000) reason: string;
}

export const CASE_WORK_EVENTS: EventDefinition[] = [
  ss('case.diagnosis-recorded', 'The multidimensional diagnosis (PACT dimensions, each scored, with critical factors).', DiagnosisRecordedV1, 'diagnóstico multidimensional', ['healthDetails']),
  ss('consent.given', 'The person consents to share their case with an institution for a purpose.', ConsentV1, 'consentimiento informado'),
  ss('consent.withdrawn', 'The person withdraws a consent: that institution no longer sees the case for that purpose, from then on.', ConsentV1, 'revocación del consentimiento'),
  { type: 'person.erased', version: 1, producer: 'social-services', aggregate: 'person', description: "A person's key is destroyed: their identifying and sensitive data become unreadable everywhere (right to erasure).", payload: PersonErasedV1, originalTerm: 'derecho de supresión' },
  ss('case.exclusion-accredited', 'Social services accredit the situation of social exclusion, valid between two dates.', ExclusionAccreditedV1, 'acreditación de situación de exclusión social'),
  ss('case.reference-technician-assigned', "The case's reference technician is assigned or changed.", ReferenceTechnicianAssignedV1, 'técnico/a de referencia'),
  ss('case.closed', 'The case is closed with an outcome.', CaseClosedV1, 'cierre de expediente'),
  ss('itinerary.designed', 'The individual insertion itinerary: ordered steps, each with its responsible institution and planned dates.', ItineraryDesignedV1, 'itinerario individualizado de inserción'),
  ss('itinerary.reoriented', 'The itinerary is reoriented: steps not yet started are replaced (possibly by a case-table decision).', ItineraryReorientedV1, 'reorientación del itinerario'),
  ss('itinerary.closed', 'The itinerary is closed: it accepts no new steps.', ItineraryClosedV1),
  ss('agreement.signed', 'One of the three signatures (social services, company, person) of the insertion agreement.', AgreementSignedV1, 'acuerdo/itinerario de inserción (firma)'),
  ss('incident.acknowledged', 'The reference technician acknowledges an incident reported by a company.', IncidentAcknowledgedV1, 'recepción de incidencia'),
  ss('incident.resolved', 'The reference technician resolves an acknowledged incident.', IncidentResolvedV1, 'resolución de incidencia'),
];

/** Step progress is recorded by the step's responsible institution, whatever its kind. */
export const STEP_EVENTS: EventDefinition[] = [
  { type: 'itinerary.step-started', version: 1, producer: 'any', aggregate: 'steps', description: 'The responsible institution starts an itinerary step.', payload: StepStartedV1 },
  { type: 'itinerary.step-completed', version: 1, producer: 'any', aggregate: 'steps', description: 'The responsible institution completes a started itinerary step.', payload: StepCompletedV1 },
];
