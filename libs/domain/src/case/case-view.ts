import { agreementSignatureCounts, evolveAccess, stepFactCounts } from '../access/access-policy';
import { lineOfStepKind } from '@inclusion/contracts';
import { RecordedEvent } from '../shared/decider';
import { evolveEmploymentPlanPath } from '../employment-plan/employment-plan-view';
import { evolvePactPath, ProactiveProposalView, RecordedRiskView } from '../pact/pact-view';

export interface StepView {
  stepId: string;
  kind: string;
  responsibleInstitution: string;
  plannedStart: string;
  plannedEnd: string;
  status: 'planned' | 'started' | 'completed';
  startedOn?: string;
  completedOn?: string;
  /** The line of intervention the step's kind counts in (employment, housing, education and youth, ...: LINE_OF_STEP_KIND). */
  line: string;
  /** What came of it, recorded by its responsible institution on completion (none on a legacy completion). */
  result?: string;
  outcome?: string;
  description?: string;
  /** The responsible institution's answer (joint itinerary design): none yet, accepted, declined, or a change proposed. */
  answer?: StepAnswerView;
  /** Social services' decisions on the changes proposed for this step, in order. */
  changeDecisions?: { proposalId: string; decision: 'accepted' | 'refused'; decidedOn: string; reason?: string }[];
}

export interface StepAnswerView {
  status: 'accepted' | 'declined' | 'change-proposed';
  on: string;
  note?: string;
  /** Why it was declined, or why the change is proposed. */
  reason?: string;
  proposalId?: string;
  change?: { kind?: string; plannedStart?: string; plannedEnd?: string; description?: string };
}

export interface IncidentView {
  incidentId: string;
  status: 'reported' | 'open' | 'acknowledged' | 'resolved';
  kind: string;
  severity: string;
  reportedBy: string;
  observedOn?: string;
  acknowledgedOn?: string;
  resolvedOn?: string;
}

export interface AgreementView {
  agreementId: string;
  companyInstitution: string;
  /** The parties whose signature counts (access-policy.ts agreementSignatureCounts), in the order they became known. */
  signedBy: string[];
  /** Each counted signature: who recorded it, who signed, when, and for the person the evidence. */
  signatures: Record<string, SignatureView>;
  /** All three signatures are known: social services', the company's (recorded at its own service) and the person's. */
  complete: boolean;
}

export interface SignatureView {
  recordedBy: string;
  signedBy: string;
  signedOn: string;
  evidence?: { documentRef: string; documentSha256: string; method: string; witnessedBy: string };
  /** Recorded by social services under agreement.signed v1. */
  legacy?: boolean;
}

const AGREEMENT_PARTIES = ['social-services', 'company', 'person'];

export interface PlacementView {
  placementId: string;
  companyInstitution: string;
  status: 'active' | 'ended';
  contractStart: string;
  finalEvaluation?: string;
}

/**
 * Everything the network knows about one case, folded from the events of every institution
 * that concern it. Social services decide on it from their own case stream; the other
 * services decide on it from the social-services events they received through Kafka plus
 * their own (steps, placements). The same fold everywhere, so every service's view agrees.
 */
export interface CaseView {
  caseId?: string;
  status: 'unknown' | 'open' | 'closed';
  /** The social-services institution that opened (owns) the case. */
  openedBy?: string;
  /** Institutions taking part: the owner and those it granted a part (access-policy.ts participationGrantedBy). */
  participants: string[];
  personId?: string;
  municipality?: string;
  gender?: string;
  birthYear?: number;
  incidenceGroups: string[];
  openedOn?: string;
  closedOn?: string;
  outcome?: string;
  diagnosedOn?: string;
  accreditation?: { validFrom: string; validUntil: string };
  referenceTechnician?: string;
  itinerary?: { itineraryId: string; status: 'active' | 'closed'; steps: StepView[]; reorientations: number };
  agreements: Record<string, AgreementView>;
  incidents: Record<string, IncidentView>;
  placements: Record<string, PlacementView>;
  /** Sharing withdrawn by the person, keyed by consentKey (consent is presumed until withdrawn). */
  withdrawnConsents: string[];
  /** The municipal Plan de Empleo (employment-plan/employment-plan.ts); set only once the case has such events. */
  employmentPlans?: Record<string, EmploymentPlanView>;
  planContracts?: Record<string, PlanContractView>;
  jobAdaptations?: Record<string, JobAdaptationView>;
  /** Joint assessments after a plan: each institution's part and the agreed decision. */
  jointAssessments?: Record<string, JointAssessmentView>;
  /** Final evaluations of plan contracts passed to the reference technician (contract ids). */
  evaluationsPassed?: string[];
  /** Social services keep integral support open after the itinerary (mantenimiento del apoyo integral). */
  integralSupport?: boolean;
  /** PACT (pact/pact-view.ts): the risk band the owner last recorded, and the proactive proposals with their answers. */
  risk?: RecordedRiskView;
  proactiveProposals?: Record<string, ProactiveProposalView>;
  /** Referrals from other institutions the owner accepted on this case (pact/referral.ts). */
  referrals?: Record<string, { referralId: string; referredBy: string; acceptedOn: string }>;
}

export interface EmploymentPlanView {
  planId: string;
  employer: string;
  proposedBy: string;
  proposedOn: string;
  status: 'proposed' | 'selected';
  selectedOn?: string;
}

export interface PlanContractView {
  contractId: string;
  planId: string;
  employer: string;
  status: 'active' | 'ended';
  contractStart: string;
  endedOn?: string;
  finalEvaluation?: string;
}

export interface JobAdaptationView {
  adaptationId: string;
  contractId: string;
  incidentId: string;
  status: 'agreed' | 'applied';
  agreedBy: string;
  fromTask: string;
  toTask: string;
}

export interface JointAssessmentView {
  assessmentId: string;
  openedBy?: string;
  /** Each institution's part: its proposal and whether it keeps integral support. */
  parts: Record<string, { proposal: string; keepIntegralSupport: boolean }>;
  status: 'open' | 'agreed';
  decision?: string;
  itineraryId?: string;
}

export const initialCaseView = (): CaseView => ({ status: 'unknown', participants: [], incidenceGroups: [], agreements: {}, incidents: {}, placements: {}, withdrawnConsents: [] });

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const withStep = (view: CaseView, stepId: string, change: Partial<StepView> | ((step: StepView) => Partial<StepView>)): CaseView =>
  view.itinerary
    ? {
        ...view,
        itinerary: { ...view.itinerary, steps: view.itinerary.steps.map((s) => (s.stepId === stepId ? { ...s, ...(typeof change === 'function' ? change(s) : change) } : s)) },
      }
    : view;

const plannedStep = (s: D): StepView => ({ ...(s as StepView), line: lineOfStepKind(s.kind), status: 'planned' });

/** A fact about a step counts only from who may record it (access-policy.ts stepFactCounts); otherwise the view is unchanged. */
const stepFact = (view: CaseView, event: RecordedEvent, change: (step: StepView) => Partial<StepView>): CaseView => {
  const step = view.itinerary?.steps.find((s) => s.stepId === (event.data as D).stepId);
  if (!step || !stepFactCounts(event, step, view.openedBy)) return view;
  return withStep(view, step.stepId, change);
};

const defined = (o: D | undefined): D => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== null));

function withSignature(view: CaseView, event: RecordedEvent): CaseView {
  const d = event.data as D;
  const existing = view.agreements[d.agreementId];
  if (!agreementSignatureCounts(event, view.openedBy, existing)) return view;
  const current: AgreementView = existing ?? { agreementId: d.agreementId, companyInstitution: d.companyInstitution, signedBy: [], signatures: {}, complete: false };
  if (current.signedBy.includes(d.party)) return view;
  const signedBy = [...current.signedBy, d.party];
  const signature: SignatureView = { recordedBy: event.institutionId, signedBy: d.signedBy, signedOn: d.signedOn, ...(d.evidence ? { evidence: d.evidence } : {}), ...(d.legacy ? { legacy: true } : {}) };
  return {
    ...view,
    agreements: {
      ...view.agreements,
      [d.agreementId]: { ...current, signedBy, signatures: { ...current.signatures, [d.party]: signature }, complete: AGREEMENT_PARTIES.every((p) => signedBy.includes(p)) },
    },
  };
}

const withIncident = (view: CaseView, incidentId: string, change: Partial<IncidentView>): CaseView => ({
  ...view,
  incidents: { ...view.incidents, [incidentId]: { ...(view.incidents[incidentId] ?? { incidentId, kind: 'other', severity: 'low', reportedBy: '', status: 'reported' }), ...change } },
});

export function evolveCase(current: CaseView, event: RecordedEvent): CaseView {
  const d = event.data as D;
  // Who takes part and which consents hold: one definition, in the access policy.
  const view = evolveAccess(current, event);
  switch (event.type) {
    case 'case.opened':
      return {
        ...view,
        caseId: event.caseId ?? undefined,
        status: 'open',
        openedBy: event.institutionId,
        personId: d.personId,
        municipality: d.municipality,
        gender: d.gender,
        birthYear: d.birthYear,
        incidenceGroups: d.incidenceGroups ?? [],
        openedOn: d.openedOn ?? event.occurredAt.slice(0, 10),
      };
    case 'case.diagnosis-recorded':
      return { ...view, diagnosedOn: d.diagnosedOn };
    case 'case.exclusion-accredited':
      return { ...view, accreditation: { validFrom: d.validFrom, validUntil: d.validUntil } };
    case 'case.reference-technician-assigned':
      return { ...view, referenceTechnician: d.technicianId };
    case 'case.closed':
      return { ...view, status: 'closed', closedOn: d.closedOn, outcome: d.outcome };
    case 'itinerary.designed':
      return {
        ...view,
        itinerary: { itineraryId: d.itineraryId, status: 'active', reorientations: 0, steps: d.steps.map(plannedStep) },
      };
    case 'itinerary.reoriented': {
      if (!view.itinerary) return view;
      const kept = view.itinerary.steps.filter((s) => s.status !== 'planned');
      return {
        ...view,
        itinerary: { ...view.itinerary, reorientations: view.itinerary.reorientations + 1, steps: [...kept, ...d.steps.map(plannedStep)] },
      };
    }
    case 'itinerary.closed':
      return view.itinerary ? { ...view, itinerary: { ...view.itinerary, status: 'closed' } } : view;
    case 'itinerary.step-started':
      return stepFact(view, event, () => ({ status: 'started', startedOn: d.startedOn }));
    case 'itinerary.step-completed':
      return stepFact(view, event, () => ({ status: 'completed', completedOn: d.completedOn, ...(d.result ? { result: d.result } : {}), ...(d.outcome ? { outcome: d.outcome } : {}) }));
    // Joint itinerary design: the responsible institution answers, the case owner decides on a proposed change.
    case 'itinerary.step-accepted':
      return stepFact(view, event, () => ({ answer: { status: 'accepted', on: d.acceptedOn, ...(d.note ? { note: d.note } : {}) } }));
    case 'itinerary.step-declined':
      return stepFact(view, event, () => ({ answer: { status: 'declined', on: d.declinedOn, reason: d.reason } }));
    case 'itinerary.step-change-proposed':
      return stepFact(view, event, () => ({ answer: { status: 'change-proposed', on: d.proposedOn, reason: d.reason, proposalId: d.proposalId, change: defined(d.change) } }));
    case 'itinerary.step-change-accepted':
      // The step changes as proposed, and stands accepted (its institution proposed it).
      return stepFact(view, event, (step) => ({
        ...defined(d.change),
        line: lineOfStepKind(d.change?.kind ?? step.kind),
        answer: { status: 'accepted', on: d.decidedOn, proposalId: d.proposalId },
        changeDecisions: [...(step.changeDecisions ?? []), { proposalId: d.proposalId, decision: 'accepted', decidedOn: d.decidedOn }],
      }));
    case 'itinerary.step-change-refused':
      // The step is kept as it was: its institution answers again.
      return stepFact(view, event, (step) => ({
        answer: undefined,
        changeDecisions: [...(step.changeDecisions ?? []), { proposalId: d.proposalId, decision: 'refused', decidedOn: d.decidedOn, reason: d.reason }],
      }));
    case 'agreement.signed':
      return withSignature(view, event);
    case 'incident.reported':
      return withIncident(view, d.incidentId, { kind: d.kind, severity: d.severity, reportedBy: event.institutionId, observedOn: d.observedOn });
    case 'incident.follow-up-opened':
      return withIncident(view, d.incidentId, { status: 'open', kind: d.kind, severity: d.severity, reportedBy: d.reportedByInstitution });
    case 'incident.acknowledged':
      return withIncident(view, d.incidentId, { status: 'acknowledged', acknowledgedOn: d.acknowledgedOn });
    case 'incident.resolved':
      return withIncident(view, d.incidentId, { status: 'resolved', resolvedOn: d.resolvedOn });
    case 'placement.started':
      return {
        ...view,
        placements: { ...view.placements, [d.placementId]: { placementId: d.placementId, companyInstitution: event.institutionId, status: 'active', contractStart: d.contractStart } },
      };
    case 'placement.contract-ended':
      return view.placements[d.placementId] ? { ...view, placements: { ...view.placements, [d.placementId]: { ...view.placements[d.placementId], status: 'ended' } } } : view;
    case 'placement.final-evaluation-recorded':
      return view.placements[d.placementId]
        ? { ...view, placements: { ...view.placements, [d.placementId]: { ...view.placements[d.placementId], finalEvaluation: d.recommendation } } }
        : view;
    default:
      return evolvePactPath(evolveEmploymentPlanPath(view, event), event);
  }
}
