import type { CaseView } from '../case/case-view';
import { RecordedEvent } from '../shared/decider';
import type { RiskBand } from './chronification-risk';

/** A proactive proposal on a case, as the case view keeps it. */
export interface ProactiveProposalView {
  proposalId: string;
  kind: 'case-table-meeting' | 'itinerary-review';
  band: RiskBand;
  score: number;
  reason: string;
  proposedOn: string;
  status: 'open' | 'accepted' | 'dismissed';
  answeredOn?: string;
  answeredBy?: string;
  dismissReason?: string;
  meeting?: { tableId: string; meetingId: string; date: string; agenda: string[] };
  reviewBy?: string;
}

/** The case's risk band as its owner last recorded it. */
export interface RecordedRiskView {
  band: RiskBand;
  score: number;
  since: string;
}

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * PACT's facts about a case, folded into the case view (evolveCase delegates to it): the risk
 * band its owner recorded, the proactive proposals and their answers. Only the case's owner
 * records them: an event about them from any other institution changes nothing.
 */
export function evolvePactPath(view: CaseView, event: RecordedEvent): CaseView {
  const d = event.data as D;
  if (!event.type.startsWith('proactive-proposal.') && event.type !== 'case.risk-band-changed' && event.type !== 'referral.accepted') return view;
  if (view.openedBy === undefined || event.institutionId !== view.openedBy) return view;
  const proposal = view.proactiveProposals?.[d.proposalId];
  const withProposal = (next: ProactiveProposalView): CaseView => ({ ...view, proactiveProposals: { ...view.proactiveProposals, [next.proposalId]: next } });
  switch (event.type) {
    case 'case.risk-band-changed':
      return { ...view, risk: { band: d.band, score: d.score, since: d.assessedAt } };
    case 'referral.accepted':
      return { ...view, referrals: { ...view.referrals, [d.referralId]: { referralId: d.referralId, referredBy: d.referredBy, acceptedOn: d.acceptedOn } } };
    case 'proactive-proposal.recorded':
      return withProposal({ proposalId: d.proposalId, kind: d.kind, band: d.band, score: d.score, reason: d.reason, proposedOn: d.proposedOn, status: 'open' });
    case 'proactive-proposal.accepted':
      return proposal ? withProposal({ ...proposal, status: 'accepted', answeredOn: d.acceptedOn, ...(d.meeting ? { meeting: d.meeting } : {}), ...(d.reviewBy ? { reviewBy: d.reviewBy } : {}) }) : view;
    case 'proactive-proposal.dismissed':
      return proposal ? withProposal({ ...proposal, status: 'dismissed', answeredOn: d.dismissedOn, dismissReason: d.reason }) : view;
    default:
      return view;
  }
}
