import { ItineraryStep } from '@inclusion/contracts';
import { CommandMeta, DomainEvent, event } from '../shared/decider';
import { forbidden, notBefore, notFound, rule } from '../shared/domain-error';
import { CaseCommand, StepCommand } from './case.commands';
import { answersForStep, consentWithdrawn } from '../access/access-policy';
import { CaseView, StepView } from './case-view';
import { decideCasePlanWork, isCasePlanCommand } from '../employment-plan/case-plan.decide';
import { decideCaseRisk, isCaseRiskCommand } from '../pact/case-risk.decide';

const AGREEMENT_PARTIES = ['social-services', 'company', 'person'];

function mustBeOpen(view: CaseView): void {
  if (view.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case does not exist');
  if (view.status === 'closed') throw rule('CASE.CLOSED', `the case was closed on ${view.closedOn}: it accepts no new steps or changes`);
}

function checkSteps(steps: ItineraryStep[], existing: string[] = []): void {
  const seen = new Set(existing);
  for (const step of steps) {
    if (seen.has(step.stepId)) throw rule('ITINERARY.DUPLICATE_STEP', `step ${step.stepId} appears twice in the itinerary`);
    seen.add(step.stepId);
    notBefore(step.plannedEnd, step.plannedStart, 'DATES.BACKWARDS', `step ${step.stepId} ends before it starts`);
  }
}

function activeItinerary(view: CaseView, itineraryId: string) {
  mustBeOpen(view);
  if (!view.itinerary || view.itinerary.itineraryId !== itineraryId) throw notFound('ITINERARY.NOT_FOUND', `the case has no itinerary ${itineraryId}`);
  if (view.itinerary.status === 'closed') throw rule('ITINERARY.CLOSED', `itinerary ${itineraryId} is closed: it accepts no new steps`);
  return view.itinerary;
}

/** An agreement social services sign for: with one company; each party signs once (the case's own record). */
function checkSignature(view: CaseView, agreementId: string, companyInstitution: string, party: string): void {
  mustBeOpen(view);
  const agreement = view.agreements[agreementId];
  if (agreement && agreement.companyInstitution !== companyInstitution) throw rule('AGREEMENT.OTHER_COMPANY', `agreement ${agreementId} is with ${agreement.companyInstitution}`);
  if (agreement?.signedBy.includes(party)) throw rule('AGREEMENT.ALREADY_SIGNED', `the ${party} already signed agreement ${agreementId}`);
}

/** The step a change was proposed for, with that proposal pending (social services decide on it from the case as they received it). */
function stepWithPendingChange(view: CaseView, d: { itineraryId: string; stepId: string; proposalId: string; decidedOn: string }): StepView & { answer: NonNullable<StepView['answer']> } {
  const itinerary = activeItinerary(view, d.itineraryId);
  const step = itinerary.steps.find((s) => s.stepId === d.stepId);
  if (!step) throw notFound('STEP.NOT_FOUND', `itinerary ${itinerary.itineraryId} has no step ${d.stepId}`);
  if (step.answer?.status !== 'change-proposed' || step.answer.proposalId !== d.proposalId) {
    throw rule('STEP.NO_PENDING_CHANGE', `step ${step.stepId} has no pending change ${d.proposalId}${step.answer?.proposalId && step.answer.status === 'change-proposed' ? ` (the pending one is ${step.answer.proposalId})` : ''}`);
  }
  notBefore(d.decidedOn, step.answer.on, 'DATES.BACKWARDS', `decided before change ${d.proposalId} was proposed`);
  return step as StepView & { answer: NonNullable<StepView['answer']> };
}

/** Social services' decisions on a case. Pure: the view is folded history, meta gives time and actor. */
export function decideCase(command: CaseCommand, view: CaseView, meta: CommandMeta): DomainEvent[] {
  // The Plan de Empleo's work on the case: employment-plan/case-plan.decide.ts.
  if (isCasePlanCommand(command)) return decideCasePlanWork(command, view, meta);
  // PACT's proactive detection: pact/case-risk.decide.ts.
  if (isCaseRiskCommand(command)) return decideCaseRisk(command, view, meta);
  const d = command.data;
  switch (command.type) {
    case 'OpenCase':
      if (view.status !== 'unknown') throw rule('CASE.ALREADY_EXISTS', 'a case with this id already exists');
      if (command.knownOpenCaseOfPerson) {
        throw rule('CASE.PERSON_ALREADY_OPEN', `the person already has an open case (${command.knownOpenCaseOfPerson}) in ${command.data.municipality}`);
      }
      return [event('case.opened', command.data)];
    case 'RecordDiagnosis':
      mustBeOpen(view);
      notBefore(command.data.diagnosedOn, view.openedOn!, 'DATES.BACKWARDS', 'the diagnosis predates the case');
      return [event('case.diagnosis-recorded', command.data)];
    case 'AccreditExclusion':
      mustBeOpen(view);
      notBefore(command.data.validUntil, command.data.validFrom, 'DATES.BACKWARDS', 'the accreditation ends before it starts');
      return [event('case.exclusion-accredited', command.data)];
    case 'AssignReferenceTechnician':
      mustBeOpen(view);
      if (view.referenceTechnician === command.data.technicianId) return [];
      return [event('case.reference-technician-assigned', command.data)];
    case 'DesignItinerary':
      mustBeOpen(view);
      if (view.itinerary && view.itinerary.status === 'active') {
        throw rule('ITINERARY.ALREADY_DESIGNED', `the case already has itinerary ${view.itinerary.itineraryId}; reorient it instead`);
      }
      checkSteps(command.data.steps);
      return [event('itinerary.designed', command.data)];
    case 'ReorientItinerary': {
      const itinerary = activeItinerary(view, command.data.itineraryId);
      checkSteps(command.data.steps, itinerary.steps.filter((s) => s.status !== 'planned').map((s) => s.stepId));
      return [event('itinerary.reoriented', command.data)];
    }
    case 'CloseItinerary':
      activeItinerary(view, command.data.itineraryId);
      return [event('itinerary.closed', command.data)];
    // Social services sign for themselves; the company signs at its own service (agreement/agreement.ts).
    case 'SignAgreement': {
      const { agreementId, companyInstitution, signedBy, signedOn } = command.data;
      checkSignature(view, agreementId, companyInstitution, 'social-services');
      return [event('agreement.signed', { agreementId, companyInstitution, party: 'social-services', signedBy, signedOn })];
    }
    // The person is not an institution: social services record their signature, with its evidence.
    case 'RecordPersonSignature': {
      const { agreementId, companyInstitution, signedOn, evidence } = command.data;
      checkSignature(view, agreementId, companyInstitution, 'person');
      notBefore(signedOn, view.openedOn!, 'DATES.BACKWARDS', 'the person would sign before the case was opened');
      return [event('agreement.signed', { agreementId, companyInstitution, party: 'person', signedBy: view.personId, signedOn, evidence: { ...evidence } })];
    }
    case 'AcceptStepChange': {
      const known = command.known ?? view;
      mustBeOpen(view);
      const step = stepWithPendingChange(known, command.data);
      return [event('itinerary.step-change-accepted', { ...command.data, change: { ...step.answer.change } })];
    }
    case 'RefuseStepChange':
      mustBeOpen(view);
      stepWithPendingChange(command.known ?? view, command.data);
      return [event('itinerary.step-change-refused', command.data)];
    case 'OpenIncidentFollowUp': {
      const known = view.incidents[command.data.incidentId];
      if (known && known.status !== 'reported') return []; // already followed up (a redelivered report)
      if (view.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the incident concerns no known case');
      return [event('incident.follow-up-opened', { ...command.data, referenceTechnician: view.referenceTechnician })];
    }
    case 'AcknowledgeIncident': {
      const incident = view.incidents[command.data.incidentId];
      if (!incident || incident.status === 'reported') throw notFound('INCIDENT.NOT_FOUND', `no incident ${command.data.incidentId} is open on this case`);
      if (incident.status !== 'open') throw rule('INCIDENT.ALREADY_ACKNOWLEDGED', `incident ${incident.incidentId} is already ${incident.status}`);
      if (incident.observedOn) notBefore(command.data.acknowledgedOn, incident.observedOn, 'DATES.BACKWARDS', 'acknowledged before the incident was observed');
      return [event('incident.acknowledged', command.data)];
    }
    case 'ResolveIncident': {
      const incident = view.incidents[command.data.incidentId];
      if (!incident || incident.status === 'reported') throw notFound('INCIDENT.NOT_FOUND', `no incident ${command.data.incidentId} is open on this case`);
      if (incident.status === 'open') throw rule('INCIDENT.NOT_ACKNOWLEDGED', `incident ${incident.incidentId} must be acknowledged before it is resolved`);
      if (incident.status === 'resolved') throw rule('INCIDENT.ALREADY_RESOLVED', `incident ${incident.incidentId} is already resolved`);
      notBefore(command.data.resolvedOn, incident.acknowledgedOn!, 'DATES.BACKWARDS', 'resolved before it was acknowledged');
      return [event('incident.resolved', command.data)];
    }
    case 'GiveConsent':
      mustBeOpen(view);
      return [event('consent.given', command.data)];
    case 'WithdrawConsent':
      mustBeOpen(view);
      if (consentWithdrawn(view, command.data.institutionId, command.data.purpose)) return [];
      return [event('consent.withdrawn', command.data)];
    case 'CloseCase':
      mustBeOpen(view);
      notBefore(command.data.closedOn, view.openedOn!, 'DATES.BACKWARDS', 'the case would close before it opened');
      return [event('case.closed', command.data)];
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type} (${JSON.stringify(d)})`);
    }
  }
}

/** An answer (or a start) needs a planned step with no change pending; a declined step is not answered again, nor started. */
function mayAnswer(step: StepView, answer: 'start' | 'accept' | 'decline' | 'propose'): void {
  if (step.status !== 'planned') throw rule('STEP.ALREADY_STARTED', `step ${step.stepId} is already ${step.status}`);
  if (step.answer?.status === 'change-proposed') {
    throw rule('STEP.CHANGE_PENDING', `change ${step.answer.proposalId} proposed for step ${step.stepId} awaits social services' decision`);
  }
  if (step.answer?.status === 'declined') {
    if (answer === 'start') throw rule('STEP.DECLINED', `step ${step.stepId} was declined on ${step.answer.on}: social services reorient the itinerary`);
    throw rule('STEP.ALREADY_ANSWERED', `step ${step.stepId} was already declined on ${step.answer.on}`);
  }
  if (answer === 'accept' && step.answer?.status === 'accepted') throw rule('STEP.ALREADY_ANSWERED', `step ${step.stepId} was already accepted on ${step.answer.on}`);
}

/**
 * A step's responsible institution answers it (joint itinerary design: accepts, declines with a
 * reason, or proposes a change), starts and completes it.
 */
export function decideStep(command: StepCommand, view: CaseView, meta: CommandMeta): DomainEvent[] {
  const itinerary = activeItinerary(view, command.data.itineraryId);
  const step = itinerary.steps.find((s) => s.stepId === command.data.stepId);
  if (!step) throw notFound('STEP.NOT_FOUND', `itinerary ${itinerary.itineraryId} has no step ${command.data.stepId}`);
  if (!answersForStep(step, meta.institutionId)) {
    throw forbidden('STEP.NOT_RESPONSIBLE', `step ${step.stepId} is the responsibility of ${step.responsibleInstitution}, not ${meta.institutionId}`);
  }
  switch (command.type) {
    case 'StartStep':
      mayAnswer(step, 'start');
      return [event('itinerary.step-started', command.data)];
    case 'AcceptStep':
      mayAnswer(step, 'accept');
      return [event('itinerary.step-accepted', command.data)];
    case 'DeclineStep':
      mayAnswer(step, 'decline');
      return [event('itinerary.step-declined', command.data)];
    case 'ProposeStepChange': {
      mayAnswer(step, 'propose');
      const changed = { ...step, ...Object.fromEntries(Object.entries(command.data.change).filter(([, v]) => v !== undefined)) };
      notBefore(changed.plannedEnd, changed.plannedStart, 'DATES.BACKWARDS', `step ${step.stepId} would end (${changed.plannedEnd}) before it starts (${changed.plannedStart})`);
      if ((step.changeDecisions ?? []).some((c) => c.proposalId === command.data.proposalId)) {
        throw rule('STEP.PROPOSAL_EXISTS', `change ${command.data.proposalId} was already proposed and decided for step ${step.stepId}`);
      }
      return [event('itinerary.step-change-proposed', { ...command.data, change: { ...command.data.change } })];
    }
    case 'CompleteStep':
      if (step.status === 'planned') throw rule('STEP.NOT_STARTED', `step ${step.stepId} cannot complete before it started`);
      if (step.status === 'completed') throw rule('STEP.ALREADY_COMPLETED', `step ${step.stepId} is already completed`);
      notBefore(command.data.completedOn, step.startedOn!, 'DATES.BACKWARDS', `step ${step.stepId} would complete before it started`);
      return [event('itinerary.step-completed', command.data)];
  }
}

export const agreementFullySigned = (signedBy: string[]) => AGREEMENT_PARTIES.every((party) => signedBy.includes(party));
