import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { EventDefinition } from '../../catalogue/event-catalogue';
import { DateRule, ID, IdRule } from '../common';

/** Every element of an array is an id. */
const EachIdRule = (field: string) => Matches(ID, { each: true, message: `each of ${field} must be an id: 1-120 letters, digits, _ . : -, starting with a letter or digit` });
import { INTERVENTION_LINES } from '../programme.events';

/**
 * A territorial plan (Plan Local de Integración Social, Castilla-La Mancha; Piano di Zona,
 * Lodi; Piano d'Ambito, Marche): the programme level as the seeds practise it, in phases 0-4
 * (000 "Modelo Regional del Plan Local"). Stream territorial-plan-<planId>@<service>: the
 * institution leading the plan records at its own service, each partner records the findings
 * it contributes at its own (docs/territorial-plans.md).
 */

/** Phases of the regional model (000): 0 prior knowledge, 1 participation, 2 technical table, 3 programmed development and evaluation, 4 follow-up commission. */
export const PLAN_PHASES = [0, 1, 2, 3, 4] as const;

/** Context of the shared diagnosis (000, Toledo: "Contexto"). */
export const CONTEXT_TOPICS = ['population', 'households', 'housing', 'labour-market', 'immigrant-population', 'roma-population', 'other'] as const;

/** What a technical table does for the plan (000: "mecanismos de ejecución, gestión, coordinación y seguimiento"). */
export const TABLE_FUNCTIONS = ['execution', 'management', 'coordination', 'follow-up'] as const;

/** How the plan office answers a contribution. */
export const CONTRIBUTION_OUTCOMES = ['accepted', 'partially-accepted', 'rejected', 'noted'] as const;

/**
 * Indicators a target is measured by: figures the cases produce (libs/read-models indicators,
 * definitions in docs/read-models.md), named here, mapped in libs/read-models/src/plan-evaluation.ts.
 */
export const PLAN_INDICATORS = [
  'people-attended', 'diagnoses-done', 'people-trained', 'trainings-completed', 'placements-started', 'contracts-registered',
  'ordinary-labour-market', 'incidents-resolved', 'meetings-held', 'actions-overdue',
] as const;

export class TerritorialPlanCreatedV1 {
  @IsString() @Length(1, 300) name: string;
  /** The territory: a municipality, a district, an Ambito. */
  @IsString() @Length(1, 300) territory: string;
  /** The programme whose projects and cases the plan's targets are measured on. */
  @IdRule('programmeId') programmeId: string;
  /** The triennial plan's period (004 "Triennale"). */
  @DateRule() periodStart: string;
  @DateRule() periodEnd: string;
  /** Partner institutions (registry ids): they contribute findings, sit on its tables, own actions. */
  @IsArray() @ArrayUnique() @ArrayMaxSize(200) @EachIdRule('partners') partners: string[];
}

export class PlanPartnerAddedV1 {
  @IdRule('institutionId') institutionId: string;
  /** What the partner is for the plan (third-sector entity, health service, school, union...). */
  @IsString() @Length(1, 200) role: string;
}

export class PlanPhaseStartedV1 {
  @IsInt() @Min(0) @Max(4) phase: number;
  @DateRule() startedOn: string;
}

export class ContextFigure {
  @IsIn(CONTEXT_TOPICS) topic: string;
  @IsString() @Length(1, 300) label: string;
  @IsNumber() value: number;
  @IsString() @Length(1, 40) unit: string;
  @IsString() @Length(1, 300) source: string;
  @IsInt() @Min(1900) @Max(2100) year: number;
}

/** Phase 0: figures of the territory's context, recorded by the institution that brought them. */
export class PlanContextRecordedV1 {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ContextFigure) figures: ContextFigure[];
}

/** Phase 0: one finding of the shared diagnosis, recorded by the institution that contributed it, at its own service. */
export class PlanFindingRecordedV1 {
  @IdRule('findingId') findingId: string;
  @IsOptional() @IsIn(INTERVENTION_LINES) line?: string;
  /** Who is affected (000: "Se identificó a los afectados por la exclusión social"). */
  @IsString() @Length(1, 300) affectedGroup: string;
  @IsString() @Length(1, 4000) text: string;
}

/** Phase 1: a consultation meeting with the territory's actors (002: unions, cooperatives, third sector, schools, the prefect...). */
export class ConsultationMeetingHeldV1 {
  @IdRule('meetingId') meetingId: string;
  @DateRule() heldOn: string;
  @IsString() @Length(1, 300) topic: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 200, { each: true }) participants: string[];
  @IsString() @Length(1, 20000) summary: string;
}

/** Publish the next draft: what the plan office sends. */
export class PublishDraftInput {
  @IsString() @Length(1, 100000) text: string;
  @DateRule() openUntil: string;
  /** Contributions (answered accepted or partially accepted) this draft takes in. */
  @IsArray() @ArrayUnique() @ArrayMaxSize(1000) @EachIdRule('incorporates') incorporates: string[];
}

/** Phase 1: a draft version published for contributions (002 "consultare bozza del documento"). */
export class PlanDraftPublishedV1 extends PublishDraftInput {
  @IsInt() @Min(1) draftVersion: number;
}

export class ConsultationClosedV1 {
  @IsInt() @Min(1) draftVersion: number;
  @DateRule() closedOn: string;
}

/** Who sent a contribution: personal data, stored encrypted (person key contributor-<contributionId>). */
export class Contributor {
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsEmail({}, { message: 'contributor.email must be an email address' }) @Length(3, 254) email?: string;
  @IsOptional() @IsString() @Length(1, 300) organisation?: string;
}

/** What the public page sends. */
export class SendContributionInput {
  @IsString() @Length(1, 4000) text: string;
  @ValidateNested() @Type(() => Contributor) contributor: Contributor;
}

/** Phase 1: a contribution to the open draft, recorded by the plan office (002 "inviare contributi"). */
export class PlanContributionReceivedV1 {
  @IdRule('contributionId') contributionId: string;
  @IsInt() @Min(1) draftVersion: number;
  @IsString() @Length(1, 4000) text: string;
  /** Encrypted with the contributor's key (sensitive). */
  @ValidateNested() @Type(() => Contributor) contributor: Contributor;
  @DateRule() receivedOn: string;
}

export class PlanContributionAnsweredV1 {
  @IdRule('contributionId') contributionId: string;
  @IsIn(CONTRIBUTION_OUTCOMES) outcome: string;
  @IsString() @Length(1, 8000) answer: string;
}

/** Phase 2: the plan's technical table (Mesa Técnica) and the functions it takes on. */
export class PlanTechnicalTableLinkedV1 {
  @IdRule('tableId') tableId: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(TABLE_FUNCTIONS, { each: true }) functions: string[];
}

/** Phase 3: a line of intervention (the six Toledo lines). */
export class PlanLineAdoptedV1 {
  @IsIn(INTERVENTION_LINES) line: string;
  @IsString() @Length(1, 2000) rationale: string;
}

export class PlanObjectiveSetV1 {
  @IdRule('objectiveId') objectiveId: string;
  @IsIn(INTERVENTION_LINES) line: string;
  @IsIn(['general', 'specific']) kind: string;
  @IsString() @Length(1, 2000) text: string;
}

export class PriorityScore {
  @IdRule('objectiveId') objectiveId: string;
  /** 000: "Peso demográfico de la población afectada", 1-5. */
  @IsInt() @Min(1) @Max(5) demographicWeight: number;
  /** 000: "Gravedad del problema", 1-5. */
  @IsInt() @Min(1) @Max(5) severity: number;
  /** 000: "Beneficios/posibilidades de lograr los objetivos", 1-5. */
  @IsInt() @Min(1) @Max(5) likelihood: number;
}

export class ScorePrioritiesInput {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PriorityScore) scores: PriorityScore[];
  @IsString() @Length(1, 4000) rationale: string;
}

export class RankedPriority extends PriorityScore {
  @IsInt() @Min(3) @Max(15) total: number;
  @IsInt() @Min(1) rank: number;
}

/** Phase 3: a scoring of the priorities by the three criteria; each scoring is a new version. */
export class PlanPrioritiesScoredV1 {
  @IsInt() @Min(1) scoringVersion: number;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => RankedPriority) scores: RankedPriority[];
  @IsString() @Length(1, 4000) rationale: string;
}

/** Phase 3: a measurable target of an objective, measured by an indicator the cases produce. */
export class PlanTargetSetV1 {
  @IdRule('targetId') targetId: string;
  @IdRule('objectiveId') objectiveId: string;
  @IsIn(PLAN_INDICATORS) indicator: string;
  @IsIn(['at-least', 'at-most']) direction: string;
  @IsNumber() @Min(0) value: number;
  @DateRule() dueBy: string;
  /** Measured on one project of the programme only. */
  @IsOptional() @IdRule('projectId') projectId?: string;
}

/** Phase 3: an annual implementation plan inside the triennial plan (004 "Attuativo annuale"). */
export class PlanAnnualPlanAdoptedV1 {
  @IsInt() @Min(2000) @Max(2100) year: number;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @EachIdRule('objectives') objectives: string[];
  /** Improvements of follow-up reviews carried into this year (decision ids). */
  @IsArray() @ArrayUnique() @EachIdRule('carriesDecisions') carriesDecisions: string[];
  @IsString() @Length(1, 20000) text: string;
}

/** Phase 3: a project or action of an annual plan, tied to a line and objectives. */
export class PlanActionProgrammedV1 {
  @IdRule('actionId') actionId: string;
  @IsInt() @Min(2000) @Max(2100) year: number;
  @IsIn(INTERVENTION_LINES) line: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @EachIdRule('objectives') objectives: string[];
  @IsString() @Length(1, 2000) description: string;
  @IdRule('ownerInstitution') ownerInstitution: string;
  /** The programme's project that carries it out, if any. */
  @IsOptional() @IdRule('projectId') projectId?: string;
  @DateRule() dueOn: string;
}

export class TargetActual {
  @IdRule('targetId') targetId: string;
  @IsNumber() @Min(0) actual: number;
}

export class ReviewDecision {
  @IdRule('decisionId') decisionId: string;
  @IsString() @Length(1, 4000) text: string;
  /** Where the improvement goes (001: improvements for the next year). */
  @IsIn(['corrective-action', 'next-annual-plan', 'next-plan']) carriedInto: string;
}

export class HoldFollowUpReviewInput {
  @IdRule('reviewId') reviewId: string;
  @DateRule() heldOn: string;
  @DateRule() periodFrom: string;
  @DateRule() periodTo: string;
  /** The actuals the commission reviewed (GET /territorial-plans/:planId/evaluation at the delegation computes them). */
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => TargetActual) actuals: TargetActual[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ReviewDecision) decisions: ReviewDecision[];
}

export class ReviewedTarget extends TargetActual {
  @IsNumber() target: number;
  @IsIn(['at-least', 'at-most']) direction: string;
  @IsBoolean() met: boolean;
}

/** Phase 4: a periodic review of the follow-up commission: targets against actuals, decisions. */
export class PlanFollowUpReviewHeldV1 {
  @IdRule('reviewId') reviewId: string;
  @DateRule() heldOn: string;
  @DateRule() periodFrom: string;
  @DateRule() periodTo: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ReviewedTarget) targets: ReviewedTarget[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ReviewDecision) decisions: ReviewDecision[];
}

/**
 * Approval (000 "firma del convenio plurianual"; 002 "Accordo di programma: adesione e
 * sottoscrizione degli attori"): the lead proposes the multi-year agreement naming who must
 * sign it; each signatory signs at its own service, in its own log.
 */
export class PlanAgreementProposedV1 {
  @IsString() @Length(1, 100000) text: string;
  /** The partners that must sign (the lead signs too, always). */
  @IsArray() @ArrayUnique() @ArrayMaxSize(200) @EachIdRule('signatories') signatories: string[];
  @DateRule() proposedOn: string;
}

export class SignPlanAgreementInput {
  @DateRule() signedOn: string;
  /** In what capacity the institution signs (mayor, director, legal representative...). */
  @IsString() @Length(1, 200) capacity: string;
}

/** A signatory signs the agreement, recorded at its own service by itself. */
export class PlanAgreementSignedV1 extends SignPlanAgreementInput {
  /** Who signed for the institution (its user). */
  @IsString() @Length(1, 120) signedBy: string;
}

/** The political bodies that approve a plan (004 "Comitato dei Sindaci"; 002 "Assemblee Distrettuali"; 000 pleno municipal). */
export const APPROVING_BODIES = ['mayors-committee', 'district-assembly', 'municipal-plenary'] as const;
export const VOTES = ['for', 'against', 'abstain'] as const;

export class MunicipalityVote {
  @IsString() @Length(1, 200) municipality: string;
  @IsIn(VOTES) vote: string;
}

export class RecordApprovalVoteInput {
  @IdRule('decisionId') decisionId: string;
  @IsIn(APPROVING_BODIES) body: string;
  @DateRule() decidedOn: string;
  /** The lead municipality (004 "Comune capofila"; 002 "Capofila Comune Lodi"). */
  @IsString() @Length(1, 200) leadMunicipality: string;
  /** Who presides the body. */
  @IsString() @Length(1, 200) president: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MunicipalityVote) votes: MunicipalityVote[];
}

/** The mayors' body decides on the plan: each municipality's vote and the outcome (approved with more votes for than against). */
export class PlanApprovalVotedV1 extends RecordApprovalVoteInput {
  @IsIn(['approved', 'rejected']) outcome: string;
  @IsInt() @Min(0) votesFor: number;
  @IsInt() @Min(0) votesAgainst: number;
  @IsInt() @Min(0) abstentions: number;
}

/** Sectors the plan office's staff are drawn from (004: enti locali, sanità, terzo settore, scuola). */
export const STAFF_SECTORS = ['local-body', 'health', 'third-sector', 'school'] as const;

/** Roles (004 "Coordinatore d'Ambito"; 002 "Ufficio di Piano: coordinamento"): the plan office's coordinator. */
export class PlanCoordinatorAppointedV1 {
  /** The coordinator (a user of the institution). */
  @IsString() @Length(1, 120) userId: string;
  @IdRule('institutionId') institutionId: string;
  @DateRule() appointedOn: string;
}

/** A member of the plan office's staff, drawn from a local body, health, the third sector or a school. */
export class PlanOfficeStaffJoinedV1 {
  @IsString() @Length(1, 120) userId: string;
  @IdRule('institutionId') institutionId: string;
  @IsIn(STAFF_SECTORS) sector: string;
  @IsString() @Length(1, 200) role: string;
  @DateRule() joinedOn: string;
}

export class PlanOfficeStaffLeftV1 {
  @IsString() @Length(1, 120) userId: string;
  @DateRule() leftOn: string;
}

/** A multidisciplinary working group or a consultation table of the plan (004 "Gruppi di lavoro", "Tavoli di consultazione"). */
export class PlanGroupFormedV1 {
  @IdRule('groupId') groupId: string;
  @IsIn(['working-group', 'consultation-table']) kind: string;
  @IsString() @Length(1, 300) name: string;
  @IsOptional() @IsIn(INTERVENTION_LINES) line?: string;
  @DateRule() formedOn: string;
}

export class PlanGroupMemberJoinedV1 {
  @IdRule('groupId') groupId: string;
  @IdRule('institutionId') institutionId: string;
  @DateRule() joinedOn: string;
}

export class PlanGroupMemberLeftV1 {
  @IdRule('groupId') groupId: string;
  @IdRule('institutionId') institutionId: string;
  @DateRule() leftOn: string;
}

/** An action of the plan completed, recorded by its owner at its own service (or by the lead). */
export class PlanActionCompletedV1 {
  @IdRule('actionId') actionId: string;
  @DateRule() completedOn: string;
  @IsString() @Length(1, 4000) result: string;
}

const plan = (type: string, description: string, payload: new () => object, originalTerm?: string, sensitive?: string[]): EventDefinition => ({
  type, version: 1, producer: 'any', aggregate: 'territorial-plan', description, payload, originalTerm, sensitive,
});

export const TERRITORIAL_PLAN_EVENTS: EventDefinition[] = [
  plan('territorial-plan.created', 'A territorial plan led by the recording institution: territory, programme, triennial period, partners.', TerritorialPlanCreatedV1, 'Plan Local de Integración Social / Piano di Zona / Piano d\'Ambito'),
  plan('territorial-plan.partner-added', 'An institution joins the plan as a partner.', PlanPartnerAddedV1, 'adesione (Accordo di programma)'),
  plan('territorial-plan.phase-started', 'The plan enters a phase of the regional model (0-4).', PlanPhaseStartedV1, 'fase'),
  plan('territorial-plan.context-recorded', 'Phase 0: figures of the territory\'s context, by the institution that brought them.', PlanContextRecordedV1, 'contexto (diagnóstico compartido)'),
  plan('territorial-plan.finding-recorded', 'Phase 0: a finding of the shared diagnosis, recorded by the institution that contributed it.', PlanFindingRecordedV1, 'diagnóstico compartido / lettura dei bisogni'),
  plan('territorial-plan.consultation-meeting-held', 'Phase 1: a consultation meeting with the territory\'s actors.', ConsultationMeetingHeldV1, 'taller de participación / incontro / tavolo di consultazione'),
  plan('territorial-plan.draft-published', 'Phase 1: a draft version published for contributions, naming the contributions it takes in.', PlanDraftPublishedV1, 'bozza del documento'),
  plan('territorial-plan.contribution-received', 'Phase 1: a contribution to the open draft, sent from the public page (contributor encrypted).', PlanContributionReceivedV1, 'contributo', ['contributor']),
  plan('territorial-plan.contribution-answered', 'Phase 1: the plan office answers a contribution.', PlanContributionAnsweredV1, 'risposta dell\'Ufficio di Piano'),
  plan('territorial-plan.consultation-closed', 'Phase 1: the draft is closed to contributions.', ConsultationClosedV1),
  plan('territorial-plan.technical-table-linked', 'Phase 2: the plan\'s technical table and its functions.', PlanTechnicalTableLinkedV1, 'Mesa Técnica (funciones)'),
  plan('territorial-plan.line-adopted', 'Phase 3: a line of intervention of the plan.', PlanLineAdoptedV1, 'línea de intervención'),
  plan('territorial-plan.objective-set', 'Phase 3: a general or specific objective of a line.', PlanObjectiveSetV1, 'objetivo general / específico'),
  plan('territorial-plan.priorities-scored', 'Phase 3: a versioned scoring of objectives by demographic weight, severity and likelihood.', PlanPrioritiesScoredV1, 'prioridades de intervención'),
  plan('territorial-plan.target-set', 'Phase 3: a measurable target of an objective, measured by an indicator.', PlanTargetSetV1, 'meta / obiettivo misurabile'),
  plan('territorial-plan.annual-plan-adopted', 'Phase 3: an annual implementation plan within the triennial plan.', PlanAnnualPlanAdoptedV1, 'Piano attuativo annuale'),
  plan('territorial-plan.action-programmed', 'Phase 3: a project or action of an annual plan, tied to a line and objectives.', PlanActionProgrammedV1, 'proyecto / acción'),
  plan('territorial-plan.action-completed', 'An action of the plan completed, recorded by its owner at its own service (or by the lead).', PlanActionCompletedV1, 'acción realizada'),
  plan('territorial-plan.agreement-proposed', 'The multi-year agreement proposed for signature, naming the partners that must sign it.', PlanAgreementProposedV1, 'convenio plurianual / Accordo di programma'),
  plan('territorial-plan.agreement-signed', 'A signatory signs the plan\'s agreement, at its own service.', PlanAgreementSignedV1, 'firma del convenio / sottoscrizione'),
  plan('territorial-plan.approval-voted', 'The mayors\' body decides on the plan, each municipality\'s vote recorded.', PlanApprovalVotedV1, 'Comitato dei Sindaci / Assemblea Distrettuale'),
  plan('territorial-plan.coordinator-appointed', 'The plan office\'s coordinator appointed.', PlanCoordinatorAppointedV1, 'Coordinatore d\'Ambito / Ufficio di Piano'),
  plan('territorial-plan.office-staff-joined', 'A member joins the plan office\'s staff, drawn from a local body, health, the third sector or a school.', PlanOfficeStaffJoinedV1, 'staff dell\'Ufficio di Piano'),
  plan('territorial-plan.office-staff-left', 'A member leaves the plan office\'s staff.', PlanOfficeStaffLeftV1),
  plan('territorial-plan.group-formed', 'A multidisciplinary working group or a consultation table of the plan.', PlanGroupFormedV1, 'Gruppo di lavoro / Tavolo di consultazione'),
  plan('territorial-plan.group-member-joined', 'An institution joins a working group or consultation table of the plan.', PlanGroupMemberJoinedV1),
  plan('territorial-plan.group-member-left', 'An institution leaves a working group or consultation table of the plan.', PlanGroupMemberLeftV1),
  plan('territorial-plan.follow-up-review-held', 'Phase 4: a review of the follow-up commission: targets against actuals, decisions.', PlanFollowUpReviewHeldV1, 'Comisión de seguimiento'),
];
