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
      { command: 'SignAgreement', http: 'POST /cases/:caseId/agreement-signatures', events: ['agreement.signed'], rules: ['CASE.CLOSED', 'AGREEMENT.OTHER_COMPANY', 'AGREEMENT.ALREADY_SIGNED'] },
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
    description: 'Steps of the itinerary started and completed by the institution responsible for each.',
    commands: [
      { command: 'StartStep', http: 'POST /cases/:caseId/steps/started', events: ['itinerary.step-started'], rules: ['ITINERARY.NOT_FOUND', 'ITINERARY.CLOSED', 'CASE.CLOSED', 'STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.ALREADY_STARTED'] },
      { command: 'CompleteStep', http: 'POST /cases/:caseId/steps/completed', events: ['itinerary.step-completed'], rules: ['STEP.NOT_FOUND', 'STEP.NOT_RESPONSIBLE', 'STEP.NOT_STARTED', 'STEP.ALREADY_COMPLETED', DATES] },
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
      { command: 'OpenJointAssessment', http: '(reaction to placement.contract-ended or itinerary.closed)', events: ['joint-assessment.opened'], rules: [] },
      { command: 'DecideJointAssessment', http: 'POST /cases/:caseId/joint-assessment-decisions', events: ['joint-assessment.decided'], rules: ['ASSESSMENT.NOT_FOUND', 'ASSESSMENT.ALREADY_DECIDED'] },
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
    'and `agreement.signed` reach the company, whose StartPlacement checks them.',
    '',
  );
  return lines.join('\n');
}
