import { renderReactionsTable } from './reactions';

/**
 * The domain at a glance: each aggregate, the service and stream that keep it, its commands
 * with the HTTP endpoint, the events they record and the rules that can refuse them.
 * docs/domain.md is generated from this (npm run docs:domain) and a unit test checks it
 * against the deciders' code: every command handled, every rule code thrown, every event in
 * the catalogue.
 */
export interface CommandEntry {
  command: string;
  http: string;
  events: string[];
  rules: string[];
}

export interface AggregateEntry {
  aggregate: string;
  service: string;
  stream: string;
  source: string;
  description: string;
  commands: CommandEntry[];
}

const DATES = 'DATES.BACKWARDS';

export const DOMAIN_MAP: AggregateEntry[] = [
  {
    aggregate: 'case',
    service: 'social-services',
    stream: 'case-<caseId>',
    source: 'case/case.decide.ts',
    description: "A person's case: diagnosis, accreditation, reference technician, itinerary, agreement, incident follow-up, closure.",
    commands: [
      { command: 'OpenCase', http: 'POST /cases', events: ['case.opened'], rules: ['CASE.ALREADY_EXISTS', 'CASE.PERSON_ALREADY_OPEN'] },
      { command: 'RecordDiagnosis', http: 'POST /cases/:caseId/diagnosis', events: ['case.diagnosis-recorded'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', DATES] },
      { command: 'AccreditExclusion', http: 'POST /cases/:caseId/accreditation', events: ['case.exclusion-accredited'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', DATES] },
      { command: 'AssignReferenceTechnician', http: 'POST /cases/:caseId/reference-technician', events: ['case.reference-technician-assigned'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED'] },
      { command: 'DesignItinerary', http: 'POST /cases/:caseId/itinerary', events: ['itinerary.designed'], rules: ['CASE.CLOSED', 'ITINERARY.ALREADY_DESIGNED', 'ITINERARY.DUPLICATE_STEP', DATES] },
      { command: 'ReorientItinerary', http: 'POST /cases/:caseId/itinerary/reorientation (or a case-table decision)', events: ['itinerary.reoriented'], rules: ['CASE.CLOSED', 'ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED', 'ITINERARY.DUPLICATE_STEP', DATES] },
      { command: 'CloseItinerary', http: 'POST /cases/:caseId/itinerary/closure', events: ['itinerary.closed'], rules: ['ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED'] },
      { command: 'SignAgreement', http: 'POST /cases/:caseId/agreement-signatures', events: ['agreement.signed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'AGREEMENT.OTHER_COMPANY', 'AGREEMENT.ALREADY_SIGNED'] },
      { command: 'RecordPersonSignature', http: 'POST /cases/:caseId/agreement-signatures/person', events: ['agreement.signed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'AGREEMENT.OTHER_COMPANY', 'AGREEMENT.ALREADY_SIGNED', DATES] },
      {
        command: 'AcceptStepChange',
        http: 'POST /cases/:caseId/itinerary/step-change-acceptances',
        events: ['itinerary.step-change-accepted'],
        rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED', 'STEP.NOT_FOUND', 'STEP.NO_PENDING_CHANGE', DATES],
      },
      {
        command: 'RefuseStepChange',
        http: 'POST /cases/:caseId/itinerary/step-change-refusals',
        events: ['itinerary.step-change-refused'],
        rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED', 'STEP.NOT_FOUND', 'STEP.NO_PENDING_CHANGE', DATES],
      },
      { command: 'OpenIncidentFollowUp', http: '(reaction to incident.reported)', events: ['incident.follow-up-opened'], rules: ['CASE.NOT_FOUND'] },
      { command: 'AcknowledgeIncident', http: 'POST /cases/:caseId/incident-acknowledgements', events: ['incident.acknowledged'], rules: ['INCIDENT.NOT_FOUND', 'INCIDENT.ALREADY_ACKNOWLEDGED', DATES] },
      { command: 'ResolveIncident', http: 'POST /cases/:caseId/incident-resolutions', events: ['incident.resolved'], rules: ['INCIDENT.NOT_FOUND', 'INCIDENT.NOT_ACKNOWLEDGED', 'INCIDENT.ALREADY_RESOLVED', DATES] },
      { command: 'GiveConsent', http: 'POST /cases/:caseId/consents', events: ['consent.given'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED'] },
      { command: 'WithdrawConsent', http: 'POST /cases/:caseId/consent-withdrawals', events: ['consent.withdrawn'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED'] },
      { command: 'CloseCase', http: 'POST /cases/:caseId/closure', events: ['case.closed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', DATES] },
    ],
  },
  {
    aggregate: 'itinerary steps',
    service: 'any (the step\'s responsible institution)',
    stream: 'steps-<caseId>@<service>',
    source: 'case/case.decide.ts',
    description:
      'Steps of the itinerary answered (joint itinerary design: accepted, declined with a reason, or a change proposed that social services accept or refuse), started and completed by the institution responsible for each.',
    commands: [
      {
        command: 'StartStep',
        http: 'POST /cases/:caseId/steps/started',
        events: ['itinerary.step-started'],
        rules: ['ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED', 'CASE.CLOSED', 'STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.ALREADY_STARTED', 'STEP.CHANGE_PENDING', 'STEP.DECLINED'],
      },
      { command: 'AcceptStep', http: 'POST /cases/:caseId/steps/accepted', events: ['itinerary.step-accepted'], rules: ['STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.ALREADY_STARTED', 'STEP.CHANGE_PENDING', 'STEP.ALREADY_ANSWERED'] },
      { command: 'DeclineStep', http: 'POST /cases/:caseId/steps/declined', events: ['itinerary.step-declined'], rules: ['STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.ALREADY_STARTED', 'STEP.CHANGE_PENDING', 'STEP.ALREADY_ANSWERED'] },
      {
        command: 'ProposeStepChange',
        http: 'POST /cases/:caseId/steps/change-proposals',
        events: ['itinerary.step-change-proposed'],
        rules: ['STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.ALREADY_STARTED', 'STEP.CHANGE_PENDING', 'STEP.ALREADY_ANSWERED', 'STEP.PROPOSAL_EXISTS', DATES],
      },
      { command: 'CompleteStep', http: 'POST /cases/:caseId/steps/completed', events: ['itinerary.step-completed'], rules: ['STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.NOT_STARTED', 'STEP.ALREADY_COMPLETED', DATES] },
    ],
  },
  {
    aggregate: 'agreement signatures',
    service: 'insertion-company',
    stream: 'agreement-signatures-<caseId>@<service>',
    source: 'agreement/agreement.ts',
    description:
      "The company's signature of the insertion agreement, in its own log (social services sign, and record the person's signature with its evidence, on the case). Complete with all three signatures known.",
    commands: [
      { command: 'SignAgreementAsCompany', http: 'POST /cases/:caseId/agreement-signatures', events: ['agreement.signed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'AGREEMENT.NOT_FOUND', 'AGREEMENT.NOT_PARTY', 'AGREEMENT.ALREADY_SIGNED'] },
    ],
  },
  {
    aggregate: 'placement',
    service: 'insertion-company',
    stream: 'placement-<placementId>',
    source: 'placement/placement.ts',
    description: "A person's job in an insertion company under a signed insertion agreement.",
    commands: [
      { command: 'StartPlacement', http: 'POST /placements', events: ['placement.started'], rules: ['PLACEMENT.ALREADY_STARTED', 'CASE.NOT_FOUND', 'CASE.CLOSED', 'PLACEMENT.NO_ACCREDITATION', 'PLACEMENT.ACCREDITATION_NOT_VALID', 'PLACEMENT.NO_AGREEMENT', 'PLACEMENT.AGREEMENT_NOT_SIGNED'] },
      { command: 'HoldFollowUpMeeting', http: 'POST /placements/:placementId/follow-up-meetings', events: ['placement.follow-up-meeting-held'], rules: ['PLACEMENT.NOT_FOUND', 'PLACEMENT.ENDED', DATES] },
      { command: 'ReportIncident', http: 'POST /placements/:placementId/incidents', events: ['incident.reported'], rules: ['PLACEMENT.NOT_FOUND', 'PLACEMENT.ENDED', 'INCIDENT.ALREADY_REPORTED', DATES] },
      { command: 'AdaptJob', http: 'POST /placements/:placementId/job-adaptations', events: ['placement.job-adapted'], rules: ['PLACEMENT.NOT_FOUND', 'PLACEMENT.ENDED', DATES] },
      { command: 'EndContract', http: 'POST /placements/:placementId/contract-end', events: ['placement.contract-ended'], rules: ['PLACEMENT.NOT_FOUND', 'PLACEMENT.ENDED', DATES] },
      { command: 'RecordFinalEvaluation', http: 'POST /placements/:placementId/final-evaluation', events: ['placement.final-evaluation-recorded'], rules: ['PLACEMENT.NOT_FOUND', 'PLACEMENT.ALREADY_EVALUATED', DATES] },
    ],
  },
  {
    aggregate: 'employment',
    service: 'employment-office',
    stream: 'employment-<caseId>',
    source: 'employment/employment.ts',
    description: "The employment office's work on a case: orientation, training, intermediation, contract documents, joint assessment.",
    commands: [
      { command: 'RecordOrientationAttendance', http: 'POST /cases/:caseId/orientation-sessions', events: ['orientation.session-attended'], rules: [] },
      { command: 'EnrolInTraining', http: 'POST /cases/:caseId/trainings', events: ['training.enrolled'], rules: ['TRAINING.ALREADY_ENROLLED'] },
      { command: 'CompleteTraining', http: 'POST /cases/:caseId/completed-trainings', events: ['training.completed'], rules: ['TRAINING.NOT_FOUND', 'TRAINING.FINISHED', DATES] },
      { command: 'DropOutOfTraining', http: 'POST /cases/:caseId/training-drop-outs', events: ['training.dropped-out'], rules: ['TRAINING.NOT_FOUND', 'TRAINING.FINISHED', DATES] },
      { command: 'ReferToJobOffer', http: 'POST /cases/:caseId/referrals', events: ['intermediation.referred'], rules: ['REFERRAL.ALREADY_EXISTS'] },
      { command: 'RecordReferralResult', http: 'POST /cases/:caseId/referral-results', events: ['intermediation.result-recorded'], rules: ['REFERRAL.NOT_FOUND', 'REFERRAL.ALREADY_DECIDED', DATES] },
      { command: 'RegisterContractDocument', http: 'POST /cases/:caseId/contract-documents', events: ['contract.document-registered'], rules: [] },
      { command: 'OpenJointAssessment', http: '(reaction to placement.contract-ended, plan-contract.ended or itinerary.closed)', events: ['joint-assessment.opened'], rules: [] },
      { command: 'DecideJointAssessment', http: 'POST /cases/:caseId/joint-assessment-decisions', events: ['joint-assessment.decided'], rules: ['ASSESSMENT.NOT_FOUND', 'ASSESSMENT.ALREADY_DECIDED'] },
      { command: 'RecordJointAssessmentPart', http: 'POST /cases/:caseId/joint-assessment-parts', events: ['joint-assessment.part-recorded'], rules: ['ASSESSMENT.NOT_FOUND', 'ASSESSMENT.ALREADY_DECIDED', 'ASSESSMENT.PART_ALREADY_RECORDED'] },
    ],
  },
  {
    aggregate: 'case: the Plan de Empleo',
    service: 'social-services',
    stream: 'case-<caseId>',
    source: 'employment-plan/case-plan.decide.ts',
    description: "Social services' part of the municipal Plan de Empleo on a case: proposal, job adaptations, the final evaluation received, the joint assessment's agreed decision.",
    commands: [
      { command: 'ProposeForEmploymentPlan', http: 'POST /cases/:caseId/employment-plan-proposals', events: ['employment-plan.candidate-proposed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'PLAN.ALREADY_PROPOSED', DATES] },
      { command: 'AgreeJobAdaptation', http: 'POST /cases/:caseId/job-adaptation-agreements', events: ['job-adaptation.agreed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'INCIDENT.NOT_FOUND', 'ADAPTATION.ALREADY_AGREED', DATES] },
      { command: 'PassFinalEvaluation', http: '(reaction to plan-contract.final-evaluation-recorded)', events: ['final-evaluation.passed'], rules: ['CASE.NOT_FOUND'] },
      {
        command: 'AgreeJointAssessment',
        http: 'POST /cases/:caseId/joint-assessment-agreements',
        events: ['joint-assessment.agreed', 'itinerary.reoriented', 'itinerary.closed'],
        rules: [
          'CASE.NOT_FOUND', 'CASE.CLOSED', 'ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED', 'ASSESSMENT.ALREADY_DECIDED', 'ASSESSMENT.NOT_FOUND', 'ASSESSMENT.PART_MISSING',
          'ASSESSMENT.NOT_AGREED', 'ASSESSMENT.REORIENT_NEEDS_STEPS', 'ASSESSMENT.STEPS_ONLY_TO_REORIENT', 'ITINERARY.DUPLICATE_STEP', DATES,
        ],
      },
    ],
  },
  {
    aggregate: 'case: PACT proactive detection',
    service: 'social-services',
    stream: 'case-<caseId>',
    source: 'pact/case-risk.decide.ts',
    description:
      "The risk of chronification of every case (seeds/003; definition in libs/domain/src/pact/chronification-risk.ts): a change of band recorded by the case's owner, a proactive proposal on a rise across a threshold, the reference technician's answer (docs/pact.md).",
    commands: [
      { command: 'AssessRisk', http: '(reaction to the events that change the risk: assess-chronification-risk)', events: ['case.risk-band-changed', 'proactive-proposal.recorded'], rules: ['CASE.NOT_FOUND'] },
      {
        command: 'AcceptProactiveProposal',
        http: 'POST /cases/:caseId/proactive-proposals/acceptances',
        events: ['proactive-proposal.accepted'],
        rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'PROPOSAL.NOT_FOUND', 'PROPOSAL.ALREADY_ANSWERED', 'PROPOSAL.MEETING_REQUIRED', 'PROPOSAL.REVIEW_DATE_REQUIRED', DATES],
      },
      { command: 'DismissProactiveProposal', http: 'POST /cases/:caseId/proactive-proposals/dismissals', events: ['proactive-proposal.dismissed'], rules: ['CASE.NOT_FOUND', 'CASE.CLOSED', 'PROPOSAL.NOT_FOUND', 'PROPOSAL.ALREADY_ANSWERED', DATES] },
    ],
  },
  {
    aggregate: 'referral',
    service: "any (the referring institution at its own service; social services answer at theirs)",
    stream: 'referral-<referralId>@<service>',
    source: 'pact/referral.ts',
    description: 'A referral to social services (PACT): an employment office or a partner detects a situation and refers the person; the social-services institution named accepts it on a case it owns or declines it with a reason; the referring institution sees the answer through Kafka (docs/pact.md).',
    commands: [
      { command: 'SendReferral', http: 'POST /referrals', events: ['referral.sent'], rules: ['REFERRAL.ALREADY_EXISTS', 'REFERRAL.NOT_SOCIAL_SERVICES'] },
      { command: 'AcceptReferral', http: 'POST /referrals/:referralId/acceptance', events: ['referral.accepted'], rules: ['REFERRAL.NOT_FOUND', 'REFERRAL.ALREADY_ANSWERED', DATES, 'CASE.NOT_FOUND', 'CASE.CLOSED', 'REFERRAL.OTHER_PERSON'] },
      { command: 'DeclineReferral', http: 'POST /referrals/:referralId/decline', events: ['referral.declined'], rules: ['REFERRAL.NOT_FOUND', 'REFERRAL.ALREADY_ANSWERED', DATES] },
    ],
  },
  {
    aggregate: 'employment plan',
    service: 'insertion-company (hosting the municipal employment service)',
    stream: 'employment-plan-<planId>',
    source: 'employment-plan/employment-plan.ts',
    description: 'The municipal Plan de Empleo as its employer records it: preparatory meetings, selection of the people social services proposed, the joint start assembly.',
    commands: [
      { command: 'OpenEmploymentPlan', http: 'POST /employment-plans', events: ['employment-plan.opened'], rules: ['PLAN.ALREADY_EXISTS', DATES] },
      { command: 'HoldPreparatoryMeeting', http: 'POST /employment-plans/:planId/preparatory-meetings', events: ['employment-plan.preparatory-meeting-held'], rules: ['PLAN.NOT_FOUND', 'MEETING.ALREADY_EXISTS'] },
      { command: 'SelectPerson', http: 'POST /employment-plans/:planId/selections', events: ['employment-plan.person-selected'], rules: ['PLAN.NOT_FOUND', 'CASE.NOT_FOUND', 'CASE.CLOSED', 'PLAN.NOT_PROPOSED', 'PLAN.ALREADY_SELECTED', DATES] },
      { command: 'HoldStartAssembly', http: 'POST /employment-plans/:planId/start-assemblies', events: ['employment-plan.start-assembly-held'], rules: ['PLAN.NOT_FOUND', 'ASSEMBLY.ALREADY_HELD', 'PLAN.NOT_SELECTED'] },
    ],
  },
  {
    aggregate: 'plan contract',
    service: 'insertion-company (hosting the municipal employment service)',
    stream: 'plan-contract-<contractId>',
    source: 'employment-plan/employment-plan.ts',
    description: "A selected person's temporary contract in the Plan de Empleo, with a tutor at the municipal employment service.",
    commands: [
      { command: 'SignPlanContract', http: 'POST /plan-contracts', events: ['plan-contract.signed'], rules: ['CONTRACT.ALREADY_SIGNED', 'CASE.NOT_FOUND', 'CASE.CLOSED', 'PLAN.NOT_SELECTED', DATES] },
      { command: 'HoldTutorFollowUp', http: 'POST /plan-contracts/:contractId/tutor-follow-ups', events: ['plan-contract.tutor-follow-up-held'], rules: ['CONTRACT.NOT_FOUND', 'CONTRACT.ENDED', 'MEETING.ALREADY_EXISTS', DATES] },
      { command: 'ReportPlanIncident', http: 'POST /plan-contracts/:contractId/incidents', events: ['plan-contract.incident-reported'], rules: ['CONTRACT.NOT_FOUND', 'CONTRACT.ENDED', 'INCIDENT.ALREADY_REPORTED', DATES] },
      { command: 'AdaptPlanJob', http: 'POST /plan-contracts/:contractId/job-adaptations', events: ['plan-contract.job-adapted'], rules: ['CONTRACT.NOT_FOUND', 'CONTRACT.ENDED', 'INCIDENT.NOT_FOUND', 'ADAPTATION.ALREADY_APPLIED', 'ADAPTATION.NOT_AGREED', DATES] },
      { command: 'EndPlanContract', http: 'POST /plan-contracts/:contractId/contract-end', events: ['plan-contract.ended'], rules: ['CONTRACT.NOT_FOUND', 'CONTRACT.ENDED', DATES] },
      { command: 'RecordPlanFinalEvaluation', http: 'POST /plan-contracts/:contractId/final-evaluation', events: ['plan-contract.final-evaluation-recorded'], rules: ['CONTRACT.NOT_FOUND', 'CONTRACT.ALREADY_EVALUATED', DATES] },
    ],
  },
  {
    aggregate: 'household',
    service: 'social-services',
    stream: 'household-<householdId>',
    source: 'household/household.ts',
    description: "A household (personas y familias) at the social services that own its members' cases: members with their relationship, their cases linked; figures by household in the indicators. Address and members' details encrypted with each person's key.",
    commands: [
      { command: 'RegisterHousehold', http: 'POST /households', events: ['household.registered'], rules: ['HOUSEHOLD.ALREADY_EXISTS'] },
      { command: 'AddHouseholdMember', http: 'POST /households/:householdId/members', events: ['household.member-added'], rules: ['HOUSEHOLD.NOT_FOUND', 'HOUSEHOLD.MEMBER_EXISTS', 'CASE.NOT_FOUND', 'HOUSEHOLD.CASE_OTHER_PERSON', DATES] },
      { command: 'LinkMemberCase', http: 'POST /households/:householdId/case-links', events: ['household.case-linked'], rules: ['HOUSEHOLD.NOT_FOUND', 'HOUSEHOLD.MEMBER_NOT_FOUND', 'HOUSEHOLD.CASE_ALREADY_LINKED', 'CASE.NOT_FOUND', 'HOUSEHOLD.CASE_OTHER_PERSON'] },
      { command: 'RemoveHouseholdMember', http: 'POST /households/:householdId/departures', events: ['household.member-left'], rules: ['HOUSEHOLD.NOT_FOUND', 'HOUSEHOLD.MEMBER_NOT_FOUND', 'HOUSEHOLD.REFERENCE_PERSON', DATES] },
    ],
  },
  {
    aggregate: 'programme',
    service: 'regional-delegation',
    stream: 'programme-<programmeId>',
    source: 'programme/programme.ts',
    description: 'A programme of the regional delegation, its projects and the cases enrolled in them.',
    commands: [
      { command: 'CreateProgramme', http: 'POST /programmes', events: ['programme.created'], rules: ['PROGRAMME.ALREADY_EXISTS', DATES] },
      { command: 'AddProject', http: 'POST /programmes/:programmeId/projects', events: ['programme.project-added'], rules: ['PROGRAMME.NOT_FOUND', 'PROGRAMME.CLOSED', 'PROJECT.ALREADY_EXISTS'] },
      { command: 'EnrolCase', http: 'POST /programmes/:programmeId/enrolments', events: ['programme.case-enrolled'], rules: ['PROJECT.NOT_FOUND', 'PROJECT.CASE_ALREADY_ENROLLED', DATES] },
      { command: 'HoldResultsMeeting', http: 'POST /programmes/:programmeId/results-meeting', events: ['programme.results-meeting-held'], rules: ['PROGRAMME.NOT_FOUND', 'PROGRAMME.CLOSED', DATES] },
    ],
  },
  {
    aggregate: 'table',
    service: 'any (each member at its own service)',
    stream: 'table-<tableId>@<service>',
    source: 'table/table.ts',
    description: 'A coordination table (Mesa Técnica) at programme, project or case level.',
    commands: [
      { command: 'CreateTable', http: 'POST /tables', events: ['table.created'], rules: ['TABLE.ALREADY_EXISTS', 'TABLE.CREATOR_NOT_MEMBER'] },
      { command: 'AddMember', http: 'POST /tables/:tableId/members', events: ['table.member-added'], rules: ['TABLE.NOT_FOUND', 'TABLE.NOT_A_MEMBER'] },
      { command: 'ConveneMeeting', http: 'POST /tables/:tableId/meetings', events: ['table.meeting-convened'], rules: ['TABLE.NOT_A_MEMBER', 'MEETING.ALREADY_EXISTS'] },
      { command: 'HoldMeeting', http: 'POST /tables/:tableId/held-meetings', events: ['table.meeting-held'], rules: ['TABLE.NOT_A_MEMBER', 'MEETING.NOT_FOUND', 'MEETING.NOT_CONVENED', DATES] },
      { command: 'CancelMeeting', http: 'POST /tables/:tableId/cancelled-meetings', events: ['table.meeting-cancelled'], rules: ['TABLE.NOT_A_MEMBER', 'MEETING.NOT_FOUND', 'MEETING.NOT_CONVENED'] },
      { command: 'RecordDecision', http: 'POST /tables/:tableId/decisions', events: ['table.decision-recorded'], rules: ['TABLE.NOT_A_MEMBER', 'MEETING.NOT_FOUND', 'MEETING.NOT_HELD', 'DECISION.REORIENT_NEEDS_CASE_TABLE'] },
      { command: 'AddAction', http: 'POST /tables/:tableId/actions', events: ['table.action-added'], rules: ['TABLE.NOT_A_MEMBER', 'MEETING.NOT_HELD', 'ACTION.OWNER_NOT_MEMBER', DATES] },
      { command: 'CompleteAction', http: 'POST /tables/:tableId/completed-actions', events: ['table.action-completed'], rules: ['TABLE.NOT_A_MEMBER', 'ACTION.NOT_FOUND', 'ACTION.ALREADY_DONE', DATES] },
    ],
  },
  {
    aggregate: 'territorial plan',
    service: 'any (the lead at its own service; each partner records its findings at its own)',
    stream: 'territorial-plan-<planId>@<service>',
    source: 'territorial-plan/territorial-plan.ts',
    description: 'A territorial plan (Plan Local de Integración Social, Piano di Zona, Piano d\'Ambito) in phases 0-4: shared diagnosis, participation, technical table, programmed development and evaluation, follow-up commission (docs/territorial-plans.md).',
    commands: [
      { command: 'CreatePlan', http: 'POST /territorial-plans', events: ['territorial-plan.created'], rules: ['PLAN.ALREADY_EXISTS', DATES] },
      { command: 'AddPartner', http: 'POST /territorial-plans/:planId/partners', events: ['territorial-plan.partner-added'], rules: ['PLAN.NOT_FOUND'] },
      { command: 'StartPhase', http: 'POST /territorial-plans/:planId/phases', events: ['territorial-plan.phase-started'], rules: ['PLAN.NOT_FOUND', 'PLAN.PHASE_NOT_NEXT', 'PLAN.CONSULTATION_OPEN', 'PLAN.CONTRIBUTIONS_UNANSWERED', 'PLAN.NO_TECHNICAL_TABLE', 'PLAN.NO_LINES', 'PLAN.NO_TARGETS', 'PLAN.NOT_APPROVED', DATES] },
      { command: 'RecordContext', http: 'POST /territorial-plans/:planId/context', events: ['territorial-plan.context-recorded'], rules: ['PLAN.NOT_FOUND', 'PLAN.WRONG_PHASE'] },
      { command: 'RecordFinding', http: 'POST /territorial-plans/:planId/findings', events: ['territorial-plan.finding-recorded'], rules: ['PLAN.WRONG_PHASE', 'PLAN.FINDING_EXISTS'] },
      { command: 'HoldConsultationMeeting', http: 'POST /territorial-plans/:planId/consultation-meetings', events: ['territorial-plan.consultation-meeting-held'], rules: ['PLAN.WRONG_PHASE', 'PLAN.MEETING_EXISTS'] },
      { command: 'PublishDraft', http: 'POST /territorial-plans/:planId/drafts', events: ['territorial-plan.draft-published'], rules: ['PLAN.WRONG_PHASE', 'PLAN.CONSULTATION_OPEN', 'PLAN.CONTRIBUTIONS_UNANSWERED', 'PLAN.CONTRIBUTION_NOT_FOUND', 'PLAN.CONTRIBUTION_NOT_ACCEPTED', 'PLAN.CONTRIBUTION_ALREADY_INCORPORATED', DATES] },
      { command: 'ReceiveContribution', http: 'POST /public/territorial-plans/:planId/contributions (no token)', events: ['territorial-plan.contribution-received'], rules: ['PLAN.NOT_FOUND', 'PLAN.CONSULTATION_NOT_OPEN', 'PLAN.CONTRIBUTION_EXISTS'] },
      { command: 'AnswerContribution', http: 'POST /territorial-plans/:planId/contribution-answers', events: ['territorial-plan.contribution-answered'], rules: ['PLAN.CONTRIBUTION_NOT_FOUND', 'PLAN.CONTRIBUTION_ALREADY_ANSWERED'] },
      { command: 'CloseConsultation', http: 'POST /territorial-plans/:planId/consultation-closure', events: ['territorial-plan.consultation-closed'], rules: ['PLAN.CONSULTATION_NOT_OPEN'] },
      { command: 'LinkTechnicalTable', http: 'POST /territorial-plans/:planId/technical-table', events: ['territorial-plan.technical-table-linked'], rules: ['PLAN.WRONG_PHASE', 'PLAN.TABLE_ALREADY_LINKED', 'PLAN.TABLE_NOT_FOUND', 'PLAN.TABLE_NOT_PROGRAMME_LEVEL', 'PLAN.LEAD_NOT_TABLE_MEMBER'] },
      { command: 'AdoptLine', http: 'POST /territorial-plans/:planId/lines', events: ['territorial-plan.line-adopted'], rules: ['PLAN.WRONG_PHASE', 'PLAN.LINE_EXISTS'] },
      { command: 'SetObjective', http: 'POST /territorial-plans/:planId/objectives', events: ['territorial-plan.objective-set'], rules: ['PLAN.WRONG_PHASE', 'PLAN.LINE_NOT_ADOPTED', 'PLAN.OBJECTIVE_EXISTS'] },
      { command: 'ScorePriorities', http: 'POST /territorial-plans/:planId/priority-scorings', events: ['territorial-plan.priorities-scored'], rules: ['PLAN.WRONG_PHASE', 'PLAN.DUPLICATE_SCORE', 'PLAN.OBJECTIVE_NOT_FOUND'] },
      { command: 'SetTarget', http: 'POST /territorial-plans/:planId/targets', events: ['territorial-plan.target-set'], rules: ['PLAN.WRONG_PHASE', 'PLAN.OBJECTIVE_NOT_FOUND', 'PLAN.TARGET_EXISTS', 'PLAN.OUTSIDE_PERIOD'] },
      { command: 'AdoptAnnualPlan', http: 'POST /territorial-plans/:planId/annual-plans', events: ['territorial-plan.annual-plan-adopted'], rules: ['PLAN.WRONG_PHASE', 'PLAN.OUTSIDE_PERIOD', 'PLAN.ANNUAL_PLAN_EXISTS', 'PLAN.OBJECTIVE_NOT_FOUND', 'PLAN.DECISION_NOT_FOUND'] },
      { command: 'ProgrammeAction', http: 'POST /territorial-plans/:planId/actions', events: ['territorial-plan.action-programmed'], rules: ['PLAN.WRONG_PHASE', 'PLAN.ACTION_EXISTS', 'PLAN.NO_ANNUAL_PLAN', 'PLAN.LINE_NOT_ADOPTED', 'PLAN.OBJECTIVE_OTHER_LINE', 'PLAN.OWNER_NOT_PARTNER', 'PLAN.OUTSIDE_PERIOD'] },
      { command: 'HoldFollowUpReview', http: 'POST /territorial-plans/:planId/follow-up-reviews', events: ['territorial-plan.follow-up-review-held'], rules: ['PLAN.WRONG_PHASE', 'PLAN.REVIEW_EXISTS', 'PLAN.TARGET_NOT_FOUND', 'PLAN.TARGET_NOT_REVIEWED', 'PLAN.DECISION_EXISTS', DATES] },
      { command: 'CompletePlanAction', http: 'POST /territorial-plans/:planId/completed-actions', events: ['territorial-plan.action-completed'], rules: ['PLAN.WRONG_PHASE', 'PLAN.ACTION_NOT_FOUND', 'PLAN.ACTION_ALREADY_DONE', DATES] },
      { command: 'ProposePlanAgreement', http: 'POST /territorial-plans/:planId/agreement', events: ['territorial-plan.agreement-proposed'], rules: ['PLAN.WRONG_PHASE', 'PLAN.AGREEMENT_EXISTS', 'PLAN.SIGNATORY_NOT_PARTNER'] },
      { command: 'SignPlanAgreement', http: 'POST /territorial-plans/:planId/agreement-signatures', events: ['territorial-plan.agreement-signed'], rules: ['PLAN.NOT_FOUND', 'PLAN.NO_AGREEMENT', 'PLAN.NOT_SIGNATORY', 'PLAN.AGREEMENT_ALREADY_SIGNED', DATES] },
      { command: 'RecordApprovalVote', http: 'POST /territorial-plans/:planId/approval-votes', events: ['territorial-plan.approval-voted'], rules: ['PLAN.ALREADY_APPROVED', 'PLAN.NO_AGREEMENT', 'PLAN.AGREEMENT_NOT_SIGNED', 'PLAN.DECISION_EXISTS', 'PLAN.DUPLICATE_VOTE', 'PLAN.LEAD_MUNICIPALITY_NOT_VOTING', DATES] },
      { command: 'AppointCoordinator', http: 'POST /territorial-plans/:planId/coordinator', events: ['territorial-plan.coordinator-appointed'], rules: ['PLAN.NOT_FOUND', 'PLAN.NOT_PARTNER'] },
      { command: 'JoinOfficeStaff', http: 'POST /territorial-plans/:planId/office-staff', events: ['territorial-plan.office-staff-joined'], rules: ['PLAN.NOT_PARTNER', 'PLAN.STAFF_EXISTS'] },
      { command: 'LeaveOfficeStaff', http: 'POST /territorial-plans/:planId/office-staff-departures', events: ['territorial-plan.office-staff-left'], rules: ['PLAN.STAFF_NOT_FOUND', DATES] },
      { command: 'FormGroup', http: 'POST /territorial-plans/:planId/groups', events: ['territorial-plan.group-formed'], rules: ['PLAN.GROUP_EXISTS'] },
      { command: 'JoinGroup', http: 'POST /territorial-plans/:planId/group-members', events: ['territorial-plan.group-member-joined'], rules: ['PLAN.GROUP_NOT_FOUND', 'PLAN.NOT_PARTNER', 'PLAN.ALREADY_GROUP_MEMBER'] },
      { command: 'LeaveGroup', http: 'POST /territorial-plans/:planId/group-departures', events: ['territorial-plan.group-member-left'], rules: ['PLAN.GROUP_NOT_FOUND', 'PLAN.NOT_GROUP_MEMBER'] },
    ],
  },
];

/** docs/domain.md */
export function renderDomainDoc(): string {
  const lines = [
    '# The domain: aggregates, commands, events, rules',
    '',
    '<!-- generated from libs/domain/src/domain-map.ts by `npm run docs:events`; a unit test checks the map against the deciders -->',
    '',
    'Every rule lives in a pure decider under libs/domain (decide(command, state) -> events or a DomainError).',
    'Refusals map to HTTP in one place: rule -> 422, not found -> 404, forbidden -> 403; a stale X-Expected-Version -> 409.',
    '',
  ];
  for (const a of DOMAIN_MAP) {
    lines.push(`## ${a.aggregate}`, '', `${a.description}`, '', `Service: ${a.service}. Stream: \`${a.stream}\`. Decider: \`libs/domain/src/${a.source}\`.`, '');
    lines.push('| command | HTTP | events | rules that can refuse it |', '|---|---|---|---|');
    for (const c of a.commands) {
      lines.push(`| ${c.command} | \`${c.http}\` | ${c.events.map((e) => `\`${e}\``).join(', ')} | ${c.rules.map((r) => `\`${r}\``).join(', ') || '(none)'} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Reactions across institutions',
    '',
    'Each reaction is a pure policy in `libs/domain/src/reactions/` (cause event -> command, nothing, or a refusal); the reacting',
    "service runs the command for the institution the policy names, linked to its cause by causation id. A refusal (the policy's or",
    "the command's rules) is recorded as `reaction.refused` (reaction, cause, rule code, reason) by the institution the policy names.",
    'When it can name none yet (the case, or the office taking part in it, has not reached the service: events travel on',
    'different topics), the reaction waits in `pending_reactions` (`GET /audit/pending-reactions`) and is tried again when the',
    'next event about the case arrives. There is no fallback institution.',
    '',
    ...renderReactionsTable(),
    '',
    'Known without a reaction (replicated through Kafka, folded into each service\'s case view): `incident.acknowledged` and',
    '`incident.resolved` reach the company; `placement.final-evaluation-recorded` reaches social services; `case.exclusion-accredited`',
    "and `agreement.signed` reach the company, whose StartPlacement checks them (social services' and the person's signatures; the company's",
    "own reaches social services: the agreement is complete when all three are known). In the Plan de Empleo, `employment-plan.candidate-proposed`",
    "and `job-adaptation.agreed` reach the employer, whose SelectPerson, SignPlanContract and AdaptPlanJob check them, and",
    "`joint-assessment.part-recorded` reaches social services, whose AgreeJointAssessment checks it.",
    'The Plan de Empleo path across the four institutions: docs/employment-plan.md.',
    '',
  );
  return lines.join('\n');
}
