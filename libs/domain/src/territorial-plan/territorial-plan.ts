import {
  ConsultationClosedV1, ConsultationMeetingHeldV1, HoldFollowUpReviewInput, PlanActionProgrammedV1, PlanAnnualPlanAdoptedV1, PlanContextRecordedV1,
  PlanContributionAnsweredV1, PlanFindingRecordedV1, PlanLineAdoptedV1, PlanObjectiveSetV1, PlanPartnerAddedV1, PlanPhaseStartedV1,
  PlanTargetSetV1, PlanTechnicalTableLinkedV1, PublishDraftInput, ScorePrioritiesInput, SendContributionInput, TerritorialPlanCreatedV1,
  PlanActionCompletedV1, PlanAgreementProposedV1, SignPlanAgreementInput, RecordApprovalVoteInput, PlanCoordinatorAppointedV1, PlanOfficeStaffJoinedV1,
  PlanOfficeStaffLeftV1, PlanGroupFormedV1, PlanGroupMemberJoinedV1, PlanGroupMemberLeftV1,
} from '@inclusion/contracts';
import { planFactCounts } from '../access/access-policy';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';
import { TableState } from '../table/table';

/**
 * A territorial plan (Plan Local de Integración Social; Piano di Zona; Piano d'Ambito) as all
 * its institutions recorded it: the lead records the plan at its own service, each partner
 * records the findings it contributes at its own (stream territorial-plan-<planId>@<service>).
 * The view folds every stream; only what the lead recorded counts for the plan, and a
 * finding counts only from the lead or a partner (access-policy.ts, planFactCounts).
 */
export interface PlanState {
  exists: boolean;
  lead?: string;
  name?: string;
  programmeId?: string;
  periodStart?: string;
  periodEnd?: string;
  partners: string[];
  phase: number;
  phases: { phase: number; startedOn: string }[];
  context: { topic: string; label: string; value: number; unit: string; source: string; year: number; by: string }[];
  findings: Record<string, { by: string; line?: string; affectedGroup: string; text: string }>;
  consultationMeetings: Record<string, { heldOn: string; topic: string }>;
  drafts: { draftVersion: number; text: string; openUntil: string; incorporates: string[]; closedOn?: string }[];
  contributions: Record<string, { draftVersion: number; receivedOn: string; outcome?: string; answer?: string; incorporatedIn?: number }>;
  technicalTable?: { tableId: string; functions: string[] };
  lines: string[];
  objectives: Record<string, { line: string; kind: string; text: string }>;
  scorings: { scoringVersion: number; scores: { objectiveId: string; total: number; rank: number }[] }[];
  targets: Record<string, { objectiveId: string; indicator: string; direction: string; value: number; dueBy: string; projectId?: string }>;
  annualPlans: Record<string, { objectives: string[]; carriesDecisions: string[] }>;
  actions: Record<string, { year: number; line: string; objectives: string[]; ownerInstitution: string; projectId?: string; dueOn: string; completedOn?: string; result?: string; completedBy?: string }>;
  reviews: Record<string, { heldOn: string; periodFrom: string; periodTo: string; targets: { targetId: string; actual: number; target: number; met: boolean }[] }>;
  decisions: Record<string, { reviewId: string; carriedInto: string; text: string }>;
  /** The multi-year agreement: who must sign it besides the lead, and who signed (each in its own log). */
  agreement?: { text: string; signatories: string[]; proposedOn: string };
  signatures: Record<string, { signedOn: string; signedBy: string; capacity: string }>;
  /** The mayors' body's decisions, in order; the plan is approved by the first one approving it. */
  approvalVotes: { decisionId: string; body: string; decidedOn: string; leadMunicipality: string; president: string; outcome: string; votesFor: number; votesAgainst: number; abstentions: number; votes: { municipality: string; vote: string }[] }[];
  approvedOn?: string;
  coordinator?: { userId: string; institutionId: string; appointedOn: string };
  staff: Record<string, { institutionId: string; sector: string; role: string; joinedOn: string; leftOn?: string }>;
  groups: Record<string, { kind: string; name: string; line?: string; formedOn: string; members: string[] }>;
}

export const initialPlan = (): PlanState => ({
  exists: false, partners: [], phase: 0, phases: [], context: [], findings: {}, consultationMeetings: {}, drafts: [], contributions: {},
  lines: [], objectives: {}, scorings: [], targets: {}, annualPlans: {}, actions: {}, reviews: {}, decisions: {}, signatures: {}, approvalVotes: [], staff: {}, groups: {},
});

export type PlanCommand =
  | { type: 'CreatePlan'; data: TerritorialPlanCreatedV1 }
  | { type: 'AddPartner'; data: PlanPartnerAddedV1 }
  | { type: 'StartPhase'; data: PlanPhaseStartedV1 }
  | { type: 'RecordContext'; data: PlanContextRecordedV1 }
  | { type: 'RecordFinding'; data: PlanFindingRecordedV1 }
  | { type: 'HoldConsultationMeeting'; data: ConsultationMeetingHeldV1 }
  | { type: 'PublishDraft'; data: PublishDraftInput }
  | { type: 'ReceiveContribution'; data: SendContributionInput & { contributionId: string } }
  | { type: 'AnswerContribution'; data: PlanContributionAnsweredV1 }
  | { type: 'CloseConsultation'; data: Pick<ConsultationClosedV1, 'closedOn'> }
  | { type: 'LinkTechnicalTable'; data: PlanTechnicalTableLinkedV1 }
  | { type: 'AdoptLine'; data: PlanLineAdoptedV1 }
  | { type: 'SetObjective'; data: PlanObjectiveSetV1 }
  | { type: 'ScorePriorities'; data: ScorePrioritiesInput }
  | { type: 'SetTarget'; data: PlanTargetSetV1 }
  | { type: 'AdoptAnnualPlan'; data: PlanAnnualPlanAdoptedV1 }
  | { type: 'ProgrammeAction'; data: PlanActionProgrammedV1 }
  | { type: 'HoldFollowUpReview'; data: HoldFollowUpReviewInput }
  | { type: 'CompletePlanAction'; data: PlanActionCompletedV1 }
  | { type: 'ProposePlanAgreement'; data: PlanAgreementProposedV1 }
  | { type: 'SignPlanAgreement'; data: SignPlanAgreementInput }
  | { type: 'RecordApprovalVote'; data: RecordApprovalVoteInput }
  | { type: 'AppointCoordinator'; data: PlanCoordinatorAppointedV1 }
  | { type: 'JoinOfficeStaff'; data: PlanOfficeStaffJoinedV1 }
  | { type: 'LeaveOfficeStaff'; data: PlanOfficeStaffLeftV1 }
  | { type: 'FormGroup'; data: PlanGroupFormedV1 }
  | { type: 'JoinGroup'; data: PlanGroupMemberJoinedV1 }
  | { type: 'LeaveGroup'; data: PlanGroupMemberLeftV1 };

/** What a plan command decides on: the plan as all its institutions recorded it, and (to link one) the technical table. */
export interface PlanKnowledgeInput {
  planId: string;
  plan: PlanState;
  table?: TableState | null;
  /** The kind of the institution creating a plan (who may lead one: access-policy.ts, assertMayLeadPlan). */
  actorKind?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type D = Record<string, any>;

const day = (iso: string) => iso.slice(0, 10);

export function evolvePlan(state: PlanState, e: RecordedEvent): PlanState {
  if (!planFactCounts(e, state)) return state;
  const d = e.data as D;
  switch (e.type) {
    case 'territorial-plan.created':
      return {
        ...state, exists: true, lead: e.institutionId, name: d.name, programmeId: d.programmeId, periodStart: d.periodStart, periodEnd: d.periodEnd,
        partners: [...new Set(d.partners as string[])].filter((p) => p !== e.institutionId), phase: 0, phases: [{ phase: 0, startedOn: day(e.occurredAt) }],
      };
    case 'territorial-plan.partner-added':
      return { ...state, partners: [...new Set([...state.partners, d.institutionId])] };
    case 'territorial-plan.phase-started':
      return { ...state, phase: d.phase, phases: [...state.phases, { phase: d.phase, startedOn: d.startedOn }] };
    case 'territorial-plan.context-recorded':
      return { ...state, context: [...state.context, ...d.figures.map((f: D) => ({ ...f, by: e.institutionId }))] };
    case 'territorial-plan.finding-recorded':
      return { ...state, findings: { ...state.findings, [d.findingId]: { by: e.institutionId, line: d.line, affectedGroup: d.affectedGroup, text: d.text } } };
    case 'territorial-plan.consultation-meeting-held':
      return { ...state, consultationMeetings: { ...state.consultationMeetings, [d.meetingId]: { heldOn: d.heldOn, topic: d.topic } } };
    case 'territorial-plan.draft-published': {
      const contributions = { ...state.contributions };
      for (const id of d.incorporates as string[]) if (contributions[id]) contributions[id] = { ...contributions[id], incorporatedIn: d.draftVersion };
      return { ...state, contributions, drafts: [...state.drafts, { draftVersion: d.draftVersion, text: d.text, openUntil: d.openUntil, incorporates: d.incorporates }] };
    }
    case 'territorial-plan.contribution-received':
      return { ...state, contributions: { ...state.contributions, [d.contributionId]: { draftVersion: d.draftVersion, receivedOn: d.receivedOn } } };
    case 'territorial-plan.contribution-answered': {
      const contribution = state.contributions[d.contributionId];
      return contribution ? { ...state, contributions: { ...state.contributions, [d.contributionId]: { ...contribution, outcome: d.outcome, answer: d.answer } } } : state;
    }
    case 'territorial-plan.consultation-closed':
      return { ...state, drafts: state.drafts.map((x) => (x.draftVersion === d.draftVersion ? { ...x, closedOn: d.closedOn } : x)) };
    case 'territorial-plan.technical-table-linked':
      return { ...state, technicalTable: { tableId: d.tableId, functions: d.functions } };
    case 'territorial-plan.line-adopted':
      return { ...state, lines: [...new Set([...state.lines, d.line])] };
    case 'territorial-plan.objective-set':
      return { ...state, objectives: { ...state.objectives, [d.objectiveId]: { line: d.line, kind: d.kind, text: d.text } } };
    case 'territorial-plan.priorities-scored':
      return { ...state, scorings: [...state.scorings, { scoringVersion: d.scoringVersion, scores: d.scores.map((s: D) => ({ objectiveId: s.objectiveId, total: s.total, rank: s.rank })) }] };
    case 'territorial-plan.target-set':
      return { ...state, targets: { ...state.targets, [d.targetId]: { objectiveId: d.objectiveId, indicator: d.indicator, direction: d.direction, value: d.value, dueBy: d.dueBy, projectId: d.projectId } } };
    case 'territorial-plan.annual-plan-adopted':
      return { ...state, annualPlans: { ...state.annualPlans, [String(d.year)]: { objectives: d.objectives, carriesDecisions: d.carriesDecisions } } };
    case 'territorial-plan.action-programmed':
      return {
        ...state,
        actions: { ...state.actions, [d.actionId]: { year: d.year, line: d.line, objectives: d.objectives, ownerInstitution: d.ownerInstitution, projectId: d.projectId, dueOn: d.dueOn } },
      };
    case 'territorial-plan.follow-up-review-held': {
      const decisions = { ...state.decisions };
      for (const x of d.decisions as D[]) decisions[x.decisionId] = { reviewId: d.reviewId, carriedInto: x.carriedInto, text: x.text };
      return {
        ...state,
        decisions,
        reviews: {
          ...state.reviews,
          [d.reviewId]: { heldOn: d.heldOn, periodFrom: d.periodFrom, periodTo: d.periodTo, targets: d.targets.map((t: D) => ({ targetId: t.targetId, actual: t.actual, target: t.target, met: t.met })) },
        },
      };
    }
    case 'territorial-plan.action-completed': {
      const action = state.actions[d.actionId];
      return action ? { ...state, actions: { ...state.actions, [d.actionId]: { ...action, completedOn: d.completedOn, result: d.result, completedBy: e.institutionId } } } : state;
    }
    case 'territorial-plan.agreement-proposed':
      return { ...state, agreement: { text: d.text, signatories: d.signatories, proposedOn: d.proposedOn } };
    case 'territorial-plan.agreement-signed':
      return { ...state, signatures: { ...state.signatures, [e.institutionId]: { signedOn: d.signedOn, signedBy: d.signedBy, capacity: d.capacity } } };
    case 'territorial-plan.approval-voted': {
      const vote = {
        decisionId: d.decisionId, body: d.body, decidedOn: d.decidedOn, leadMunicipality: d.leadMunicipality, president: d.president, outcome: d.outcome,
        votesFor: d.votesFor, votesAgainst: d.votesAgainst, abstentions: d.abstentions, votes: d.votes,
      };
      return { ...state, approvalVotes: [...state.approvalVotes, vote], approvedOn: state.approvedOn ?? (d.outcome === 'approved' ? d.decidedOn : undefined) };
    }
    case 'territorial-plan.coordinator-appointed':
      return { ...state, coordinator: { userId: d.userId, institutionId: d.institutionId, appointedOn: d.appointedOn } };
    case 'territorial-plan.office-staff-joined':
      return { ...state, staff: { ...state.staff, [d.userId]: { institutionId: d.institutionId, sector: d.sector, role: d.role, joinedOn: d.joinedOn } } };
    case 'territorial-plan.office-staff-left':
      return state.staff[d.userId] ? { ...state, staff: { ...state.staff, [d.userId]: { ...state.staff[d.userId], leftOn: d.leftOn } } } : state;
    case 'territorial-plan.group-formed':
      return { ...state, groups: { ...state.groups, [d.groupId]: { kind: d.kind, name: d.name, line: d.line, formedOn: d.formedOn, members: [] } } };
    case 'territorial-plan.group-member-joined':
    case 'territorial-plan.group-member-left': {
      const group = state.groups[d.groupId];
      if (!group) return state;
      const members = e.type === 'territorial-plan.group-member-joined' ? [...new Set([...group.members, d.institutionId])] : group.members.filter((m) => m !== d.institutionId);
      return { ...state, groups: { ...state.groups, [d.groupId]: { ...group, members } } };
    }
    default:
      return state;
  }
}

/** Who must sign the plan's agreement (the lead and the signatories it names) and has not yet. */
export const missingSignatures = (plan: PlanState): string[] =>
  plan.agreement ? [plan.lead!, ...plan.agreement.signatories].filter((i) => !plan.signatures[i]) : [];

/** The draft open for contributions, if any (published, not closed). */
export const openDraft = (plan: PlanState) => {
  const last = plan.drafts[plan.drafts.length - 1];
  return last && !last.closedOn ? last : undefined;
};

const PHASE_NAMES = ['0 (prior knowledge of the local reality)', '1 (participation)', '2 (technical table)', '3 (programmed development and evaluation)', '4 (follow-up commission)'];

function existing(plan: PlanState) {
  if (!plan.exists) throw notFound('PLAN.NOT_FOUND', 'the territorial plan does not exist');
}

function inPhases(plan: PlanState, phases: number[], what: string) {
  existing(plan);
  if (!phases.includes(plan.phase)) {
    throw rule('PLAN.WRONG_PHASE', `${what} belongs to phase ${phases.map((p) => PHASE_NAMES[p]).join(' or ')}; the plan is in phase ${PHASE_NAMES[plan.phase]}`);
  }
}

function objective(plan: PlanState, objectiveId: string) {
  const found = plan.objectives[objectiveId];
  if (!found) throw notFound('PLAN.OBJECTIVE_NOT_FOUND', `the plan has no objective ${objectiveId}`);
  return found;
}

function withinPeriod(plan: PlanState, date: string, what: string) {
  if (day(date) < day(plan.periodStart!) || day(date) > day(plan.periodEnd!)) {
    throw rule('PLAN.OUTSIDE_PERIOD', `${what} (${day(date)}) is outside the plan's period ${day(plan.periodStart!)} to ${day(plan.periodEnd!)}`);
  }
}

/** Ranks by total (the sum of the three criteria), highest first; equal totals share a rank. */
export function rankPriorities(scores: ScorePrioritiesInput['scores']) {
  const totals = scores.map((s) => ({ ...s, total: s.demographicWeight + s.severity + s.likelihood }));
  return totals.map((s) => ({ ...s, rank: 1 + totals.filter((o) => o.total > s.total).length }));
}

/** Staff, coordinators and group members come from the plan's institutions (the lead or a partner). */
function partnerOrLead(plan: PlanState, institutionId: string) {
  if (institutionId !== plan.lead && !plan.partners.includes(institutionId)) throw rule('PLAN.NOT_PARTNER', `${institutionId} is neither the plan's lead nor a partner`);
}

const met = (direction: string, actual: number, target: number) => (direction === 'at-most' ? actual <= target : actual >= target);

export function decidePlan(command: PlanCommand, knowledge: PlanKnowledgeInput, meta: CommandMeta): DomainEvent[] {
  const { plan } = knowledge;
  switch (command.type) {
    case 'CreatePlan':
      if (plan.exists) throw rule('PLAN.ALREADY_EXISTS', 'the territorial plan already exists');
      notBefore(command.data.periodEnd, command.data.periodStart, 'DATES.BACKWARDS', 'the plan ends before it starts');
      return [event('territorial-plan.created', { ...command.data, partners: command.data.partners.filter((p) => p !== meta.institutionId) })];
    case 'AddPartner':
      existing(plan);
      if (command.data.institutionId === plan.lead || plan.partners.includes(command.data.institutionId)) return [];
      return [event('territorial-plan.partner-added', command.data)];
    case 'StartPhase': {
      existing(plan);
      const { phase, startedOn } = command.data;
      if (phase !== plan.phase + 1) throw rule('PLAN.PHASE_NOT_NEXT', `the plan is in phase ${plan.phase}: the next phase is ${plan.phase + 1}, not ${phase}`);
      notBefore(startedOn, plan.phases[plan.phases.length - 1].startedOn, 'DATES.BACKWARDS', `phase ${phase} would start before phase ${plan.phase}`);
      if (phase === 2 && openDraft(plan)) throw rule('PLAN.CONSULTATION_OPEN', `draft ${openDraft(plan)!.draftVersion} is still open for contributions: close the consultation first`);
      if (phase === 2 && Object.values(plan.contributions).some((c) => !c.outcome)) throw rule('PLAN.CONTRIBUTIONS_UNANSWERED', 'every contribution must be answered before the participation phase ends');
      if (phase === 3 && !plan.technicalTable) throw rule('PLAN.NO_TECHNICAL_TABLE', 'phase 3 needs the technical table constituted and linked to the plan (phase 2)');
      if (phase === 3 && plan.lines.length === 0) throw rule('PLAN.NO_LINES', 'phase 3 needs the lines of intervention the technical table drafted');
      if (phase === 4 && Object.keys(plan.targets).length === 0) throw rule('PLAN.NO_TARGETS', 'the follow-up commission reviews targets: the plan has none');
      if (phase === 4 && !plan.approvedOn) throw rule('PLAN.NOT_APPROVED', 'the follow-up commission follows an approved plan: the agreement signed and the mayors\' body\'s approval');
      return [event('territorial-plan.phase-started', command.data)];
    }
    case 'RecordContext':
      inPhases(plan, [0, 1], 'the shared diagnosis');
      return [event('territorial-plan.context-recorded', command.data)];
    case 'RecordFinding':
      inPhases(plan, [0, 1], 'the shared diagnosis');
      if (plan.findings[command.data.findingId]) throw rule('PLAN.FINDING_EXISTS', `finding ${command.data.findingId} is already recorded`);
      return [event('territorial-plan.finding-recorded', command.data)];
    case 'HoldConsultationMeeting':
      inPhases(plan, [1], 'a consultation meeting');
      if (plan.consultationMeetings[command.data.meetingId]) throw rule('PLAN.MEETING_EXISTS', `consultation meeting ${command.data.meetingId} is already recorded`);
      return [event('territorial-plan.consultation-meeting-held', command.data)];
    case 'PublishDraft': {
      inPhases(plan, [1], 'publishing a draft');
      const open = openDraft(plan);
      if (open) throw rule('PLAN.CONSULTATION_OPEN', `draft ${open.draftVersion} is still open for contributions: close it before publishing the next`);
      const unanswered = Object.entries(plan.contributions).filter(([, c]) => !c.outcome).map(([id]) => id);
      if (unanswered.length) throw rule('PLAN.CONTRIBUTIONS_UNANSWERED', `answer every contribution before the next draft; unanswered: ${unanswered.join(', ')}`);
      for (const id of command.data.incorporates) {
        const contribution = plan.contributions[id];
        if (!contribution) throw notFound('PLAN.CONTRIBUTION_NOT_FOUND', `the plan has no contribution ${id}`);
        if (contribution.outcome !== 'accepted' && contribution.outcome !== 'partially-accepted') {
          throw rule('PLAN.CONTRIBUTION_NOT_ACCEPTED', `contribution ${id} was answered ${contribution.outcome}: only an accepted one goes into a draft`);
        }
        if (contribution.incorporatedIn) throw rule('PLAN.CONTRIBUTION_ALREADY_INCORPORATED', `contribution ${id} is already in draft ${contribution.incorporatedIn}`);
      }
      notBefore(command.data.openUntil, meta.now, 'DATES.BACKWARDS', 'the draft would close before it is published');
      return [event('territorial-plan.draft-published', { draftVersion: plan.drafts.length + 1, ...command.data })];
    }
    case 'ReceiveContribution': {
      existing(plan);
      const open = openDraft(plan);
      if (!open || day(meta.now) > day(open.openUntil)) throw rule('PLAN.CONSULTATION_NOT_OPEN', 'no draft of this plan is open for contributions');
      if (plan.contributions[command.data.contributionId]) throw rule('PLAN.CONTRIBUTION_EXISTS', `contribution ${command.data.contributionId} is already recorded`);
      return [event('territorial-plan.contribution-received', { contributionId: command.data.contributionId, draftVersion: open.draftVersion, text: command.data.text, contributor: command.data.contributor, receivedOn: day(meta.now) })];
    }
    case 'AnswerContribution': {
      existing(plan);
      const contribution = plan.contributions[command.data.contributionId];
      if (!contribution) throw notFound('PLAN.CONTRIBUTION_NOT_FOUND', `the plan has no contribution ${command.data.contributionId}`);
      if (contribution.outcome) throw rule('PLAN.CONTRIBUTION_ALREADY_ANSWERED', `contribution ${command.data.contributionId} was already answered (${contribution.outcome})`);
      return [event('territorial-plan.contribution-answered', command.data)];
    }
    case 'CloseConsultation': {
      existing(plan);
      const open = openDraft(plan);
      if (!open) throw rule('PLAN.CONSULTATION_NOT_OPEN', 'no draft of this plan is open for contributions');
      return [event('territorial-plan.consultation-closed', { draftVersion: open.draftVersion, closedOn: command.data.closedOn })];
    }
    case 'LinkTechnicalTable': {
      inPhases(plan, [2, 3, 4], 'the technical table');
      if (plan.technicalTable) throw rule('PLAN.TABLE_ALREADY_LINKED', `the plan's technical table is ${plan.technicalTable.tableId}`);
      const table = knowledge.table;
      if (!table?.exists) throw notFound('PLAN.TABLE_NOT_FOUND', `no table ${command.data.tableId} is known here`);
      if (table.level !== 'programme' || (table.scopeId !== knowledge.planId && table.scopeId !== plan.programmeId)) {
        throw rule('PLAN.TABLE_NOT_PROGRAMME_LEVEL', `the technical table must be a programme-level table of this plan or its programme ${plan.programmeId}`);
      }
      if (!table.members.includes(plan.lead!)) throw rule('PLAN.LEAD_NOT_TABLE_MEMBER', `the plan's lead ${plan.lead} is not a member of table ${command.data.tableId}`);
      return [event('territorial-plan.technical-table-linked', command.data)];
    }
    case 'AdoptLine':
      inPhases(plan, [2, 3, 4], 'a line of intervention');
      if (plan.lines.includes(command.data.line)) throw rule('PLAN.LINE_EXISTS', `line ${command.data.line} is already adopted`);
      return [event('territorial-plan.line-adopted', command.data)];
    case 'SetObjective':
      inPhases(plan, [2, 3, 4], 'an objective');
      if (!plan.lines.includes(command.data.line)) throw rule('PLAN.LINE_NOT_ADOPTED', `line ${command.data.line} is not a line of this plan`);
      if (plan.objectives[command.data.objectiveId]) throw rule('PLAN.OBJECTIVE_EXISTS', `objective ${command.data.objectiveId} already exists`);
      return [event('territorial-plan.objective-set', command.data)];
    case 'ScorePriorities': {
      inPhases(plan, [2, 3, 4], 'scoring priorities');
      const ids = command.data.scores.map((s) => s.objectiveId);
      const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (twice.length) throw rule('PLAN.DUPLICATE_SCORE', `an objective is scored once per scoring; twice: ${[...new Set(twice)].join(', ')}`);
      ids.forEach((id) => objective(plan, id));
      return [event('territorial-plan.priorities-scored', { scoringVersion: plan.scorings.length + 1, scores: rankPriorities(command.data.scores), rationale: command.data.rationale })];
    }
    case 'SetTarget':
      inPhases(plan, [3, 4], 'a target');
      objective(plan, command.data.objectiveId);
      if (plan.targets[command.data.targetId]) throw rule('PLAN.TARGET_EXISTS', `target ${command.data.targetId} already exists`);
      withinPeriod(plan, command.data.dueBy, 'the target is due');
      return [event('territorial-plan.target-set', command.data)];
    case 'AdoptAnnualPlan': {
      inPhases(plan, [3, 4], 'an annual implementation plan');
      const { year } = command.data;
      if (year < Number(plan.periodStart!.slice(0, 4)) || year > Number(plan.periodEnd!.slice(0, 4))) {
        throw rule('PLAN.OUTSIDE_PERIOD', `${year} is outside the plan's period ${day(plan.periodStart!)} to ${day(plan.periodEnd!)}`);
      }
      if (plan.annualPlans[String(year)]) throw rule('PLAN.ANNUAL_PLAN_EXISTS', `the annual plan ${year} is already adopted`);
      command.data.objectives.forEach((id) => objective(plan, id));
      for (const id of command.data.carriesDecisions) {
        if (!plan.decisions[id] || plan.decisions[id].carriedInto === 'next-plan') {
          throw notFound('PLAN.DECISION_NOT_FOUND', `no follow-up decision ${id} is to be carried into an annual plan`);
        }
      }
      return [event('territorial-plan.annual-plan-adopted', command.data)];
    }
    case 'ProgrammeAction': {
      inPhases(plan, [3, 4], 'a project or action');
      const d = command.data;
      if (plan.actions[d.actionId]) throw rule('PLAN.ACTION_EXISTS', `action ${d.actionId} already exists`);
      if (!plan.annualPlans[String(d.year)]) throw rule('PLAN.NO_ANNUAL_PLAN', `no annual implementation plan ${d.year} is adopted`);
      if (!plan.lines.includes(d.line)) throw rule('PLAN.LINE_NOT_ADOPTED', `line ${d.line} is not a line of this plan`);
      const otherLine = d.objectives.filter((id) => objective(plan, id).line !== d.line);
      if (otherLine.length) throw rule('PLAN.OBJECTIVE_OTHER_LINE', `objectives of another line than ${d.line}: ${otherLine.join(', ')}`);
      if (d.ownerInstitution !== plan.lead && !plan.partners.includes(d.ownerInstitution)) {
        throw rule('PLAN.OWNER_NOT_PARTNER', `${d.ownerInstitution} is neither the plan's lead nor a partner`);
      }
      if (String(d.year) !== d.dueOn.slice(0, 4)) throw rule('PLAN.OUTSIDE_PERIOD', `the action of the annual plan ${d.year} is due in ${d.dueOn.slice(0, 4)}`);
      return [event('territorial-plan.action-programmed', d)];
    }
    case 'HoldFollowUpReview': {
      inPhases(plan, [4], 'a follow-up review');
      const d = command.data;
      if (plan.reviews[d.reviewId]) throw rule('PLAN.REVIEW_EXISTS', `review ${d.reviewId} is already recorded`);
      notBefore(d.periodTo, d.periodFrom, 'DATES.BACKWARDS', 'the reviewed period ends before it starts');
      notBefore(d.heldOn, d.periodFrom, 'DATES.BACKWARDS', 'the review would be held before the period it reviews');
      const unknown = d.actuals.filter((a) => !plan.targets[a.targetId]).map((a) => a.targetId);
      if (unknown.length) throw notFound('PLAN.TARGET_NOT_FOUND', `the plan has no target ${unknown.join(', ')}`);
      const missing = Object.keys(plan.targets).filter((id) => !d.actuals.some((a) => a.targetId === id));
      if (missing.length) throw rule('PLAN.TARGET_NOT_REVIEWED', `the review must state every target's actual; missing: ${missing.join(', ')}`);
      const reused = d.decisions.map((x) => x.decisionId).filter((id, i, all) => plan.decisions[id] || all.indexOf(id) !== i);
      if (reused.length) throw rule('PLAN.DECISION_EXISTS', `decision ids are unique in a plan; reused: ${[...new Set(reused)].join(', ')}`);
      const targets = d.actuals.map((a) => {
        const t = plan.targets[a.targetId];
        return { targetId: a.targetId, actual: a.actual, target: t.value, direction: t.direction, met: met(t.direction, a.actual, t.value) };
      });
      return [event('territorial-plan.follow-up-review-held', { reviewId: d.reviewId, heldOn: d.heldOn, periodFrom: d.periodFrom, periodTo: d.periodTo, targets, decisions: d.decisions })];
    }
    case 'CompletePlanAction': {
      inPhases(plan, [3, 4], 'completing an action');
      const action = plan.actions[command.data.actionId];
      if (!action) throw notFound('PLAN.ACTION_NOT_FOUND', `the plan has no action ${command.data.actionId}`);
      if (action.completedOn) throw rule('PLAN.ACTION_ALREADY_DONE', `action ${command.data.actionId} was completed on ${action.completedOn}`);
      notBefore(day(meta.now), command.data.completedOn, 'DATES.BACKWARDS', 'an action is completed today or earlier, not in the future');
      return [event('territorial-plan.action-completed', command.data)];
    }
    case 'ProposePlanAgreement': {
      inPhases(plan, [2, 3], 'the multi-year agreement');
      if (plan.agreement) throw rule('PLAN.AGREEMENT_EXISTS', `the plan's agreement was proposed on ${plan.agreement.proposedOn}`);
      const strangers = command.data.signatories.filter((i) => !plan.partners.includes(i));
      if (strangers.length) throw rule('PLAN.SIGNATORY_NOT_PARTNER', `only partners of the plan sign its agreement; not partners: ${strangers.join(', ')}`);
      return [event('territorial-plan.agreement-proposed', command.data)];
    }
    case 'SignPlanAgreement': {
      existing(plan);
      if (!plan.agreement) throw rule('PLAN.NO_AGREEMENT', 'no agreement of this plan is proposed for signature');
      if (meta.institutionId !== plan.lead && !plan.agreement.signatories.includes(meta.institutionId)) {
        throw rule('PLAN.NOT_SIGNATORY', `${meta.institutionId} is not among the agreement's signatories (${[plan.lead, ...plan.agreement.signatories].join(', ')})`);
      }
      if (plan.signatures[meta.institutionId]) throw rule('PLAN.AGREEMENT_ALREADY_SIGNED', `${meta.institutionId} signed the agreement on ${plan.signatures[meta.institutionId].signedOn}`);
      notBefore(command.data.signedOn, plan.agreement.proposedOn, 'DATES.BACKWARDS', 'the agreement would be signed before it was proposed');
      return [event('territorial-plan.agreement-signed', { ...command.data, signedBy: meta.actor.userId })];
    }
    case 'RecordApprovalVote': {
      existing(plan);
      const d = command.data;
      if (plan.approvedOn) throw rule('PLAN.ALREADY_APPROVED', `the plan was approved on ${plan.approvedOn}`);
      if (!plan.agreement) throw rule('PLAN.NO_AGREEMENT', 'the plan is approved with its multi-year agreement: none is proposed');
      const missing = missingSignatures(plan);
      if (missing.length) throw rule('PLAN.AGREEMENT_NOT_SIGNED', `the plan cannot be approved before every required partner signed its agreement; not signed: ${missing.join(', ')}`);
      if (plan.approvalVotes.some((v) => v.decisionId === d.decisionId)) throw rule('PLAN.DECISION_EXISTS', `decision ${d.decisionId} is already recorded`);
      const municipalities = d.votes.map((v) => v.municipality);
      const twice = municipalities.filter((m, i) => municipalities.indexOf(m) !== i);
      if (twice.length) throw rule('PLAN.DUPLICATE_VOTE', `each municipality votes once; twice: ${[...new Set(twice)].join(', ')}`);
      if (!municipalities.includes(d.leadMunicipality)) throw rule('PLAN.LEAD_MUNICIPALITY_NOT_VOTING', `the lead municipality ${d.leadMunicipality} is not among the votes`);
      const lastSignature = Object.values(plan.signatures).map((x) => x.signedOn).sort().pop()!;
      notBefore(d.decidedOn, lastSignature, 'DATES.BACKWARDS', 'the approval would come before the last signature of the agreement');
      const count = (vote: string) => d.votes.filter((v) => v.vote === vote).length;
      const votesFor = count('for'), votesAgainst = count('against');
      return [event('territorial-plan.approval-voted', { ...d, outcome: votesFor > votesAgainst ? 'approved' : 'rejected', votesFor, votesAgainst, abstentions: count('abstain') })];
    }
    case 'AppointCoordinator':
      existing(plan);
      partnerOrLead(plan, command.data.institutionId);
      return [event('territorial-plan.coordinator-appointed', command.data)];
    case 'JoinOfficeStaff': {
      existing(plan);
      partnerOrLead(plan, command.data.institutionId);
      const member = plan.staff[command.data.userId];
      if (member && !member.leftOn) throw rule('PLAN.STAFF_EXISTS', `${command.data.userId} is already on the plan office's staff`);
      return [event('territorial-plan.office-staff-joined', command.data)];
    }
    case 'LeaveOfficeStaff': {
      existing(plan);
      const member = plan.staff[command.data.userId];
      if (!member || member.leftOn) throw notFound('PLAN.STAFF_NOT_FOUND', `${command.data.userId} is not on the plan office's staff`);
      notBefore(command.data.leftOn, member.joinedOn, 'DATES.BACKWARDS', 'the member would leave before joining');
      return [event('territorial-plan.office-staff-left', command.data)];
    }
    case 'FormGroup':
      existing(plan);
      if (plan.groups[command.data.groupId]) throw rule('PLAN.GROUP_EXISTS', `group ${command.data.groupId} already exists`);
      return [event('territorial-plan.group-formed', command.data)];
    case 'JoinGroup':
    case 'LeaveGroup': {
      existing(plan);
      const group = plan.groups[command.data.groupId];
      if (!group) throw notFound('PLAN.GROUP_NOT_FOUND', `the plan has no working group or consultation table ${command.data.groupId}`);
      if (command.type === 'JoinGroup') {
        partnerOrLead(plan, command.data.institutionId);
        if (group.members.includes(command.data.institutionId)) throw rule('PLAN.ALREADY_GROUP_MEMBER', `${command.data.institutionId} is already in ${command.data.groupId}`);
        return [event('territorial-plan.group-member-joined', command.data)];
      }
      if (!group.members.includes(command.data.institutionId)) throw rule('PLAN.NOT_GROUP_MEMBER', `${command.data.institutionId} is not in ${command.data.groupId}`);
      return [event('territorial-plan.group-member-left', command.data)];
    }
  }
}
