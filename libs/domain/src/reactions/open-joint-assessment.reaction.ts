import { EmploymentCommand } from '../employment/employment';
import { takesPart } from '../access/access-policy';
import { ReactionPolicy, refused } from './reaction-policy';

/**
 * The end of a contract (insertion company, or a Plan de Empleo contract) or of the plan (itinerary closed by social
 * services, unless an agreed joint assessment closed it) opens a joint assessment at the employment office that takes part in the case:
 * the one responsible for its first employment-office step. When none takes part there is
 * nobody to record it: the reaction is refused (no fallback institution).
 */
export const OPEN_JOINT_ASSESSMENT: ReactionPolicy<EmploymentCommand> = {
  name: 'open-joint-assessment',
  service: 'employment-office',
  on: ['placement.contract-ended', 'itinerary.closed', 'plan-contract.ended'],
  from: 'other-services',
  command: 'OpenJointAssessment',
  records: 'joint-assessment.opened',
  actor: 'the employment office responsible for a step of the itinerary',
  react(cause, { caseView, kindOf }) {
    if (!cause.caseId) return { outcome: 'none' };
    // An itinerary closed by an agreed joint assessment needs no second one.
    if (cause.type === 'itinerary.closed' && Object.values(caseView.jointAssessments ?? {}).some((a) => a.status === 'agreed' && a.decision === 'close' && a.itineraryId === cause.data.itineraryId)) {
      return { outcome: 'none' };
    }
    if (caseView.status === 'unknown') return refused(null, 'CASE.NOT_FOUND', `case ${cause.caseId} is unknown to the employment office`);
    const office = (caseView.itinerary?.steps ?? []).map((s) => s.responsibleInstitution).find((i) => kindOf(i) === 'employment-office' && takesPart(caseView, i));
    if (!office) return refused(null, 'REACTION.NO_INSTITUTION', `no employment office takes part in case ${cause.caseId}: nobody may open its joint assessment`);
    if (!takesPart(caseView, cause.institutionId)) return refused(null, 'ACCESS.DENIED', `${cause.institutionId} takes no part in case ${cause.caseId} (yet)`);
    const data =
      cause.type === 'placement.contract-ended'
        ? { assessmentId: `ja-${cause.data.placementId}`, trigger: 'contract-ended' as const, placementId: String(cause.data.placementId) }
        : cause.type === 'plan-contract.ended'
          ? { assessmentId: `ja-${cause.data.contractId}`, trigger: 'plan-ended' as const }
          : { assessmentId: `ja-${cause.data.itineraryId}`, trigger: 'plan-ended' as const };
    return { outcome: 'command', institutionId: office, command: { type: 'OpenJointAssessment', data } };
  },
};
