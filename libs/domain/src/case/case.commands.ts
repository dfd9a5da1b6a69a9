import {
  ConsentV1,
  AcceptStepChangeBody, CaseClosedV1, PersonSignatureBody, SocialServicesSignatureBody, StepAcceptedV1, StepChangeProposedV1, StepChangeRefusedV1, StepDeclinedV1, CaseOpenedV2, DiagnosisRecordedV1, ExclusionAccreditedV1, IncidentAcknowledgedV1, IncidentFollowUpOpenedV1,
  IncidentResolvedV1, ItineraryClosedV1, ItineraryDesignedV1, ItineraryReorientedV1, ReferenceTechnicianAssignedV1, CompleteStepBody, StepStartedV1,
} from '@inclusion/contracts';
import type { CasePlanCommand } from '../employment-plan/case-plan.decide';
import type { CaseRiskCommand } from '../pact/case-risk.decide';
import type { CaseView } from './case-view';

/** Commands on a case (social services). Data shapes are the events' payload classes. */
export type CaseCommand =
  | { type: 'OpenCase'; data: CaseOpenedV2; knownOpenCaseOfPerson?: string | null }
  | { type: 'RecordDiagnosis'; data: DiagnosisRecordedV1 }
  | { type: 'AccreditExclusion'; data: ExclusionAccreditedV1 }
  | { type: 'AssignReferenceTechnician'; data: ReferenceTechnicianAssignedV1 }
  | { type: 'DesignItinerary'; data: ItineraryDesignedV1 }
  | { type: 'ReorientItinerary'; data: ItineraryReorientedV1 }
  | { type: 'CloseItinerary'; data: ItineraryClosedV1 }
  | { type: 'SignAgreement'; data: SocialServicesSignatureBody }
  | { type: 'RecordPersonSignature'; data: PersonSignatureBody }
  /** Decisions on a change a step's institution proposed: `known` is the case as social services received it (the proposal is the institution's event). */
  | { type: 'AcceptStepChange'; data: AcceptStepChangeBody; known?: CaseView | null }
  | { type: 'RefuseStepChange'; data: StepChangeRefusedV1; known?: CaseView | null }
  | { type: 'OpenIncidentFollowUp'; data: IncidentFollowUpOpenedV1 }
  | { type: 'AcknowledgeIncident'; data: IncidentAcknowledgedV1 }
  | { type: 'ResolveIncident'; data: IncidentResolvedV1 }
  | { type: 'GiveConsent'; data: ConsentV1 }
  | { type: 'WithdrawConsent'; data: ConsentV1 }
  | { type: 'CloseCase'; data: CaseClosedV1 }
  | CasePlanCommand
  | CaseRiskCommand;

/** Step progress, recorded by the step's responsible institution in its own service. */
export type StepCommand =
  | { type: 'StartStep'; data: StepStartedV1 }
  | { type: 'CompleteStep'; data: CompleteStepBody }
  | { type: 'AcceptStep'; data: StepAcceptedV1 }
  | { type: 'DeclineStep'; data: StepDeclinedV1 }
  | { type: 'ProposeStepChange'; data: StepChangeProposedV1 };
