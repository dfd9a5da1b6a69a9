import { DecisionRecordedV1 } from '@inclusion/contracts';
import { takesPart } from '../access/access-policy';
import { CaseCommand } from '../case/case.commands';
import { tableIdOfStream } from '../shared/stream-ids';
import { ReactionPolicy, refused } from './reaction-policy';

/**
 * A case-table decision that reorients the itinerary reorients it on the case, recorded by
 * the case's owner whichever member recorded the decision (at its own service). A decision
 * by an institution that takes no part in the case is refused.
 */
export const REORIENT_AFTER_TABLE_DECISION: ReactionPolicy<CaseCommand> = {
  name: 'reorient-after-table-decision',
  service: 'social-services',
  on: ['table.decision-recorded'],
  from: 'any-service',
  command: 'ReorientItinerary',
  records: 'itinerary.reoriented',
  actor: "the case's owner",
  react(cause, { caseView }) {
    const decision = cause.data as unknown as DecisionRecordedV1;
    if (!decision.reorientsItinerary || !cause.caseId) return { outcome: 'none' };
    if (caseView.status === 'unknown' || !caseView.openedBy) return refused(null, 'CASE.NOT_FOUND', `case ${cause.caseId} is unknown to social services`);
    if (!takesPart(caseView, cause.institutionId)) return refused(null, 'ACCESS.DENIED', `${cause.institutionId} takes no part in case ${cause.caseId} (yet)`);
    return {
      outcome: 'command',
      institutionId: caseView.openedBy,
      command: { type: 'ReorientItinerary', data: { ...decision.reorientsItinerary, tableId: tableIdOfStream(cause.streamId), decisionId: decision.decisionId } },
    };
  },
};
