import { ItineraryStep } from '@inclusion/contracts';
import { CommandMeta, DomainEvent, event } from '../shared/decider';
import { forbidden, notBefore, notFound, rule } from '../shared/domain-error';
import { CaseCommand, StepCommand } from './case.commands';
import { consentWithdrawn } from '../access/access-policy';
import { CaseView } from './case-view';
import { decideCasePlanWork, isCasePlanCommand } from '../employment-plan/case-plan.decide';

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

/** Social services' decisions on a case. Pure: the view is folded history, meta gives time and actor. */
export function decideCase(command: CaseCommand, view: CaseView, meta: CommandMeta): DomainEvent[] {
  // The Plan de Empleo's work on the case: employment-plan/case-plan.decide.ts.
  if (isCasePlanCommand(command)) return decideCasePlanWork(command, view, meta);
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
    case 'SignAgreement': {
      mustBeOpen(view);
      const agreement = view.agreements[command.data.agreementId];
      if (agreement && agreement.companyInstitution !== command.data.companyInstitution) {
        throw rule('AGREEMENT.OTHER_COMPANY', `agreement ${agreement.agreementId} is with ${agreement.companyInstitution}`);
      }
      if (agreement?.signedBy.includes(command.data.party)) throw rule('AGREEMENT.ALREADY_SIGNED', `the ${command.data.party} already signed agreement ${agreement.agreementId}`);
      return [event('agreement.signed', command.data)];
    }
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

/** A step's responsible institution starts and completes it. */
export function decideStep(command: StepCommand, view: CaseView, meta: CommandMeta): DomainEvent[] {
  const itinerary = activeItinerary(view, command.data.itineraryId);
  const step = itinerary.steps.find((s) => s.stepId === command.data.stepId);
  if (!step) throw notFound('STEP.NOT_FOUND', `itinerary ${itinerary.itineraryId} has no step ${command.data.stepId}`);
  if (step.responsibleInstitution !== meta.institutionId) {
    throw forbidden('STEP.NOT_RESPONSIBLE', `step ${step.stepId} is the responsibility of ${step.responsibleInstitution}, not ${meta.institutionId}`);
  }
  switch (command.type) {
    case 'StartStep':
      if (step.status !== 'planned') throw rule('STEP.ALREADY_STARTED', `step ${step.stepId} is already ${step.status}`);
      return [event('itinerary.step-started', command.data)];
    case 'CompleteStep':
      if (step.status === 'planned') throw rule('STEP.NOT_STARTED', `step ${step.stepId} cannot complete before it started`);
      if (step.status === 'completed') throw rule('STEP.ALREADY_COMPLETED', `step ${step.stepId} is already completed`);
      notBefore(command.data.completedOn, step.startedOn!, 'DATES.BACKWARDS', `step ${step.stepId} would complete before it started`);
      return [event('itinerary.step-completed', command.data)];
  }
}

export const agreementFullySigned = (signedBy: string[]) => AGREEMENT_PARTIES.every((party) => signedBy.includes(party));
