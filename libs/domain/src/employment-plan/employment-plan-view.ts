import type { CaseView, IncidentView, JointAssessmentView } from '../case/case-view';
import { RecordedEvent } from '../shared/decider';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type D = Record<string, any>;

const assessment = (view: CaseView, assessmentId: string): JointAssessmentView =>
  view.jointAssessments?.[assessmentId] ?? { assessmentId, parts: {}, status: 'open' };

const withAssessment = (view: CaseView, assessmentId: string, change: Partial<JointAssessmentView>): CaseView => ({
  ...view,
  jointAssessments: { ...view.jointAssessments, [assessmentId]: { ...assessment(view, assessmentId), ...change } },
});

const withIncident = (view: CaseView, incidentId: string, change: Partial<IncidentView>): CaseView => ({
  ...view,
  incidents: { ...view.incidents, [incidentId]: { ...(view.incidents[incidentId] ?? { incidentId, kind: 'other', severity: 'low', reportedBy: '', status: 'reported' }), ...change } },
});

/**
 * The Plan de Empleo's facts about a case, folded into the case view (evolveCase delegates the
 * types it does not know here): proposal and selection, the contract, its incidents, job
 * adaptations (social services' agreement, the employer's application), the final evaluation
 * passed to the reference technician, and the joint assessment's parts and agreed decision.
 */
export function evolveEmploymentPlanPath(view: CaseView, event: RecordedEvent): CaseView {
  const d = event.data as D;
  switch (event.type) {
    case 'employment-plan.candidate-proposed':
      return {
        ...view,
        employmentPlans: { ...view.employmentPlans, [d.planId]: { planId: d.planId, employer: d.employerInstitution, proposedBy: event.institutionId, proposedOn: d.proposedOn, status: 'proposed' } },
      };
    case 'employment-plan.person-selected': {
      const plan = view.employmentPlans?.[d.planId];
      return plan ? { ...view, employmentPlans: { ...view.employmentPlans, [d.planId]: { ...plan, status: 'selected', selectedOn: d.selectedOn } } } : view;
    }
    case 'plan-contract.signed':
      return {
        ...view,
        planContracts: { ...view.planContracts, [d.contractId]: { contractId: d.contractId, planId: d.planId, employer: event.institutionId, status: 'active', contractStart: d.contractStart } },
      };
    case 'plan-contract.ended': {
      const contract = view.planContracts?.[d.contractId];
      return contract ? { ...view, planContracts: { ...view.planContracts, [d.contractId]: { ...contract, status: 'ended', endedOn: d.endedOn } } } : view;
    }
    case 'plan-contract.final-evaluation-recorded': {
      const contract = view.planContracts?.[d.contractId];
      return contract ? { ...view, planContracts: { ...view.planContracts, [d.contractId]: { ...contract, finalEvaluation: d.recommendation } } } : view;
    }
    case 'plan-contract.incident-reported':
      return withIncident(view, d.incidentId, { kind: d.kind, severity: d.severity, reportedBy: event.institutionId, observedOn: d.observedOn });
    case 'job-adaptation.agreed':
      return {
        ...view,
        jobAdaptations: {
          ...view.jobAdaptations,
          [d.adaptationId]: { adaptationId: d.adaptationId, contractId: d.contractId, incidentId: d.incidentId, status: 'agreed', agreedBy: event.institutionId, fromTask: d.fromTask, toTask: d.toTask },
        },
      };
    case 'plan-contract.job-adapted': {
      const adaptation = view.jobAdaptations?.[d.adaptationId];
      return adaptation ? { ...view, jobAdaptations: { ...view.jobAdaptations, [d.adaptationId]: { ...adaptation, status: 'applied' } } } : view;
    }
    case 'final-evaluation.passed':
      return { ...view, evaluationsPassed: [...new Set([...(view.evaluationsPassed ?? []), d.contractId as string])] };
    case 'joint-assessment.opened':
      return withAssessment(view, d.assessmentId, { openedBy: event.institutionId });
    case 'joint-assessment.part-recorded': {
      const current = assessment(view, d.assessmentId);
      return withAssessment(view, d.assessmentId, { parts: { ...current.parts, [event.institutionId]: { proposal: d.proposal, keepIntegralSupport: d.keepIntegralSupport } } });
    }
    case 'joint-assessment.agreed':
      return { ...withAssessment(view, d.assessmentId, { status: 'agreed', decision: d.decision, itineraryId: d.itineraryId }), integralSupport: d.keepIntegralSupport };
    default:
      return view;
  }
}
