import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

/**
 * PACT's proactive detection (seeds/003): the risk of chronification of every case, a change
 * of its band recorded on the case by its owner, the proactive proposal a rise records, and
 * the reference technician's answer. docs/pact.md.
 */
export const RISK_BAND_VALUES = ['low', 'medium', 'high'] as const;
export const PROPOSAL_KINDS = ['case-table-meeting', 'itinerary-review'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export class RiskComponents {
  @IsNumber() @Min(0) @Max(100) diagnosis: number;
  @IsNumber() @Min(0) @Max(100) timeInCare: number;
  @IsNumber() @Min(0) @Max(100) incidents: number;
}

/** The case's risk band changed (recorded by its owner, by the reaction assess-chronification-risk). */
export class RiskBandChangedV1 {
  @IsIn(RISK_BAND_VALUES) previousBand: (typeof RISK_BAND_VALUES)[number];
  @IsIn(RISK_BAND_VALUES) band: (typeof RISK_BAND_VALUES)[number];
  @IsInt() @Min(0) @Max(200) score: number;
  @IsString() @Length(1, 80) formula: string;
  @IsInt() @Min(1) version: number;
  /** As of when the score was computed (ISO date-time). */
  @DateRule() assessedAt: string;
  @ValidateNested() @Type(() => RiskComponents) components: RiskComponents;
}

/** A proactive proposal recorded when the risk crosses a threshold upwards. */
export class ProactiveProposalRecordedV1 {
  @IdRule('proposalId') proposalId: string;
  @IsIn(PROPOSAL_KINDS) kind: ProposalKind;
  @IsIn(RISK_BAND_VALUES) band: (typeof RISK_BAND_VALUES)[number];
  @IsInt() @Min(0) @Max(200) score: number;
  @IsString() @Length(1, 1000) reason: string;
  @DateRule() proposedOn: string;
  /** The reference technician who answers it, when the case has one. */
  @IsOptional() @IsString() @Length(1, 120) referenceTechnician?: string;
}

/** The case-table meeting an accepted proposal requests. */
export class ProposedMeeting {
  /** The case table (Mesa Técnica de Casos) the meeting is convened at. */
  @IdRule('tableId') tableId: string;
  @IdRule('meetingId') meetingId: string;
  @DateRule() date: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) agenda: string[];
}

/** Body of POST /cases/:caseId/proactive-proposals/acceptances. */
export class ProactiveProposalAcceptedV1 {
  @IdRule('proposalId') proposalId: string;
  @DateRule() acceptedOn: string;
  /** For a case-table meeting: the meeting it requests (convened by the reaction convene-proposed-meeting). */
  @IsOptional() @ValidateNested() @Type(() => ProposedMeeting) meeting?: ProposedMeeting;
  /** For an itinerary review: the date by which the itinerary is reviewed. */
  @IsOptional() @DateRule() reviewBy?: string;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

/** Body of POST /cases/:caseId/proactive-proposals/dismissals. */
export class ProactiveProposalDismissedV1 {
  @IdRule('proposalId') proposalId: string;
  @DateRule() dismissedOn: string;
  @IsString() @Length(1, 2000) reason: string;
}

const ss = (type: string, description: string, payload: new () => object, originalTerm?: string): EventDefinition => ({
  type, version: 1, producer: 'social-services', aggregate: 'case', description, payload, originalTerm,
});

export const PACT_EVENTS: EventDefinition[] = [
  ss('case.risk-band-changed', "The case's risk of chronification changed band (low, medium, high): score, formula and components, recorded by the case's owner.", RiskBandChangedV1, 'riesgo de cronificación (PACT)'),
  ss('proactive-proposal.recorded', 'The risk crossed a threshold upwards: a proactive proposal (a case-table meeting, an itinerary review) for the reference technician.', ProactiveProposalRecordedV1, 'metodología proactiva y preventiva (PACT)'),
  ss('proactive-proposal.accepted', 'The reference technician accepts a proactive proposal, with the meeting or review it requests.', ProactiveProposalAcceptedV1),
  ss('proactive-proposal.dismissed', 'The reference technician dismisses a proactive proposal, with a reason.', ProactiveProposalDismissedV1),
];

