import { takesPart } from '../access/access-policy';
import { CaseCommand } from '../case/case.commands';
import { ReactionPolicy, refused } from './reaction-policy';

/**
 * The final evaluation of a Plan de Empleo contract, made with the tutor, is passed to the
 * case's reference technician (seeds/001: "Evaluación final con las tutoras y traslado a los/as
 * técnicos/as de referencia"): social services record that it reached the case, for its owner.
 * An evaluation by an institution that takes no part in the case waits.
 */
export const PASS_FINAL_EVALUATION: ReactionPolicy<CaseCommand> = {
  name: 'pass-final-evaluation',
  service: 'social-services',
  on: ['plan-contract.final-evaluation-recorded'],
  from: 'other-services',
  command: 'PassFinalEvaluation',
  records: 'final-evaluation.passed',
  actor: "the case's owner",
  react(cause, { caseView }) {
    if (caseView.status === 'unknown' || !caseView.openedBy) return refused(null, 'CASE.NOT_FOUND', `case ${cause.caseId} is unknown to social services`);
    if (!takesPart(caseView, cause.institutionId)) return refused(null, 'ACCESS.DENIED', `${cause.institutionId} takes no part in case ${cause.caseId} (yet)`);
    const evaluation = cause.data as { contractId: string; recommendation: string };
    return {
      outcome: 'command',
      institutionId: caseView.openedBy,
      command: { type: 'PassFinalEvaluation', data: { contractId: evaluation.contractId, evaluatedBy: cause.institutionId, recommendation: evaluation.recommendation } },
    };
  },
};
