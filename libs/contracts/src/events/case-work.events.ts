import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsNotEmptyObject, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { EventDefinition, Upcaster } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';
import type { InterventionLine } from './programme.events';

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

/**
 * Kinds of itinerary step. The first six are the employment path (001); the others are the
 * actions beyond employment of a local integration plan's objectives (000: housing, schooling
 * and school absenteeism, minors' prevention, health resources, regularisation of immigrants,
 * intercultural integration, socio-family mediation). Each kind belongs to one line of
 * intervention (LINE_OF_STEP_KIND).
 */
export const STEP_KINDS = [
  'pre-labour-project', 'training', 'employment-plan-contract', 'insertion-company-placement', 'general-resources', 'ordinary-labour-market',
  'housing-access', 'schooling', 'school-absenteeism', 'minors-prevention', 'health-resources', 'regularisation', 'intercultural-integration', 'socio-family-mediation',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** The line of intervention (000, Toledo: the six lines) each step kind counts in. */
export const LINE_OF_STEP_KIND: Record<StepKind, InterventionLine> = {
  'pre-labour-project': 'employment',
  training: 'employment',
  'employment-plan-contract': 'employment',
  'insertion-company-placement': 'employment',
  'general-resources': 'employment',
  'ordinary-labour-market': 'employment',
  'housing-access': 'housing',
  schooling: 'education-and-youth',
  'school-absenteeism': 'education-and-youth',
  'minors-prevention': 'education-and-youth',
  'health-resources': 'health',
  regularisation: 'intercultural-coexistence-and-participation',
  'intercultural-integration': 'intercultural-coexistence-and-participation',
  'socio-family-mediation': 'socio-family-mediation',
};
/** A step kind's line; a kind this version does not know counts as 'unknown'. */
export const lineOfStepKind = (kind: string): InterventionLine | 'unknown' => LINE_OF_STEP_KIND[kind as StepKind] ?? 'unknown';

/** What came of a completed step, as its responsible institution records it. */
export const STEP_RESULTS = ['achieved', 'partly-achieved', 'not-achieved'] as const;
export type StepResult = (typeof STEP_RESULTS)[number];

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
export type AgreementParty = (typeof AGREEMENT_PARTIES)[number];

/** agreement.signed v1 (frozen): social services recorded every party's signature, the person's without evidence. */
export class AgreementSignedV1 {
  @IdRule('agreementId') agreementId: string;
  @IdRule('companyInstitution') companyInstitution: string;
  @IsIn(AGREEMENT_PARTIES) party: string;
  @IsString() @Length(1, 200) signedBy: string;
  @DateRule() signedOn: string;
}

export const SIGNATURE_METHODS = ['handwritten', 'electronic', 'witnessed-mark'] as const;
const EVIDENCE_REQUIRED = "evidence is required for the person's signature: the signed document's reference and SHA-256, the method and who witnessed it";

/** What proves the person signed (the person is not an institution: social services record it, with this). */
export class SignatureEvidence {
  /** The signed document in social services' document system: its reference, never its content. */
  @IsString() @Length(1, 200) documentRef: string;
  /** SHA-256 of the signed document, 64 lowercase hex digits: the record names exactly which document was signed. */
  @Matches(/^[0-9a-f]{64}$/, { message: 'documentSha256 must be the SHA-256 of the signed document: 64 lowercase hex digits' }) documentSha256: string;
  @IsIn(SIGNATURE_METHODS) method: string;
  /** The professional who saw the person sign (a user id of the recording institution). */
  @IdRule('witnessedBy') witnessedBy: string;
}

/**
 * agreement.signed v2: one party's signature, recorded in that party's own log: social services
 * sign for themselves, the company at its own service, and social services record the person's
 * signature with its evidence. v1 events read as v2 with `legacy: true` (see the upcaster).
 */
export class AgreementSignedV2 {
  @IdRule('agreementId') agreementId: string;
  @IdRule('companyInstitution') companyInstitution: string;
  @IsIn(AGREEMENT_PARTIES) party: string;
  /** Who signed: the user signing for the institution, or the person's pseudonymous id. */
  @IsString() @Length(1, 200) signedBy: string;
  @DateRule() signedOn: string;
  /** The person's signature: required (unless legacy). */
  @ValidateIf((o: AgreementSignedV2) => o.party === 'person' && !o.legacy)
  @IsObject({ message: EVIDENCE_REQUIRED })
  @ValidateNested()
  @Type(() => SignatureEvidence)
  evidence?: SignatureEvidence;
  /** Only on v1 events read as v2: social services recorded this signature for the party, before each party signed in its own log. */
  @IsOptional() @IsBoolean() legacy?: boolean;
}

/** POST /cases/{caseId}/agreement-signatures at social services: its own signature. */
export class SocialServicesSignatureBody {
  @IdRule('agreementId') agreementId: string;
  /** The insertion company the agreement is with (it signs at its own service). */
  @IdRule('companyInstitution') companyInstitution: string;
  /** Only social-services: the company signs at its own service, the person's signature is recorded at /agreement-signatures/person. */
  @IsOptional()
  @IsIn(['social-services'], { message: "party must be social-services: the company signs at its own service (POST /cases/{caseId}/agreement-signatures there), the person's signature is recorded with its evidence at POST /cases/{caseId}/agreement-signatures/person" })
  party?: string;
  /** The user signing for social services. */
  @IsString() @Length(1, 200) signedBy: string;
  @DateRule() signedOn: string;
}

/** POST /cases/{caseId}/agreement-signatures at the insertion company: the company's own signature. */
export class CompanySignatureBody {
  @IdRule('agreementId') agreementId: string;
  /** The user signing for the company. */
  @IsString() @Length(1, 200) signedBy: string;
  @DateRule() signedOn: string;
}

/** POST /cases/{caseId}/agreement-signatures/person at social services: the person's signature with its evidence. */
export class PersonSignatureBody {
  @IdRule('agreementId') agreementId: string;
  @IdRule('companyInstitution') companyInstitution: string;
  @DateRule() signedOn: string;
  @IsObject({ message: EVIDENCE_REQUIRED }) @ValidateNested() @Type(() => SignatureEvidence) evidence: SignatureEvidence;
}

export const AGREEMENT_UPCASTERS: Upcaster[] = [
  {
    type: 'agreement.signed',
    from: 1,
    // v1: social services recorded every party. Kept as legacy: the person's signature without
    // evidence; a company's signature recorded by social services does not count as the company's.
    upcast: (payload) => ({ ...payload, legacy: true }),
  },
];

export class StepStartedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() startedOn: string;
}

/** itinerary.step-completed v1 (frozen): no result. */
export class StepCompletedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() completedOn: string;
  @IsOptional() @IsString() @Length(1, 2000) outcome?: string;
}

/** itinerary.step-completed v2: the responsible institution records the step's result (achieved, partly, not), counted by line in the indicators. */
export class StepCompletedV2 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() completedOn: string;
  /** Required, unless legacy (a v1 completion read as v2 has none). */
  @ValidateIf((o: StepCompletedV2) => !o.legacy) @IsIn(STEP_RESULTS) result?: StepResult;
  @IsOptional() @IsString() @Length(1, 2000) outcome?: string;
  /** Only on v1 events read as v2: completed before results were recorded. */
  @IsOptional() @IsBoolean() legacy?: boolean;
}

/** POST /cases/{caseId}/steps/completed: the step's responsible institution completes it with its result. */
export class CompleteStepBody {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() completedOn: string;
  @IsIn(STEP_RESULTS) result: StepResult;
  @IsOptional() @IsString() @Length(1, 2000) outcome?: string;
}

export const STEP_UPCASTERS: Upcaster[] = [
  // v1 had no result: read as a legacy completion (counted as completed, its result unknown).
  { type: 'itinerary.step-completed', from: 1, upcast: (payload) => ({ ...payload, legacy: true }) },
];

/** Joint itinerary design (001 "Diseño conjunto de itinerarios"): the responsible institution answers the step it was given. */
export class StepAcceptedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() acceptedOn: string;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class StepDeclinedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @DateRule() declinedOn: string;
  @IsString() @Length(1, 2000) reason: string;
}

/** The part of a step a responsible institution may propose to change (at least one field). */
export class StepChange {
  @IsOptional() @IsIn(STEP_KINDS) kind?: StepKind;
  @IsOptional() @DateRule() plannedStart?: string;
  @IsOptional() @DateRule() plannedEnd?: string;
  @IsOptional() @IsString() @Length(1, 1000) description?: string;
}

const CHANGE_NAMES_A_FIELD = { message: 'change must name at least one of kind, plannedStart, plannedEnd, description' };

export class StepChangeProposedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @IdRule('proposalId') proposalId: string;
  @DateRule() proposedOn: string;
  @IsString() @Length(1, 2000) reason: string;
  @IsNotEmptyObject({ nullable: false }, CHANGE_NAMES_A_FIELD) @ValidateNested() @Type(() => StepChange) change: StepChange;
}

/** Social services (the case owner) accept a proposed change: the step changes as proposed. */
export class StepChangeAcceptedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @IdRule('proposalId') proposalId: string;
  @DateRule() decidedOn: string;
  /** The change as proposed (copied from the proposal): every service applies it to the step. */
  @IsNotEmptyObject({ nullable: false }, CHANGE_NAMES_A_FIELD) @ValidateNested() @Type(() => StepChange) change: StepChange;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

/** POST /cases/{caseId}/itinerary/step-change-acceptances: the change itself is taken from the proposal. */
export class AcceptStepChangeBody {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @IdRule('proposalId') proposalId: string;
  @DateRule() decidedOn: string;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

/** Social services keep the step as it was: the proposed change is refused, with a reason. */
export class StepChangeRefusedV1 {
  @IdRule('itineraryId') itineraryId: string;
  @IdRule('stepId') stepId: string;
  @IdRule('proposalId') proposalId: string;
  @DateRule() decidedOn: string;
  @IsString() @Length(1, 2000) reason: string;
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
  { ...ss('agreement.signed', 'One of the three signatures of the insertion agreement, all recorded by social services (first shape).', AgreementSignedV1, 'acuerdo/itinerario de inserción (firma)'), deprecated: true },
  {
    type: 'agreement.signed',
    version: 2,
    producer: 'any',
    aggregate: 'case',
    description:
      "One party's signature of the insertion agreement, in its own log: social services for themselves (case stream), the company at its own service (agreement-signatures-<caseId>@insertion-company), the person's recorded by social services with its evidence (document reference and SHA-256, method, witness). Complete when all three are known.",
    payload: AgreementSignedV2,
    originalTerm: 'acuerdo/itinerario de inserción (firma)',
  },
  ss('itinerary.step-change-accepted', "Social services accept the change a step's responsible institution proposed: the step changes as proposed.", StepChangeAcceptedV1, 'diseño conjunto de itinerarios'),
  ss('itinerary.step-change-refused', 'Social services keep the step as it was: the proposed change is refused, with a reason.', StepChangeRefusedV1, 'diseño conjunto de itinerarios'),
  ss('incident.acknowledged', 'The reference technician acknowledges an incident reported by a company.', IncidentAcknowledgedV1, 'recepción de incidencia'),
  ss('incident.resolved', 'The reference technician resolves an acknowledged incident.', IncidentResolvedV1, 'resolución de incidencia'),
];

/** Step progress is recorded by the step's responsible institution, whatever its kind. */
export const STEP_EVENTS: EventDefinition[] = [
  { type: 'itinerary.step-started', version: 1, producer: 'any', aggregate: 'steps', description: 'The responsible institution starts an itinerary step.', payload: StepStartedV1 },
  { type: 'itinerary.step-completed', version: 1, producer: 'any', aggregate: 'steps', description: 'The responsible institution completes a started itinerary step (first shape, no result).', payload: StepCompletedV1, deprecated: true },
  {
    type: 'itinerary.step-completed',
    version: 2,
    producer: 'any',
    aggregate: 'steps',
    description: "The responsible institution completes a started itinerary step with its result (achieved, partly achieved, not achieved): employment steps and the actions beyond employment (housing, schooling, health resources, regularisation, socio-family mediation...), counted by line of intervention.",
    payload: StepCompletedV2,
    originalTerm: 'líneas de intervención (resultado de la acción)',
  },
  { type: 'itinerary.step-accepted', version: 1, producer: 'any', aggregate: 'steps', description: 'The responsible institution accepts the itinerary step it was given.', payload: StepAcceptedV1, originalTerm: 'diseño conjunto de itinerarios' },
  { type: 'itinerary.step-declined', version: 1, producer: 'any', aggregate: 'steps', description: 'The responsible institution declines the itinerary step it was given, with a reason.', payload: StepDeclinedV1, originalTerm: 'diseño conjunto de itinerarios' },
  {
    type: 'itinerary.step-change-proposed',
    version: 1,
    producer: 'any',
    aggregate: 'steps',
    description: 'The responsible institution proposes a change to the itinerary step it was given (kind, dates, description); social services accept or refuse it.',
    payload: StepChangeProposedV1,
    originalTerm: 'diseño conjunto de itinerarios',
  },
];
