import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
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

// --- referrals from other institutions (stream referral-<referralId>@<service>) --------------

/** What the referring institution detected (seeds/003: detect situations before they worsen). */
export const REFERRAL_SIGNALS = [
  'long-term-unemployment', 'training-drop-out', 'repeated-absenteeism', 'school-absenteeism', 'housing-loss-risk', 'health-deterioration',
  'family-conflict', 'income-loss', 'isolation', 'other',
] as const;
export const REFERRAL_URGENCIES = ['low', 'medium', 'high'] as const;

/** Body of POST /referrals: an institution refers a person to social services. */
export class ReferralSentV1 {
  @IdRule('referralId') referralId: string;
  /** The social-services institution the person is referred to. */
  @IdRule('toInstitution') toInstitution: string;
  /** The person's pseudonymous id (the same one social services use for their case). */
  @Matches(/^[A-Za-z0-9_-]{4,64}$/, { message: 'personId must be a pseudonymous id (4-64 letters, digits, _ -)' }) personId: string;
  @IsString() @Length(1, 120) municipality: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsIn(REFERRAL_SIGNALS, { each: true }) signals: (typeof REFERRAL_SIGNALS)[number][];
  @IsIn(REFERRAL_URGENCIES) urgency: (typeof REFERRAL_URGENCIES)[number];
  @DateRule() sentOn: string;
  /**
   * What was observed, in words: sensitive, encrypted with the person's key at the referring
   * institution's service. Optional: an encrypted field cannot be checked by a service without
   * the key, so a receiver validates the payload without it (event-catalogue.ts).
   */
  @IsOptional() @IsString() @Length(1, 4000) situation?: string;
}

/** Body of POST /referrals/:referralId/acceptance: social services take the person in, on a case they opened (or already had). */
export class ReferralAcceptanceBody {
  @DateRule() acceptedOn: string;
  /** The case that takes the referral in: opened for it or already open (one open case per person). */
  @IdRule('caseId') caseId: string;
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class ReferralAcceptedV1 extends ReferralAcceptanceBody {
  @IdRule('referralId') referralId: string;
  /** The institution that referred the person. */
  @IdRule('referredBy') referredBy: string;
}

/** Body of POST /referrals/:referralId/decline. */
export class ReferralDeclineBody {
  @DateRule() declinedOn: string;
  @IsString() @Length(1, 2000) reason: string;
}

export class ReferralDeclinedV1 extends ReferralDeclineBody {
  @IdRule('referralId') referralId: string;
}

const anyService = (type: string, description: string, payload: new () => object, extra: Partial<EventDefinition> = {}): EventDefinition => ({
  type, version: 1, producer: 'any', aggregate: 'referral', description, payload, ...extra,
});

export const REFERRAL_EVENTS: EventDefinition[] = [
  anyService('referral.sent', 'An institution (an employment office, a partner) refers a person to social services: signals, urgency and the situation observed (encrypted).', ReferralSentV1, {
    originalTerm: 'derivación a servicios sociales (detección proactiva, PACT)',
    sensitive: ['situation'],
  }),
  { ...anyService('referral.accepted', 'Social services accept a referral, on the case that takes it in (opened for it or already open).', ReferralAcceptedV1), producer: 'social-services' },
  { ...anyService('referral.declined', 'Social services decline a referral, with a reason.', ReferralDeclinedV1), producer: 'social-services' },
];
