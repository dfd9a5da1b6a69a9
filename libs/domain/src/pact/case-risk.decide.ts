import { ProactiveProposalAcceptedV1, ProactiveProposalDismissedV1 } from '@inclusion/contracts';
import { assertAnswersProposal } from '../access/access-policy';
import type { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';
import { bandRank, chronificationRisk, initialRiskInputs, RiskInputs } from './chronification-risk';

/**
 * PACT's proactive detection on a case (stream case-<caseId>, recorded by its owner):
 * - AssessRisk (the reaction assess-chronification-risk, on every event that changes the
 *   risk's inputs): computes the risk from the case as social services know it (`inputs`: own
 *   and received events) as of the command's time; a band other than the one last recorded is
 *   recorded (`case.risk-band-changed`); a rise across a threshold also records a proactive
 *   proposal for the reference technician: an itinerary review on reaching medium, a
 *   case-table meeting on reaching high (none while one of the same kind is open).
 * - AcceptProactiveProposal / DismissProactiveProposal: the reference technician's answer.
 */
export type CaseRiskCommand =
  | { type: 'AssessRisk'; data: { cause: string }; inputs?: RiskInputs }
  | { type: 'AcceptProactiveProposal'; data: ProactiveProposalAcceptedV1 }
  | { type: 'DismissProactiveProposal'; data: ProactiveProposalDismissedV1 };

export const CASE_RISK_COMMANDS: CaseRiskCommand['type'][] = ['AssessRisk', 'AcceptProactiveProposal', 'DismissProactiveProposal'];
export const isCaseRiskCommand = (command: { type: string }): command is CaseRiskCommand => (CASE_RISK_COMMANDS as string[]).includes(command.type);

/** What a rise to a band proposes: an itinerary review at medium, a case-table meeting at high. */
export const PROPOSAL_ON_RISE = { medium: 'itinerary-review', high: 'case-table-meeting' } as const;

function open(view: CaseView): void {
  if (view.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case does not exist');
  if (view.status === 'closed') throw rule('CASE.CLOSED', `the case was closed on ${view.closedOn}: it accepts no new steps or changes`);
}

function openProposal(view: CaseView, proposalId: string) {
  const proposal = view.proactiveProposals?.[proposalId];
  if (!proposal) throw notFound('PROPOSAL.NOT_FOUND', `the case has no proactive proposal ${proposalId}`);
  if (proposal.status !== 'open') throw rule('PROPOSAL.ALREADY_ANSWERED', `proposal ${proposalId} was already ${proposal.status} on ${proposal.answeredOn}`);
  return proposal;
}

export function decideCaseRisk(command: CaseRiskCommand, view: CaseView, meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'AssessRisk': {
      if (view.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case does not exist');
      if (view.status === 'closed') return []; // a closed case is not followed any more
      const risk = chronificationRisk(command.inputs ?? initialRiskInputs(), meta.now);
      const previous = view.risk?.band ?? 'low';
      if (risk.band === previous) return [];
      const events = [
        event('case.risk-band-changed', { previousBand: previous, band: risk.band, score: risk.score, formula: risk.formula, version: risk.version, assessedAt: meta.now, components: risk.components }),
      ];
      if (bandRank(risk.band) <= bandRank(previous) || risk.band === 'low') return events;
      const kind = PROPOSAL_ON_RISE[risk.band];
      const proposals = Object.values(view.proactiveProposals ?? {});
      if (proposals.some((p) => p.kind === kind && p.status === 'open')) return events;
      const { diagnosis, timeInCare, incidents } = risk.components;
      return [
        ...events,
        event('proactive-proposal.recorded', {
          proposalId: `pp-${proposals.length + 1}`,
          kind,
          band: risk.band,
          score: risk.score,
          reason: `risk of chronification rose from ${previous} to ${risk.band} (score ${risk.score}: diagnosis ${diagnosis}, time in care ${timeInCare}, incidents ${incidents}) after ${command.data.cause}`,
          proposedOn: meta.now.slice(0, 10),
          ...(view.referenceTechnician ? { referenceTechnician: view.referenceTechnician } : {}),
        }),
      ];
    }
    case 'AcceptProactiveProposal': {
      const d = command.data;
      open(view);
      const proposal = openProposal(view, d.proposalId);
      assertAnswersProposal(meta.actor, view);
      notBefore(d.acceptedOn, proposal.proposedOn, 'DATES.BACKWARDS', `accepted before proposal ${d.proposalId} was made`);
      if (proposal.kind === 'case-table-meeting' && !d.meeting) throw rule('PROPOSAL.MEETING_REQUIRED', 'accepting a case-table meeting names the meeting: table, meeting id, date and agenda');
      if (proposal.kind === 'itinerary-review' && !d.reviewBy) throw rule('PROPOSAL.REVIEW_DATE_REQUIRED', 'accepting an itinerary review names the date by which it is reviewed (reviewBy)');
      if (d.meeting) notBefore(d.meeting.date, d.acceptedOn, 'DATES.BACKWARDS', 'the meeting would be held before the proposal was accepted');
      if (d.reviewBy) notBefore(d.reviewBy, d.acceptedOn, 'DATES.BACKWARDS', 'the review would be due before the proposal was accepted');
      return [event('proactive-proposal.accepted', { ...d, ...(d.meeting ? { meeting: { ...d.meeting, agenda: [...d.meeting.agenda] } } : {}) })];
    }
    case 'DismissProactiveProposal': {
      const d = command.data;
      open(view);
      const proposal = openProposal(view, d.proposalId);
      assertAnswersProposal(meta.actor, view);
      notBefore(d.dismissedOn, proposal.proposedOn, 'DATES.BACKWARDS', `dismissed before proposal ${d.proposalId} was made`);
      return [event('proactive-proposal.dismissed', d)];
    }
  }
}
