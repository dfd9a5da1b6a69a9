import { CandidateProposedV1, FinalEvaluationPassedV1, JobAdaptationAgreedV1, JointAssessmentAgreedV1 } from '@inclusion/contracts';
import type { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/**
 * Social services' part of the Plan de Empleo, on the case (stream case-<caseId>): propose the
 * person, agree a job adaptation with the employer, receive the final evaluation (a reaction),
 * and record the joint assessment's agreed decision with their own part. The agreed decision
 * is checked against the employment office's part as social services received it (`known`:
 * the case as this service knows it, its own events and those received through Kafka).
 */
export type CasePlanCommand =
  | { type: 'ProposeForEmploymentPlan'; data: CandidateProposedV1 }
  | { type: 'AgreeJobAdaptation'; data: JobAdaptationAgreedV1 }
  | { type: 'PassFinalEvaluation'; data: FinalEvaluationPassedV1 }
  | { type: 'AgreeJointAssessment'; data: JointAssessmentAgreedV1; known?: CaseView | null };

export const CASE_PLAN_COMMANDS: CasePlanCommand['type'][] = ['ProposeForEmploymentPlan', 'AgreeJobAdaptation', 'PassFinalEvaluation', 'AgreeJointAssessment'];
export const isCasePlanCommand = (command: { type: string }): command is CasePlanCommand => (CASE_PLAN_COMMANDS as string[]).includes(command.type);

function open(view: CaseView): void {
  if (view.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case does not exist');
  if (view.status === 'closed') throw rule('CASE.CLOSED', `the case was closed on ${view.closedOn}: it accepts no new steps or changes`);
}

export function decideCasePlanWork(command: CasePlanCommand, view: CaseView, _meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'ProposeForEmploymentPlan':
      open(view);
      if (view.employmentPlans?.[command.data.planId]) throw rule('PLAN.ALREADY_PROPOSED', `the person is already proposed for plan ${command.data.planId}`);
      notBefore(command.data.proposedOn, view.openedOn!, 'DATES.BACKWARDS', 'the proposal predates the case');
      return [event('employment-plan.candidate-proposed', command.data)];
    case 'AgreeJobAdaptation': {
      const d = command.data;
      open(view);
      const incident = view.incidents[d.incidentId];
      if (!incident || incident.status === 'reported') throw notFound('INCIDENT.NOT_FOUND', `no incident ${d.incidentId} is open on this case`);
      if (view.jobAdaptations?.[d.adaptationId]) throw rule('ADAPTATION.ALREADY_AGREED', `adaptation ${d.adaptationId} is already agreed`);
      if (incident.observedOn) notBefore(d.agreedOn, incident.observedOn, 'DATES.BACKWARDS', 'the adaptation is agreed before the incident was observed');
      return [event('job-adaptation.agreed', d)];
    }
    case 'PassFinalEvaluation':
      if (view.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the evaluation concerns no known case');
      if (view.evaluationsPassed?.includes(command.data.contractId)) return []; // a redelivered evaluation
      return [event('final-evaluation.passed', { ...command.data, referenceTechnician: view.referenceTechnician })];
    case 'AgreeJointAssessment': {
      const d = command.data;
      open(view);
      if (!view.itinerary || view.itinerary.itineraryId !== d.itineraryId) throw notFound('ITINERARY.NOT_FOUND', `the case has no itinerary ${d.itineraryId}`);
      if (view.itinerary.status === 'closed') throw rule('ITINERARY.CLOSED', `itinerary ${d.itineraryId} is closed: it accepts no new steps`);
      if (view.jointAssessments?.[d.assessmentId]?.status === 'agreed') throw rule('ASSESSMENT.ALREADY_DECIDED', `joint assessment ${d.assessmentId} is already agreed`);
      const assessment = command.known?.jointAssessments?.[d.assessmentId];
      if (!assessment?.openedBy) throw notFound('ASSESSMENT.NOT_FOUND', `no joint assessment ${d.assessmentId} was opened by an employment office`);
      const part = assessment.parts[d.employmentOffice];
      if (!part) throw rule('ASSESSMENT.PART_MISSING', `${d.employmentOffice} has not recorded its part of joint assessment ${d.assessmentId}`);
      if (part.proposal !== d.decision) throw rule('ASSESSMENT.NOT_AGREED', `${d.employmentOffice} proposed to ${part.proposal} the itinerary, not to ${d.decision}: record the decision both institutions agree`);
      const steps = d.steps ?? [];
      if (d.decision === 'reorient' && !steps.length) throw rule('ASSESSMENT.REORIENT_NEEDS_STEPS', 'a reorientation names the steps that replace those not yet started');
      if (d.decision !== 'reorient' && steps.length) throw rule('ASSESSMENT.STEPS_ONLY_TO_REORIENT', `a decision to ${d.decision} the itinerary names no new steps`);
      const taken = new Set(view.itinerary.steps.filter((s) => s.status !== 'planned').map((s) => s.stepId));
      for (const step of steps) {
        if (taken.has(step.stepId)) throw rule('ITINERARY.DUPLICATE_STEP', `step ${step.stepId} appears twice in the itinerary`);
        taken.add(step.stepId);
        notBefore(step.plannedEnd, step.plannedStart, 'DATES.BACKWARDS', `step ${step.stepId} ends before it starts`);
      }
      const agreed = event('joint-assessment.agreed', d);
      const reason = `joint assessment ${d.assessmentId} with ${d.employmentOffice}`;
      if (d.decision === 'reorient') return [agreed, event('itinerary.reoriented', { itineraryId: d.itineraryId, reason, steps })];
      if (d.decision === 'close') return [agreed, event('itinerary.closed', { itineraryId: d.itineraryId, closedOn: d.agreedOn, reason })];
      return [agreed];
    }
  }
}
