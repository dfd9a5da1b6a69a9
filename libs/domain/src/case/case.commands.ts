import {
  ConsentV1,
  AgreementSignedV1, CaseClosedV1, CaseOpenedV2, DiagnosisRecordedV1, ExclusionAccreditedV1, IncidentAcknowledgedV1, IncidentFollowUpOpenedV1,
  IncidentResolvedV1, ItineraryClosedV1, ItineraryDesignedV1, ItineraryReorientedV1, ReferenceTechnicianAssignedV1, StepCompletedV1, StepStartedV1,
} from '@inclusion/contracts';
import type { CasePlanCommand } from '../employment-plan/case-plan.decide';

/** Commands on a case (social services). Data shapes are the events' payload classes. */
export type CaseCommand =
  | { type: 'OpenCase'; data: CaseOpenedV2; knownOpenCaseOfPerson?: string | null }
  | { type: 'RecordDiagnosis'; data: DiagnosisRecordedV1 }
  | { type: 'AccreditExclusion'; data: ExclusionAccreditedV1 }
  | { type: 'AssignReferenceTechnician'; data: ReferenceTechnicianAssignedV1 }
  | { type: 'DesignItinerary'; data: ItineraryDesignedV1 }
  | { type: 'ReorientItinerary'; data: ItineraryReorientedV1 }
  | { type: 'CloseItinerary'; data: ItineraryClosedV1 }
  | { type: 'SignAgreement'; data: AgreementSignedV1 }
  | { type: 'OpenIncidentFollowUp'; data: IncidentFollowUpOpenedV1 }
  | { type: 'AcknowledgeIncident'; data: IncidentAcknowledgedV1 }
  | { type: 'ResolveIncident'; data: IncidentResolvedV1 }
  | { type: 'GiveConsent'; data: ConsentV1 }
  | { type: 'WithdrawConsent'; data: ConsentV1 }
  | { type: 'CloseCase'; data: CaseClosedV1 }
  | CasePlanCommand;

/** Step progress, recorded by the step's responsible institution in its own service. */
export type StepCommand = { type: 'StartStep'; data: StepStartedV1 } | { type: 'CompleteStep'; data: StepCompletedV1 };
