import {
  EmploymentPlanOpenedV1, PersonSelectedV1, PlanContractEndedV1, PlanContractSignedV1, PlanFinalEvaluationRecordedV1, PlanIncidentReportedV1,
  PlanJobAdaptedV1, PreparatoryMeetingHeldV1, StartAssemblyHeldV1, TutorFollowUpHeldV1,
} from '@inclusion/contracts';
import { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/**
 * The municipal Plan de Empleo (seeds/001), as its employer records it: the municipal
 * employment service opens the plan, holds the preparatory meetings, selects the people
 * social services proposed, holds the joint start assembly with them (stream
 * employment-plan-<planId>), and hires each on a contract with a tutor (stream
 * plan-contract-<contractId>): follow-ups, incidents, job adaptations agreed with social
 * services, contract end, final evaluation. No exclusion accreditation nor insertion
 * agreement: those are the insertion-company protocol (placement/placement.ts).
 */

// --- the plan ---------------------------------------------------------------------------------

export interface EmploymentPlanState {
  exists: boolean;
  /** The institution that opened the plan: its employer, the only one that records on it. */
  employer?: string;
  periodStart?: string;
  periodEnd?: string;
  programmeId?: string;
  meetings: string[];
  /** Selected people: case -> the social services that proposed them. */
  selected: Record<string, string>;
  assemblies: string[];
}

export const initialEmploymentPlan = (): EmploymentPlanState => ({ exists: false, meetings: [], selected: {}, assemblies: [] });

export type EmploymentPlanCommand =
  | { type: 'OpenEmploymentPlan'; data: EmploymentPlanOpenedV1 }
  | { type: 'HoldPreparatoryMeeting'; data: PreparatoryMeetingHeldV1 }
  | { type: 'SelectPerson'; data: PersonSelectedV1 }
  | { type: 'HoldStartAssembly'; data: StartAssemblyHeldV1 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type D = Record<string, any>;

export function evolveEmploymentPlan(state: EmploymentPlanState, e: RecordedEvent): EmploymentPlanState {
  const d = e.data as D;
  switch (e.type) {
    case 'employment-plan.opened':
      return { ...state, exists: true, employer: e.institutionId, periodStart: d.periodStart, periodEnd: d.periodEnd, programmeId: d.programmeId };
    case 'employment-plan.preparatory-meeting-held':
      return { ...state, meetings: [...state.meetings, d.meetingId] };
    case 'employment-plan.person-selected':
      return { ...state, selected: { ...state.selected, [d.caseId]: d.proposedBy } };
    case 'employment-plan.start-assembly-held':
      return { ...state, assemblies: [...state.assemblies, d.assemblyId] };
    default:
      return state;
  }
}

function existing(state: EmploymentPlanState): EmploymentPlanState {
  if (!state.exists) throw notFound('PLAN.NOT_FOUND', 'the employment plan does not exist');
  return state;
}

/** The employer's decisions on its plan; selecting a person reads the case as the employer knows it. */
export function decideEmploymentPlan(command: EmploymentPlanCommand, state: EmploymentPlanState, caseView: CaseView, _meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'OpenEmploymentPlan':
      if (state.exists) throw rule('PLAN.ALREADY_EXISTS', 'an employment plan with this id already exists');
      notBefore(command.data.periodEnd, command.data.periodStart, 'DATES.BACKWARDS', 'the plan ends before it starts');
      return [event('employment-plan.opened', command.data)];
    case 'HoldPreparatoryMeeting':
      existing(state);
      if (state.meetings.includes(command.data.meetingId)) throw rule('MEETING.ALREADY_EXISTS', `meeting ${command.data.meetingId} is already recorded`);
      return [event('employment-plan.preparatory-meeting-held', command.data)];
    case 'SelectPerson': {
      const d = command.data;
      existing(state);
      if (caseView.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case is not known to this service (no event of it was received)');
      if (caseView.status === 'closed') throw rule('CASE.CLOSED', 'the case is closed');
      const proposal = caseView.employmentPlans?.[d.planId];
      if (!proposal || proposal.proposedBy !== d.proposedBy) throw rule('PLAN.NOT_PROPOSED', `${d.proposedBy} has not proposed case ${d.caseId} for plan ${d.planId}`);
      if (state.selected[d.caseId]) throw rule('PLAN.ALREADY_SELECTED', `case ${d.caseId} is already selected for plan ${d.planId}`);
      notBefore(d.selectedOn, proposal.proposedOn, 'DATES.BACKWARDS', 'the selection predates the proposal');
      return [event('employment-plan.person-selected', d)];
    }
    case 'HoldStartAssembly': {
      existing(state);
      if (state.assemblies.includes(command.data.assemblyId)) throw rule('ASSEMBLY.ALREADY_HELD', `assembly ${command.data.assemblyId} is already recorded`);
      const notSelected = command.data.attendingCases.filter((caseId) => !state.selected[caseId]);
      if (notSelected.length) throw rule('PLAN.NOT_SELECTED', `not selected for this plan: ${notSelected.join(', ')}; only selected people attend the start assembly`);
      return [event('employment-plan.start-assembly-held', command.data)];
    }
  }
}

// --- a person's contract -------------------------------------------------------------------------

export interface PlanContractState {
  status: 'none' | 'active' | 'ended';
  contractId?: string;
  caseId?: string;
  planId?: string;
  /** The employer that signed it: the only one that records on it. */
  employer?: string;
  contractStart?: string;
  contractEnd?: string;
  endedOn?: string;
  lastMeetingOn?: string;
  meetings: string[];
  incidents: string[];
  adaptations: string[];
  evaluated: boolean;
}

export const initialPlanContract = (): PlanContractState => ({ status: 'none', meetings: [], incidents: [], adaptations: [], evaluated: false });

export type PlanContractCommand =
  | { type: 'SignPlanContract'; data: PlanContractSignedV1; caseId: string }
  | { type: 'HoldTutorFollowUp'; data: TutorFollowUpHeldV1 }
  | { type: 'ReportPlanIncident'; data: PlanIncidentReportedV1 }
  | { type: 'AdaptPlanJob'; data: PlanJobAdaptedV1 }
  | { type: 'EndPlanContract'; data: PlanContractEndedV1 }
  | { type: 'RecordPlanFinalEvaluation'; data: PlanFinalEvaluationRecordedV1 };

export function evolvePlanContract(state: PlanContractState, e: RecordedEvent): PlanContractState {
  const d = e.data as D;
  switch (e.type) {
    case 'plan-contract.signed':
      return { ...state, status: 'active', contractId: d.contractId, caseId: e.caseId ?? undefined, planId: d.planId, employer: e.institutionId, contractStart: d.contractStart, contractEnd: d.contractEnd };
    case 'plan-contract.tutor-follow-up-held':
      return { ...state, lastMeetingOn: d.heldOn, meetings: [...state.meetings, d.meetingId] };
    case 'plan-contract.incident-reported':
      return { ...state, incidents: [...state.incidents, d.incidentId] };
    case 'plan-contract.job-adapted':
      return { ...state, adaptations: [...state.adaptations, d.adaptationId] };
    case 'plan-contract.ended':
      return { ...state, status: 'ended', endedOn: d.endedOn };
    case 'plan-contract.final-evaluation-recorded':
      return { ...state, evaluated: true };
    default:
      return state;
  }
}

function active(state: PlanContractState): PlanContractState {
  if (state.status === 'none') throw notFound('CONTRACT.NOT_FOUND', 'the plan contract does not exist');
  if (state.status === 'ended') throw rule('CONTRACT.ENDED', `the contract ended on ${state.endedOn}`);
  return state;
}

/**
 * The employer's decisions on a contract. Signing needs the person selected for the plan by
 * this employer; a job adaptation needs social services' agreement to the same adaptation,
 * for an incident reported on this contract (both as the employer's case view shows them).
 */
export function decidePlanContract(command: PlanContractCommand, state: PlanContractState, caseView: CaseView, meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'SignPlanContract': {
      const d = command.data;
      if (state.status !== 'none') throw rule('CONTRACT.ALREADY_SIGNED', `contract ${d.contractId} is already signed`);
      if (caseView.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case is not known to this service (no event of it was received)');
      if (caseView.status === 'closed') throw rule('CASE.CLOSED', 'the case is closed');
      const plan = caseView.employmentPlans?.[d.planId];
      if (!plan || plan.status !== 'selected' || plan.employer !== meta.institutionId) {
        throw rule('PLAN.NOT_SELECTED', `case ${command.caseId} is not selected for plan ${d.planId} by ${meta.institutionId}: social services propose, the employer selects, then it hires`);
      }
      notBefore(d.contractEnd, d.contractStart, 'DATES.BACKWARDS', 'the contract ends before it starts');
      notBefore(d.contractStart, plan.selectedOn!, 'DATES.BACKWARDS', 'the contract starts before the selection');
      return [event('plan-contract.signed', d)];
    }
    case 'HoldTutorFollowUp':
      active(state);
      if (state.meetings.includes(command.data.meetingId)) throw rule('MEETING.ALREADY_EXISTS', `follow-up ${command.data.meetingId} is already recorded`);
      notBefore(command.data.heldOn, state.lastMeetingOn ?? state.contractStart!, 'DATES.BACKWARDS', 'the follow-up predates the contract or the previous follow-up');
      return [event('plan-contract.tutor-follow-up-held', command.data)];
    case 'ReportPlanIncident':
      active(state);
      if (state.incidents.includes(command.data.incidentId)) throw rule('INCIDENT.ALREADY_REPORTED', `incident ${command.data.incidentId} was already reported`);
      notBefore(command.data.observedOn, state.contractStart!, 'DATES.BACKWARDS', 'the incident predates the contract');
      return [event('plan-contract.incident-reported', command.data)];
    case 'AdaptPlanJob': {
      const d = command.data;
      active(state);
      if (!state.incidents.includes(d.incidentId)) throw notFound('INCIDENT.NOT_FOUND', `no incident ${d.incidentId} was reported on contract ${state.contractId}`);
      if (state.adaptations.includes(d.adaptationId)) throw rule('ADAPTATION.ALREADY_APPLIED', `adaptation ${d.adaptationId} is already applied`);
      const agreed = caseView.jobAdaptations?.[d.adaptationId];
      if (!agreed || agreed.contractId !== state.contractId || agreed.incidentId !== d.incidentId || agreed.fromTask !== d.fromTask || agreed.toTask !== d.toTask) {
        throw rule('ADAPTATION.NOT_AGREED', `social services have not agreed adaptation ${d.adaptationId} (${d.fromTask} -> ${d.toTask}) for incident ${d.incidentId} of this contract`);
      }
      notBefore(d.adaptedOn, state.contractStart!, 'DATES.BACKWARDS', 'the adaptation predates the contract');
      return [event('plan-contract.job-adapted', d)];
    }
    case 'EndPlanContract':
      active(state);
      notBefore(command.data.endedOn, state.contractStart!, 'DATES.BACKWARDS', 'the contract would end before it started');
      return [event('plan-contract.ended', command.data)];
    case 'RecordPlanFinalEvaluation':
      if (state.status === 'none') throw notFound('CONTRACT.NOT_FOUND', 'the plan contract does not exist');
      if (state.evaluated) throw rule('CONTRACT.ALREADY_EVALUATED', 'the final evaluation is already recorded');
      notBefore(command.data.evaluatedOn, state.contractStart!, 'DATES.BACKWARDS', 'the evaluation predates the contract');
      return [event('plan-contract.final-evaluation-recorded', command.data)];
  }
}
