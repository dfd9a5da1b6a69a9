import { ReferralAcceptanceBody, ReferralDeclineBody, ReferralSentV1 } from '@inclusion/contracts';
import { referralFactCounts } from '../access/access-policy';
import type { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/**
 * A referral from another institution (seeds/003: detect situations "antes de que se produzcan
 * agravamientos y cronicidades"): an employment office or a partner refers a person to social
 * services at its own service (stream referral-<referralId>@<service>); social services, the
 * institution it names, accept it on a case they own (opened for it, or already open) or
 * decline it with a reason, at theirs. Each folds both services' streams of the referral.
 */
export interface ReferralState {
  exists: boolean;
  referralId?: string;
  /** The referring institution. */
  from?: string;
  toInstitution?: string;
  personId?: string;
  sentOn?: string;
  urgency?: string;
  signals?: string[];
  status: 'none' | 'sent' | 'accepted' | 'declined';
  answeredOn?: string;
  caseId?: string;
  reason?: string;
}

export const initialReferral = (): ReferralState => ({ exists: false, status: 'none' });

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function evolveReferral(state: ReferralState, e: RecordedEvent): ReferralState {
  if (!referralFactCounts(e, state)) return state;
  const d = e.data as D;
  switch (e.type) {
    case 'referral.sent':
      return { exists: true, referralId: d.referralId, from: e.institutionId, toInstitution: d.toInstitution, personId: d.personId, sentOn: d.sentOn, urgency: d.urgency, signals: d.signals, status: 'sent' };
    case 'referral.accepted':
      return { ...state, status: 'accepted', answeredOn: d.acceptedOn, caseId: d.caseId };
    case 'referral.declined':
      return { ...state, status: 'declined', answeredOn: d.declinedOn, reason: d.reason };
    default:
      return state;
  }
}

export type ReferralCommand =
  | { type: 'SendReferral'; data: ReferralSentV1 }
  | { type: 'AcceptReferral'; data: ReferralAcceptanceBody }
  | { type: 'DeclineReferral'; data: ReferralDeclineBody };

/** What a referral command needs: the referral as every service recorded it, the addressee's kind (to send), the case (to accept). */
export interface ReferralKnowledgeInput {
  referral: ReferralState;
  addresseeKind?: string;
  caseView?: CaseView | null;
}

function answerable(referral: ReferralState, on: string): void {
  if (!referral.exists) throw notFound('REFERRAL.NOT_FOUND', 'no such referral has reached social services');
  if (referral.status !== 'sent') throw rule('REFERRAL.ALREADY_ANSWERED', `the referral was already ${referral.status} on ${referral.answeredOn}`);
  notBefore(on, referral.sentOn!, 'DATES.BACKWARDS', 'answered before the referral was sent');
}

export function decideReferral(command: ReferralCommand, { referral, addresseeKind, caseView }: ReferralKnowledgeInput, meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'SendReferral':
      if (referral.exists) throw rule('REFERRAL.ALREADY_EXISTS', `referral ${command.data.referralId} was already sent`);
      if (addresseeKind !== 'social-services') throw rule('REFERRAL.NOT_SOCIAL_SERVICES', `${command.data.toInstitution} is not a social-services institution of the network`);
      return [event('referral.sent', command.data)];
    case 'AcceptReferral': {
      const d = command.data;
      answerable(referral, d.acceptedOn);
      if (!caseView || caseView.status === 'unknown' || caseView.openedBy !== meta.institutionId) throw notFound('CASE.NOT_FOUND', `${meta.institutionId} has no case ${d.caseId}: open it first`);
      if (caseView.status === 'closed') throw rule('CASE.CLOSED', `case ${d.caseId} was closed on ${caseView.closedOn}`);
      if (caseView.personId !== referral.personId) throw rule('REFERRAL.OTHER_PERSON', `case ${d.caseId} is not the referred person's`);
      return [event('referral.accepted', { ...d, referralId: referral.referralId, referredBy: referral.from })];
    }
    case 'DeclineReferral':
      answerable(referral, command.data.declinedOn);
      return [event('referral.declined', { ...command.data, referralId: referral.referralId })];
  }
}
