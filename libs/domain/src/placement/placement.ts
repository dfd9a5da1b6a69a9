import {
  ContractEndedV1, FinalEvaluationRecordedV1, FollowUpMeetingHeldV1, IncidentReportedV1, JobAdaptedV1, PlacementStartedV1,
} from '@inclusion/contracts';
import { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/** A person's placement in an insertion company (stream placement-<placementId>). */
export interface PlacementState {
  status: 'none' | 'active' | 'ended';
  placementId?: string;
  /** The case it serves and the company that started it (the only one that records on it). */
  caseId?: string;
  startedBy?: string;
  contractStart?: string;
  endedOn?: string;
  lastMeetingOn?: string;
  evaluated: boolean;
  incidents: string[];
}

export const initialPlacement = (): PlacementState => ({ status: 'none', evaluated: false, incidents: [] });

export type PlacementCommand =
  | { type: 'StartPlacement'; data: PlacementStartedV1; caseId: string }
  | { type: 'HoldFollowUpMeeting'; data: FollowUpMeetingHeldV1 }
  | { type: 'ReportIncident'; data: IncidentReportedV1 }
  | { type: 'AdaptJob'; data: JobAdaptedV1 }
  | { type: 'EndContract'; data: ContractEndedV1 }
  | { type: 'RecordFinalEvaluation'; data: FinalEvaluationRecordedV1 };

export function evolvePlacement(state: PlacementState, event: RecordedEvent): PlacementState {
  const d = event.data as Record<string, string>;
  switch (event.type) {
    case 'placement.started':
      return { ...state, status: 'active', placementId: d.placementId, caseId: event.caseId ?? undefined, startedBy: event.institutionId, contractStart: d.contractStart };
    case 'placement.follow-up-meeting-held':
      return { ...state, lastMeetingOn: d.heldOn };
    case 'incident.reported':
      return { ...state, incidents: [...state.incidents, d.incidentId] };
    case 'placement.contract-ended':
      return { ...state, status: 'ended', endedOn: d.endedOn };
    case 'placement.final-evaluation-recorded':
      return { ...state, evaluated: true };
    default:
      return state;
  }
}

function active(state: PlacementState): PlacementState {
  if (state.status === 'none') throw notFound('PLACEMENT.NOT_FOUND', 'the placement does not exist');
  if (state.status === 'ended') throw rule('PLACEMENT.ENDED', `the placement's contract ended on ${state.endedOn}`);
  return state;
}

/**
 * The company's decisions. Starting a placement needs what social services recorded (the
 * case view the company received through Kafka): a valid exclusion accreditation and a
 * fully signed agreement for this case and this company.
 */
export function decidePlacement(command: PlacementCommand, state: PlacementState, caseView: CaseView, meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'StartPlacement': {
      const d = command.data;
      if (state.status !== 'none') throw rule('PLACEMENT.ALREADY_STARTED', `placement ${d.placementId} already started`);
      if (caseView.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case is not known to this company (no event of it was received)');
      if (caseView.status === 'closed') throw rule('CASE.CLOSED', 'the case is closed');
      const accreditation = caseView.accreditation;
      if (!accreditation) throw rule('PLACEMENT.NO_ACCREDITATION', 'the situation of social exclusion is not accredited for this case');
      if (d.contractStart < accreditation.validFrom || d.contractStart > accreditation.validUntil) {
        throw rule('PLACEMENT.ACCREDITATION_NOT_VALID', `the accreditation is valid from ${accreditation.validFrom} to ${accreditation.validUntil}, not on ${d.contractStart}`);
      }
      const agreement = caseView.agreements[d.agreementId];
      if (!agreement || agreement.companyInstitution !== meta.institutionId) {
        throw rule('PLACEMENT.NO_AGREEMENT', `there is no insertion agreement ${d.agreementId} between this case and ${meta.institutionId}`);
      }
      // Complete only with the three signatures known here: social services' and the person's (received), the company's own.
      if (!agreement.complete) {
        throw rule(
          'PLACEMENT.AGREEMENT_NOT_SIGNED',
          `agreement ${d.agreementId} is signed by ${agreement.signedBy.join(', ') || 'nobody'}; it needs social services, the company (at its own service) and the person`,
        );
      }
      return [event('placement.started', d)];
    }
    case 'HoldFollowUpMeeting':
      active(state);
      notBefore(command.data.heldOn, state.lastMeetingOn ?? state.contractStart!, 'DATES.BACKWARDS', 'the meeting predates the contract or the previous meeting');
      return [event('placement.follow-up-meeting-held', command.data)];
    case 'ReportIncident':
      active(state);
      if (state.incidents.includes(command.data.incidentId)) throw rule('INCIDENT.ALREADY_REPORTED', `incident ${command.data.incidentId} was already reported`);
      notBefore(command.data.observedOn, state.contractStart!, 'DATES.BACKWARDS', 'the incident predates the contract');
      return [event('incident.reported', command.data)];
    case 'AdaptJob':
      active(state);
      notBefore(command.data.adaptedOn, state.contractStart!, 'DATES.BACKWARDS', 'the adaptation predates the contract');
      return [event('placement.job-adapted', command.data)];
    case 'EndContract':
      active(state);
      notBefore(command.data.endedOn, state.contractStart!, 'DATES.BACKWARDS', 'the contract would end before it started');
      return [event('placement.contract-ended', command.data)];
    case 'RecordFinalEvaluation':
      if (state.status === 'none') throw notFound('PLACEMENT.NOT_FOUND', 'the placement does not exist');
      if (state.evaluated) throw rule('PLACEMENT.ALREADY_EVALUATED', 'the final evaluation is already recorded');
      notBefore(command.data.evaluatedOn, state.contractStart!, 'DATES.BACKWARDS', 'the evaluation predates the contract');
      return [event('placement.final-evaluation-recorded', command.data)];
  }
}
