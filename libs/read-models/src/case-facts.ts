import { EventEnvelope, lineOfStepKind } from '@inclusion/contracts';
import { agreementSignatureCounts, evolveAccess, stepFactCounts } from '@inclusion/domain';
import { chronificationRisk, RiskScore } from './risk';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TrainingFacts {
  course?: string;
  startsOn?: string;
  completedOn?: string;
  droppedOn?: string;
}

export interface PlacementFacts {
  company: string;
  startedOn: string;
  endedOn?: string;
  endReason?: string;
  /** Dates of the follow-up meetings with the tutor. */
  followUps: string[];
}

/** A step of the itinerary as it stands (a reorientation replaces the steps not started): its kind says the case's path. */
export interface ItineraryStepFacts {
  stepId: string;
  kind: string;
  /** The line of intervention the kind counts in (LINE_OF_STEP_KIND). */
  line: string;
  responsibleInstitution: string;
  started: boolean;
  completed: boolean;
  startedOn?: string;
  completedOn?: string;
  /** The result its responsible institution recorded on completion (none on a legacy completion). */
  result?: string;
}

export interface IncidentFacts {
  kind: string;
  severity: string;
  reportedBy: string;
  observedOn?: string;
  /** When the report was recorded (ISO date-time): the clock of "acknowledged within N hours". */
  reportedAt?: string;
  acknowledgedOn?: string;
  acknowledgedAt?: string;
  resolvedOn?: string;
}

/**
 * What the network's read models need to know of one case, folded from every institution's
 * events about it (the regional delegation's network log). Pure data, no personal
 * identifiers beyond the pseudonymous ids: gender, birth year, incidence groups and dated
 * facts. Rebuilding from the log gives the same facts as the live fold.
 */
export interface CaseFacts {
  caseId: string;
  programmeId?: string;
  projectId?: string;
  enrolledOn?: string;
  status: 'unknown' | 'open' | 'closed';
  openedBy?: string;
  /** Institutions taking part: the owner and those it granted a part (access-policy.ts participationGrantedBy). */
  participants: string[];
  gender?: string;
  birthYear?: number;
  incidenceGroups: string[];
  openedOn?: string;
  /** When the opening was recorded (ISO date-time): the clock of facts that carry no date of their own. */
  openedAt?: string;
  closedOn?: string;
  outcome?: string;
  /** When the first reference technician was assigned (recording time, ISO date-time). */
  referenceTechnicianSince?: string;
  diagnosis?: { diagnosedOn: string; dimensions: { dimension: string; score: number; critical: boolean }[]; criticalFactors: number };
  itinerary?: { designedOn: string; status: 'active' | 'closed'; reorientations: number; stepsStarted: number; stepsCompleted: number; steps: ItineraryStepFacts[] };
  /** Signatures of each insertion agreement, by agreement id. */
  agreements: Record<string, string[]>;
  orientationSessions: number;
  trainings: Record<string, TrainingFacts>;
  placements: Record<string, PlacementFacts>;
  contractsRegistered: { documentId: string; kind: string; registeredOn: string }[];
  /** Plan de Empleo contracts with the municipal employment service (plan-contract.*, recorded by the employer), by contract id. */
  planContracts: Record<string, { employer: string; planId: string; startedOn: string; endedOn?: string; endReason?: string }>;
  /** Plans de Empleo social services proposed the person for (employment-plan.candidate-proposed, by the case owner). */
  proposedForPlans: string[];
  referralsHired: string[];
  incidents: Record<string, IncidentFacts>;
  /** The first date the person went to the ordinary labour market (contract end, referral hired, or case outcome). */
  ordinaryMarketOn?: string;
  /** Sharing the person withdrew, keyed by consentKey (as in the case view). */
  withdrawnConsents: string[];
  /** The household the person belongs to, as the case's owner recorded it (household.member-added / case-linked; cleared when they leave). */
  householdId?: string;
  /** PACT proactive proposals the case's owner recorded (risk rose), with the reference technician's answer, by proposal id. */
  proposals: Record<string, { kind: string; band: string; proposedOn: string; answer?: 'accepted' | 'dismissed'; answeredOn?: string }>;
  /** The referral the case's owner accepted the person from (PACT referrals): who referred them and when it was accepted. */
  referredBy?: { institutionId: string; acceptedOn: string };
  /** Recording time of the last event folded: the "as of" of the risk score. */
  lastEventAt?: string;
  risk?: RiskScore;
}

export const initialCaseFacts = (caseId: string): CaseFacts => ({
  caseId,
  status: 'unknown',
  participants: [],
  incidenceGroups: [],
  agreements: {},
  orientationSessions: 0,
  trainings: {},
  placements: {},
  contractsRegistered: [],
  planContracts: {},
  proposedForPlans: [],
  referralsHired: [],
  incidents: {},
  withdrawnConsents: [],
  proposals: {},
});

const day = (iso: string) => iso.slice(0, 10);
const earliest = (a: string | undefined, b: string) => (a && a <= b ? a : b);
const joined = (list: string[], ...more: string[]) => [...new Set([...list, ...more])].sort();

/** The case an event is about, for the case-facts projection (an enrolment names it in its payload). */
export function caseOf(event: EventEnvelope): string | null {
  if (event.type === 'programme.case-enrolled') return (event.payload as D).caseId ?? null;
  // A case table the owner convenes (or a member it adds) makes its members take part in the case.
  if (event.type === 'table.created' || event.type === 'table.member-added') return event.caseId;
  if (event.type.startsWith('table.') || event.type.startsWith('programme.')) return null;
  return event.caseId;
}

/** A household event's household: its stream is household-<householdId>. */
const householdOf = (event: EventEnvelope) => event.streamId.replace(/^household-/, '');

const plannedSteps = (steps: D[] | undefined): ItineraryStepFacts[] =>
  (steps ?? []).map((x) => ({ stepId: x.stepId, kind: x.kind, line: lineOfStepKind(x.kind), responsibleInstitution: x.responsibleInstitution, started: false, completed: false }));

/** A step's start or completion counts only from its responsible institution, as in the case view (access-policy.ts stepFactCounts). */
function withStep(facts: CaseFacts, event: EventEnvelope, change: Partial<ItineraryStepFacts>, count: 'stepsStarted' | 'stepsCompleted'): CaseFacts {
  if (!facts.itinerary) return facts;
  const stepId = (event.payload as D).stepId;
  const step = (facts.itinerary.steps ?? []).find((x) => x.stepId === stepId);
  if (!step || (step.responsibleInstitution && !stepFactCounts({ type: event.type, institutionId: event.institutionId, data: event.payload }, step, facts.openedBy))) return facts;
  const steps = (facts.itinerary.steps ?? []).map((x) => (x.stepId === stepId ? { ...x, ...change } : x));
  return { ...facts, itinerary: { ...facts.itinerary, [count]: facts.itinerary[count] + 1, steps } };
}

function withIncident(facts: CaseFacts, incidentId: string, change: Partial<IncidentFacts>): CaseFacts {
  const current = facts.incidents[incidentId] ?? { kind: 'other', severity: 'low', reportedBy: '' };
  return { ...facts, incidents: { ...facts.incidents, [incidentId]: { ...current, ...change } } };
}

function evolveFacts(facts: CaseFacts, event: EventEnvelope): CaseFacts {
  const d = event.payload as D;
  switch (event.type) {
    case 'programme.case-enrolled':
      return { ...facts, programmeId: event.programmeId ?? undefined, projectId: d.projectId, enrolledOn: d.enrolledOn };
    case 'case.opened':
      return {
        ...facts,
        status: 'open',
        openedBy: event.institutionId,
        gender: d.gender,
        birthYear: d.birthYear,
        incidenceGroups: d.incidenceGroups ?? [],
        openedOn: d.openedOn ?? day(event.occurredAt),
        openedAt: event.recordedAt,
      };
    case 'case.closed':
      return {
        ...facts,
        status: 'closed',
        closedOn: d.closedOn,
        outcome: d.outcome,
        ordinaryMarketOn: d.outcome === 'ordinary-labour-market' ? earliest(facts.ordinaryMarketOn, d.closedOn) : facts.ordinaryMarketOn,
      };
    case 'case.reference-technician-assigned':
      return { ...facts, referenceTechnicianSince: facts.referenceTechnicianSince ?? event.recordedAt };
    case 'case.diagnosis-recorded': {
      const dimensions = (d.dimensions ?? []).map((x: D) => ({ dimension: x.dimension, score: x.score, critical: x.critical }));
      return { ...facts, diagnosis: { diagnosedOn: d.diagnosedOn, dimensions, criticalFactors: (d.criticalFactors ?? []).length } };
    }
    case 'itinerary.designed':
      return {
        ...facts,
        itinerary: { designedOn: day(event.occurredAt), status: 'active', reorientations: 0, stepsStarted: 0, stepsCompleted: 0, steps: plannedSteps(d.steps) },
      };
    case 'itinerary.reoriented':
      // As in the case view: the steps not yet started are replaced by the new ones.
      return facts.itinerary
        ? {
            ...facts,
            itinerary: {
              ...facts.itinerary,
              reorientations: facts.itinerary.reorientations + 1,
              steps: [...(facts.itinerary.steps ?? []).filter((x) => x.started), ...plannedSteps(d.steps)],
            },
          }
        : facts;
    case 'itinerary.closed':
      return facts.itinerary ? { ...facts, itinerary: { ...facts.itinerary, status: 'closed' } } : facts;
    case 'itinerary.step-started':
      return withStep(facts, event, { started: true, startedOn: d.startedOn }, 'stepsStarted');
    case 'itinerary.step-completed':
      return withStep(facts, event, { started: true, completed: true, completedOn: d.completedOn, ...(d.result ? { result: d.result } : {}) }, 'stepsCompleted');
    case 'itinerary.step-change-accepted':
      // The step's kind may change with an accepted change (joint itinerary design): so does its line.
      return facts.itinerary && d.change?.kind && facts.openedBy === event.institutionId
        ? { ...facts, itinerary: { ...facts.itinerary, steps: facts.itinerary.steps.map((x) => (x.stepId === d.stepId ? { ...x, kind: d.change.kind, line: lineOfStepKind(d.change.kind) } : x)) } }
        : facts;
    case 'agreement.signed':
      // As in the case view: each party signs in its own log (access-policy.ts agreementSignatureCounts).
      return agreementSignatureCounts({ type: event.type, institutionId: event.institutionId, data: d }, facts.openedBy, facts.agreements[d.agreementId] ? { companyInstitution: d.companyInstitution } : undefined)
        ? { ...facts, agreements: { ...facts.agreements, [d.agreementId]: joined(facts.agreements[d.agreementId] ?? [], d.party) } }
        : facts;
    // The Plan de Empleo path: social services propose, the municipal employment service hires (docs/employment-plan.md).
    case 'employment-plan.candidate-proposed':
      return facts.openedBy === event.institutionId ? { ...facts, proposedForPlans: joined(facts.proposedForPlans ?? [], d.planId) } : facts;
    case 'plan-contract.signed':
      return { ...facts, planContracts: { ...(facts.planContracts ?? {}), [d.contractId]: { employer: event.institutionId, planId: d.planId, startedOn: d.contractStart } } };
    case 'plan-contract.ended': {
      const contract = facts.planContracts?.[d.contractId];
      // Only the employer that signed it ends it.
      if (!contract || contract.employer !== event.institutionId) return facts;
      return {
        ...facts,
        planContracts: { ...facts.planContracts, [d.contractId]: { ...contract, endedOn: d.endedOn, endReason: d.reason } },
        ordinaryMarketOn: d.reason === 'hired-ordinary-market' ? earliest(facts.ordinaryMarketOn, d.endedOn) : facts.ordinaryMarketOn,
      };
    }
    case 'household.member-added':
    case 'household.case-linked':
      // Only the case's owner links its case to a household (the household's stream names it).
      return facts.openedBy === event.institutionId && d.caseId === facts.caseId ? { ...facts, householdId: householdOf(event) } : facts;
    case 'household.member-left':
      return facts.openedBy === event.institutionId && facts.householdId === householdOf(event) ? { ...facts, householdId: undefined } : facts;
    case 'orientation.session-attended':
      return { ...facts, orientationSessions: facts.orientationSessions + 1 };
    case 'training.enrolled':
      return { ...facts, trainings: { ...facts.trainings, [d.trainingId]: { ...facts.trainings[d.trainingId], course: d.course, startsOn: d.startsOn } } };
    case 'training.completed':
      return { ...facts, trainings: { ...facts.trainings, [d.trainingId]: { ...facts.trainings[d.trainingId], completedOn: d.completedOn } } };
    case 'training.dropped-out':
      return { ...facts, trainings: { ...facts.trainings, [d.trainingId]: { ...facts.trainings[d.trainingId], droppedOn: d.droppedOn } } };
    case 'intermediation.result-recorded':
      return d.result === 'hired'
        ? { ...facts, referralsHired: [...facts.referralsHired, d.recordedOn], ordinaryMarketOn: earliest(facts.ordinaryMarketOn, d.recordedOn) }
        : facts;
    case 'contract.document-registered':
      return { ...facts, contractsRegistered: [...facts.contractsRegistered, { documentId: d.documentId, kind: d.contractKind, registeredOn: d.registeredOn }] };
    case 'placement.started':
      return { ...facts, placements: { ...facts.placements, [d.placementId]: { company: event.institutionId, startedOn: d.contractStart, followUps: [] } } };
    case 'placement.follow-up-meeting-held': {
      const placement = facts.placements[d.placementId];
      return placement ? { ...facts, placements: { ...facts.placements, [d.placementId]: { ...placement, followUps: [...placement.followUps, d.heldOn].sort() } } } : facts;
    }
    case 'placement.contract-ended': {
      const placement = facts.placements[d.placementId];
      if (!placement) return facts;
      const toMarket = d.reason === 'hired-ordinary-market';
      return {
        ...facts,
        placements: { ...facts.placements, [d.placementId]: { ...placement, endedOn: d.endedOn, endReason: d.reason } },
        ordinaryMarketOn: toMarket ? earliest(facts.ordinaryMarketOn, d.endedOn) : facts.ordinaryMarketOn,
      };
    }
    case 'incident.reported':
      return withIncident(facts, d.incidentId, { kind: d.kind, severity: d.severity, reportedBy: event.institutionId, observedOn: d.observedOn, reportedAt: event.recordedAt });
    case 'incident.follow-up-opened': {
      const known = facts.incidents[d.incidentId];
      return withIncident(facts, d.incidentId, { kind: d.kind ?? known?.kind, severity: d.severity ?? known?.severity, reportedBy: known?.reportedBy || d.reportedByInstitution, reportedAt: known?.reportedAt ?? event.recordedAt });
    }
    case 'incident.acknowledged':
      return withIncident(facts, d.incidentId, { acknowledgedOn: d.acknowledgedOn, acknowledgedAt: event.recordedAt });
    case 'incident.resolved':
      return withIncident(facts, d.incidentId, { resolvedOn: d.resolvedOn });
    // PACT: only what the case's owner recorded counts (it records the proposals, its technician answers them, it accepts referrals).
    case 'proactive-proposal.recorded':
      if (event.institutionId !== facts.openedBy) return facts;
      return { ...facts, proposals: { ...facts.proposals, [d.proposalId]: { kind: d.kind, band: d.band, proposedOn: d.proposedOn } } };
    case 'proactive-proposal.accepted':
    case 'proactive-proposal.dismissed': {
      const proposal = (facts.proposals ?? {})[d.proposalId];
      if (!proposal || event.institutionId !== facts.openedBy || proposal.answer) return facts;
      const accepted = event.type === 'proactive-proposal.accepted';
      return { ...facts, proposals: { ...facts.proposals, [d.proposalId]: { ...proposal, answer: accepted ? 'accepted' : 'dismissed', answeredOn: accepted ? d.acceptedOn : d.dismissedOn } } };
    }
    case 'referral.accepted':
      if (event.institutionId !== facts.openedBy || facts.referredBy) return facts;
      return { ...facts, referredBy: { institutionId: d.referredBy, acceptedOn: d.acceptedOn } };
    default:
      return facts;
  }
}

/** Folds one event into a case's facts; the risk of chronification is recomputed with every event. */
export function evolveCaseFacts(facts: CaseFacts, event: EventEnvelope): CaseFacts {
  // Who takes part and which consents hold: one definition, in the access policy.
  const next = evolveAccess(evolveFacts(facts, event), { type: event.type, institutionId: event.institutionId, data: event.payload, caseId: event.caseId });
  if (event.type.startsWith('table.')) return next;
  const lastEventAt = facts.lastEventAt && facts.lastEventAt > event.recordedAt ? facts.lastEventAt : event.recordedAt;
  const folded = { ...next, lastEventAt };
  return { ...folded, risk: chronificationRisk(folded, lastEventAt) };
}
