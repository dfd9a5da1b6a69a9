import { ProactiveProposalAcceptedV1 } from '@inclusion/contracts';
import { TableCommand } from '../table/table';
import { ReactionPolicy } from './reaction-policy';

/**
 * PACT: a proactive proposal of a case-table meeting, once the reference technician accepts it,
 * convenes that meeting at the case table (Mesa Técnica de Casos) the acceptance names, for the
 * case's owner, linked to the acceptance by causation id. The table's rules apply as for any
 * meeting: a table the owner is not a member of, or a meeting id already used, is refused and
 * the refusal recorded (reaction.refused). An acceptance recorded by anyone but the owner
 * convenes nothing.
 */
export const CONVENE_PROPOSED_MEETING: ReactionPolicy<TableCommand & { tableId: string }> = {
  name: 'convene-proposed-meeting',
  service: 'social-services',
  on: ['proactive-proposal.accepted'],
  from: 'any-service',
  command: 'ConveneMeeting',
  records: 'table.meeting-convened',
  actor: "the case's owner, at its case table",
  react(cause, { caseView }) {
    const meeting = (cause.data as unknown as ProactiveProposalAcceptedV1).meeting;
    if (!meeting || !caseView.openedBy || cause.institutionId !== caseView.openedBy) return { outcome: 'none' };
    return {
      outcome: 'command',
      institutionId: caseView.openedBy,
      command: { type: 'ConveneMeeting', tableId: meeting.tableId, data: { meetingId: meeting.meetingId, date: meeting.date, agenda: [...meeting.agenda] } },
    };
  },
};
