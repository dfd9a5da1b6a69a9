import { CaseCommand } from '../case/case.commands';
import { RISK_INPUT_EVENTS } from '../pact/chronification-risk';
import { ReactionPolicy, refused } from './reaction-policy';

/**
 * PACT: the risk of chronification is assessed again whenever an event that changes its inputs
 * is recorded on a case (its opening, a diagnosis, an incident followed up or resolved):
 * social services, the case's owner, run AssessRisk, which records a change of band (and, on a
 * rise across a threshold, a proactive proposal). Those events are the owner's own, so the
 * reaction runs from its own topic (a crash between cause and effect loses nothing); the same
 * types recorded by anyone else are not the case's facts and change nothing.
 */
export const ASSESS_CHRONIFICATION_RISK: ReactionPolicy<CaseCommand> = {
  name: 'assess-chronification-risk',
  service: 'social-services',
  on: RISK_INPUT_EVENTS,
  from: 'any-service',
  command: 'AssessRisk',
  records: 'case.risk-band-changed',
  actor: "the case's owner",
  react(cause, { caseView }) {
    if (!cause.caseId) return { outcome: 'none' };
    if (caseView.status === 'unknown' || !caseView.openedBy) return refused(null, 'CASE.NOT_FOUND', `case ${cause.caseId} is unknown to social services`);
    if (caseView.status === 'closed' || cause.institutionId !== caseView.openedBy) return { outcome: 'none' };
    return { outcome: 'command', institutionId: caseView.openedBy, command: { type: 'AssessRisk', data: { cause: cause.type } } };
  },
};
