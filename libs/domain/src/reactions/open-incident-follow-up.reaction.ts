import { IncidentFollowUpOpenedV1 } from '@inclusion/contracts';
import { takesPart } from '../access/access-policy';
import { CaseCommand } from '../case/case.commands';
import { ReactionPolicy, refused } from './reaction-policy';

/**
 * An incident a company reports reaches the case's reference technician: social services open
 * a follow-up item on the case, recorded by the case's owner. A report by an institution
 * that takes no part in the case is refused.
 */
export const OPEN_INCIDENT_FOLLOW_UP: ReactionPolicy<CaseCommand> = {
  name: 'open-incident-follow-up',
  service: 'social-services',
  // A company's placement incident, or a Plan de Empleo contract's (employment-plan/employment-plan.ts).
  on: ['incident.reported', 'plan-contract.incident-reported'],
  from: 'other-services',
  command: 'OpenIncidentFollowUp',
  records: 'incident.follow-up-opened',
  actor: "the case's owner",
  react(cause, { caseView }) {
    if (caseView.status === 'unknown' || !caseView.openedBy) return refused(null, 'CASE.NOT_FOUND', `case ${cause.caseId} is unknown to social services`);
    if (!takesPart(caseView, cause.institutionId)) return refused(null, 'ACCESS.DENIED', `${cause.institutionId} takes no part in case ${cause.caseId} (yet)`);
    const report = cause.data as unknown as { incidentId: string; kind: IncidentFollowUpOpenedV1['kind']; severity: IncidentFollowUpOpenedV1['severity'] };
    return {
      outcome: 'command',
      institutionId: caseView.openedBy,
      command: { type: 'OpenIncidentFollowUp', data: { incidentId: report.incidentId, reportedByInstitution: cause.institutionId, kind: report.kind, severity: report.severity } },
    };
  },
};
