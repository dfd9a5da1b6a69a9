import { TERRITORIAL_PLAN } from '../aggregates/aggregates';
import { fold, RecordedEvent } from '../shared/decider';
import { meta, recorded, refusalOf, spec } from '../shared/given-when-then.testing';
import { evolveTable, initialTable, TableState } from '../table/table';
import { decidePlan, evolvePlan, initialPlan, PlanCommand, rankPriorities } from './territorial-plan';

/** The Toledo local integration plan (000), led by the delegation, with social services, the employment office and a company as partners. */
const RD = 'rd-albacete', SS = 'ss-albacete', EO = 'eo-albacete', EI = 'ei-solidaria';
let table: TableState | null = null;
const s = spec(evolvePlan, initialPlan, (c: PlanCommand, plan, m) => decidePlan(c, { planId: 'plis-toledo', plan, table }, m));
const lead = meta(RD);
const by = (type: string, data: object, institutionId = RD, on = '2026-01-10') => recorded({ type, data: data as Record<string, unknown> }, institutionId, `${on}T09:00:00.000Z`, null as never);

const created = by('territorial-plan.created', { name: 'Plan Local de Integración Social de Toledo', territory: 'Toledo', programmeId: 'plis-toledo-prog', periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [SS, EO] });
const phase = (n: number, on = `2026-0${n + 1}-01`) => by('territorial-plan.phase-started', { phase: n, startedOn: on });
const draft = (n: number, incorporates: string[] = []) => by('territorial-plan.draft-published', { draftVersion: n, text: `draft ${n}`, openUntil: '2026-12-31', incorporates });
const contribution = (id: string, draftVersion = 1) => by('territorial-plan.contribution-received', { contributionId: id, draftVersion, text: 'more after-school support', contributor: { name: 'Lucía' }, receivedOn: '2026-03-05' });
const answered = (id: string, outcome = 'accepted') => by('territorial-plan.contribution-answered', { contributionId: id, outcome, answer: 'taken into the education line' });
const closed = (n: number) => by('territorial-plan.consultation-closed', { draftVersion: n, closedOn: '2026-03-20' });
const tableLinked = by('territorial-plan.technical-table-linked', { tableId: 'mesa-toledo', functions: ['execution', 'coordination', 'follow-up'] });
const line = (l: string) => by('territorial-plan.line-adopted', { line: l, rationale: 'shared diagnosis' });
const objective = (id: string, l = 'housing') => by('territorial-plan.objective-set', { objectiveId: id, line: l, kind: 'specific', text: 'Facilitar acceso a una vivienda digna' });
const target = (id: string, objectiveId = 'o-housing') => by('territorial-plan.target-set', { targetId: id, objectiveId, indicator: 'people-attended', direction: 'at-least', value: 40, dueBy: '2026-12-31' });
const annual = (year: number, carriesDecisions: string[] = []) => by('territorial-plan.annual-plan-adopted', { year, objectives: ['o-housing'], carriesDecisions, text: `annual plan ${year}` });

/** Phase 3 with the technical table linked, a housing line with one objective and one target. */
const inPhase3 = [created, phase(1), draft(1), closed(1), phase(2), tableLinked, line('housing'), objective('o-housing'), phase(3)];
/** The multi-year agreement proposed to social services and the employment office, signed by all three, approved by the mayors' body. */
const agreement = by('territorial-plan.agreement-proposed', { text: 'Convenio plurianual 2026-2028', signatories: [SS, EO], proposedOn: '2026-05-10' });
const signed = (institutionId: string, on = '2026-05-15') => by('territorial-plan.agreement-signed', { signedOn: on, signedBy: 'someone', capacity: 'representative' }, institutionId);
const approved = by('territorial-plan.approval-voted', {
  decisionId: 'd-approval', body: 'mayors-committee', decidedOn: '2026-05-20', leadMunicipality: 'Toledo', president: 'Alcalde de Toledo',
  votes: [{ municipality: 'Toledo', vote: 'for' }], outcome: 'approved', votesFor: 1, votesAgainst: 0, abstentions: 0,
});
const approval = [agreement, signed(RD), signed(SS), signed(EO), approved];
const inPhase4 = [...inPhase3, target('t-attended'), annual(2026), ...approval, phase(4, '2026-06-01')];

describe('a territorial plan: phase 0, shared diagnosis', () => {
  it('is created by its lead (not among its own partners) in phase 0', () => {
    const data = { name: 'PLIS Toledo', territory: 'Toledo', programmeId: 'p', periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [SS, RD] };
    s.given().when({ type: 'CreatePlan', data }, lead).then({ type: 'territorial-plan.created', data: { ...data, partners: [SS] } });
    s.given(created).when({ type: 'CreatePlan', data }, lead).thenRejects('PLAN.ALREADY_EXISTS');
    s.given().when({ type: 'CreatePlan', data: { ...data, periodEnd: '2025-01-01' } }, lead).thenRejects('DATES.BACKWARDS');
    expect(fold(evolvePlan, initialPlan(), [created])).toMatchObject({ exists: true, lead: RD, phase: 0, partners: [SS, EO] });
  });

  it('records each finding as the institution that contributed it, while the diagnosis is open (phases 0-1)', () => {
    const data = { findingId: 'f-housing', line: 'housing', affectedGroup: 'Roma families in Santa María de Benquerencia', text: 'overcrowding and evictions' };
    s.given(created).when({ type: 'RecordFinding', data }, meta(SS)).then({ type: 'territorial-plan.finding-recorded', data });
    const plan = fold(evolvePlan, initialPlan(), [created, by('territorial-plan.finding-recorded', data, SS)]);
    expect(plan.findings['f-housing'].by).toBe(SS);
    s.given(created, by('territorial-plan.finding-recorded', data, SS)).when({ type: 'RecordFinding', data }, meta(EO)).thenRejects('PLAN.FINDING_EXISTS');
    s.given(...inPhase3).when({ type: 'RecordFinding', data: { ...data, findingId: 'late' } }, meta(SS)).thenRejects('PLAN.WRONG_PHASE', /phase 0.*or 1/);
  });

  it('records context figures (population, housing, labour market...)', () => {
    const data = { figures: [{ topic: 'population', label: 'inhabitants', value: 82000, unit: 'people', source: 'INE', year: 2025 }] };
    s.given(created).when({ type: 'RecordContext', data }, meta(EO)).then({ type: 'territorial-plan.context-recorded', data });
  });

  it('counts only what the lead recorded, and findings from the lead or a partner: nobody joins a plan by writing about it', () => {
    const plan = fold(evolvePlan, initialPlan(), [
      created,
      by('territorial-plan.partner-added', { institutionId: 'ei-other', role: 'self-invited' }, 'ei-other'),
      by('territorial-plan.finding-recorded', { findingId: 'f-x', affectedGroup: 'x', text: 'x' }, 'ei-other'),
      by('territorial-plan.created', { name: 'hijack', territory: 'x', programmeId: 'x', periodStart: '2026-01-01', periodEnd: '2026-12-31', partners: [] }, SS),
      by('territorial-plan.phase-started', { phase: 1, startedOn: '2026-02-01' }, SS),
    ]);
    expect(plan).toMatchObject({ lead: RD, partners: [SS, EO], findings: {}, phase: 0, name: 'Plan Local de Integración Social de Toledo' });
  });
});

describe('phases advance one at a time, with what each needs', () => {
  it('moves to the next phase only', () => {
    s.given(created).when({ type: 'StartPhase', data: { phase: 1, startedOn: '2026-02-01' } }, lead).then({ type: 'territorial-plan.phase-started', data: { phase: 1, startedOn: '2026-02-01' } });
    s.given(created).when({ type: 'StartPhase', data: { phase: 2, startedOn: '2026-02-01' } }, lead).thenRejects('PLAN.PHASE_NOT_NEXT');
    s.given(created, phase(1, '2026-03-01')).when({ type: 'StartPhase', data: { phase: 2, startedOn: '2026-02-01' } }, lead).thenRejects('DATES.BACKWARDS');
  });

  it('ends participation only with the consultation closed and every contribution answered', () => {
    s.given(created, phase(1), draft(1)).when({ type: 'StartPhase', data: { phase: 2, startedOn: '2026-04-01' } }, lead).thenRejects('PLAN.CONSULTATION_OPEN');
    s.given(created, phase(1), draft(1), contribution('c-1'), closed(1)).when({ type: 'StartPhase', data: { phase: 2, startedOn: '2026-04-01' } }, lead).thenRejects('PLAN.CONTRIBUTIONS_UNANSWERED');
  });

  it('enters programmed development (3) with its technical table and lines, the follow-up commission (4) with targets', () => {
    s.given(created, phase(1), phase(2)).when({ type: 'StartPhase', data: { phase: 3, startedOn: '2026-05-01' } }, lead).thenRejects('PLAN.NO_TECHNICAL_TABLE');
    s.given(created, phase(1), phase(2), tableLinked).when({ type: 'StartPhase', data: { phase: 3, startedOn: '2026-05-01' } }, lead).thenRejects('PLAN.NO_LINES');
    s.given(...inPhase3).when({ type: 'StartPhase', data: { phase: 4, startedOn: '2026-06-01' } }, lead).thenRejects('PLAN.NO_TARGETS');
  });
});

describe('phase 1, participation: consultation meetings and the draft open for contributions', () => {
  const meeting = { meetingId: 'm-unions', heldOn: '2026-03-17', topic: 'Incontro con i Sindacati', participants: ['CCOO', 'UGT'], summary: 'work and housing first' };

  it('holds consultation meetings in phase 1', () => {
    s.given(created, phase(1)).when({ type: 'HoldConsultationMeeting', data: meeting }, lead).then({ type: 'territorial-plan.consultation-meeting-held', data: meeting });
    s.given(created).when({ type: 'HoldConsultationMeeting', data: meeting }, lead).thenRejects('PLAN.WRONG_PHASE');
    s.given(created, phase(1), by('territorial-plan.consultation-meeting-held', meeting)).when({ type: 'HoldConsultationMeeting', data: meeting }, lead).thenRejects('PLAN.MEETING_EXISTS');
  });

  it('numbers drafts, one open at a time', () => {
    const data = { text: 'Borrador', openUntil: '2026-07-01', incorporates: [] };
    s.given(created, phase(1)).when({ type: 'PublishDraft', data }, lead).then({ type: 'territorial-plan.draft-published', data: { draftVersion: 1, ...data } });
    s.given(created, phase(1), draft(1)).when({ type: 'PublishDraft', data }, lead).thenRejects('PLAN.CONSULTATION_OPEN');
    s.given(created, phase(1)).when({ type: 'PublishDraft', data: { ...data, openUntil: '2026-01-01' } }, lead).thenRejects('DATES.BACKWARDS');
  });

  it('accepts a contribution only while a draft is open, and dates it', () => {
    const data = { contributionId: 'c-1', text: 'more after-school support', contributor: { name: 'Lucía', email: 'lucia@example.org' } };
    s.given(created, phase(1), draft(1)).when({ type: 'ReceiveContribution', data }, lead).then({
      type: 'territorial-plan.contribution-received', data: { contributionId: 'c-1', draftVersion: 1, text: data.text, contributor: data.contributor, receivedOn: '2026-06-01' },
    });
    s.given(created, phase(1)).when({ type: 'ReceiveContribution', data }, lead).thenRejects('PLAN.CONSULTATION_NOT_OPEN');
    s.given(created, phase(1), draft(1), closed(1)).when({ type: 'ReceiveContribution', data }, lead).thenRejects('PLAN.CONSULTATION_NOT_OPEN');
    const lapsed = by('territorial-plan.draft-published', { draftVersion: 1, text: 'x', openUntil: '2026-05-01', incorporates: [] });
    s.given(created, phase(1), lapsed).when({ type: 'ReceiveContribution', data }, lead).thenRejects('PLAN.CONSULTATION_NOT_OPEN');
    s.given(created, phase(1), draft(1), contribution('c-1')).when({ type: 'ReceiveContribution', data }, lead).thenRejects('PLAN.CONTRIBUTION_EXISTS');
  });

  it('answers each contribution once', () => {
    const data = { contributionId: 'c-1', outcome: 'accepted', answer: 'yes' };
    s.given(created, phase(1), draft(1), contribution('c-1')).when({ type: 'AnswerContribution', data }, lead).then({ type: 'territorial-plan.contribution-answered', data });
    s.given(created, phase(1), draft(1), contribution('c-1'), answered('c-1')).when({ type: 'AnswerContribution', data }, lead).thenRejects('PLAN.CONTRIBUTION_ALREADY_ANSWERED');
    s.given(created, phase(1), draft(1)).when({ type: 'AnswerContribution', data }, lead).thenRejects('PLAN.CONTRIBUTION_NOT_FOUND');
  });

  it('traces accepted contributions into the next draft version, once', () => {
    const base = [created, phase(1), draft(1), contribution('c-1'), contribution('c-2'), answered('c-1'), answered('c-2', 'rejected'), closed(1)];
    const data = (incorporates: string[]) => ({ text: 'Borrador 2', openUntil: '2026-07-01', incorporates });
    s.given(...base).when({ type: 'PublishDraft', data: data(['c-1']) }, lead).then({ type: 'territorial-plan.draft-published', data: { draftVersion: 2, ...data(['c-1']) } });
    s.given(...base).when({ type: 'PublishDraft', data: data(['c-2']) }, lead).thenRejects('PLAN.CONTRIBUTION_NOT_ACCEPTED');
    s.given(...base).when({ type: 'PublishDraft', data: data(['c-9']) }, lead).thenRejects('PLAN.CONTRIBUTION_NOT_FOUND');
    s.given(...base, draft(2, ['c-1']), closed(2)).when({ type: 'PublishDraft', data: data(['c-1']) }, lead).thenRejects('PLAN.CONTRIBUTION_ALREADY_INCORPORATED');
    s.given(created, phase(1), draft(1), contribution('c-1'), closed(1)).when({ type: 'PublishDraft', data: data([]) }, lead).thenRejects('PLAN.CONTRIBUTIONS_UNANSWERED');
    expect(fold(evolvePlan, initialPlan(), [...base, draft(2, ['c-1'])]).contributions['c-1']).toMatchObject({ outcome: 'accepted', incorporatedIn: 2 });
  });

  it('closes the open draft', () => {
    s.given(created, phase(1), draft(1)).when({ type: 'CloseConsultation', data: { closedOn: '2026-03-20' } }, lead).then({ type: 'territorial-plan.consultation-closed', data: { draftVersion: 1, closedOn: '2026-03-20' } });
    s.given(created, phase(1)).when({ type: 'CloseConsultation', data: { closedOn: '2026-03-20' } }, lead).thenRejects('PLAN.CONSULTATION_NOT_OPEN');
  });
});

describe('phase 2, the technical table', () => {
  const tableOf = (events: RecordedEvent[]) => fold(evolveTable, initialTable(), events);
  const mesa = (scopeId: string, members = [RD, SS]) =>
    tableOf([recorded({ type: 'table.created', data: { tableId: 'mesa-toledo', level: 'programme', scopeId, members: members.map((institutionId) => ({ institutionId, people: [] })) } }, RD)]);
  const link = { type: 'LinkTechnicalTable' as const, data: { tableId: 'mesa-toledo', functions: ['execution', 'management', 'coordination', 'follow-up'] } };
  afterEach(() => (table = null));

  it("links a programme-level table of the plan (or its programme) that the lead sits on", () => {
    table = mesa('plis-toledo');
    s.given(created, phase(1), phase(2)).when(link, lead).then({ type: 'territorial-plan.technical-table-linked', data: link.data });
    table = mesa('plis-toledo-prog');
    s.given(created, phase(1), phase(2)).when(link, lead).then({ type: 'territorial-plan.technical-table-linked', data: link.data });
    s.given(created, phase(1), phase(2), tableLinked).when(link, lead).thenRejects('PLAN.TABLE_ALREADY_LINKED');
  });

  it('refuses a table that does not exist, of another scope, without the lead, or before phase 2', () => {
    table = null;
    s.given(created, phase(1), phase(2)).when(link, lead).thenRejects('PLAN.TABLE_NOT_FOUND');
    table = mesa('another-programme');
    s.given(created, phase(1), phase(2)).when(link, lead).thenRejects('PLAN.TABLE_NOT_PROGRAMME_LEVEL');
    table = mesa('plis-toledo', [SS, EO]);
    s.given(created, phase(1), phase(2)).when(link, lead).thenRejects('PLAN.LEAD_NOT_TABLE_MEMBER');
    table = mesa('plis-toledo');
    s.given(created, phase(1)).when(link, lead).thenRejects('PLAN.WRONG_PHASE');
  });
});

describe('phase 3: lines, objectives, priorities, targets, annual plans, actions', () => {
  it('adopts the Toledo lines once each, and objectives only on adopted lines', () => {
    s.given(created, phase(1), phase(2)).when({ type: 'AdoptLine', data: { line: 'employment', rationale: 'r' } }, lead).then({ type: 'territorial-plan.line-adopted', data: { line: 'employment', rationale: 'r' } });
    s.given(created, phase(1), phase(2), line('employment')).when({ type: 'AdoptLine', data: { line: 'employment', rationale: 'r' } }, lead).thenRejects('PLAN.LINE_EXISTS');
    const o = { objectiveId: 'o-school', line: 'education-and-youth', kind: 'specific', text: 'Reducir el absentismo escolar' };
    s.given(created, phase(1), phase(2)).when({ type: 'SetObjective', data: o }, lead).thenRejects('PLAN.LINE_NOT_ADOPTED');
    s.given(created, phase(1), phase(2), line('education-and-youth')).when({ type: 'SetObjective', data: o }, lead).then({ type: 'territorial-plan.objective-set', data: o });
    s.given(created, phase(1), phase(2), line('education-and-youth'), objective('o-school', 'education-and-youth')).when({ type: 'SetObjective', data: o }, lead).thenRejects('PLAN.OBJECTIVE_EXISTS');
  });

  it('scores priorities by demographic weight, severity and likelihood, ranked, each scoring a new version', () => {
    const scores = [
      { objectiveId: 'o-housing', demographicWeight: 4, severity: 5, likelihood: 3 },
      { objectiveId: 'o-school', demographicWeight: 3, severity: 4, likelihood: 5 },
      { objectiveId: 'o-health', demographicWeight: 2, severity: 3, likelihood: 2 },
    ];
    expect(rankPriorities(scores).map((x) => [x.objectiveId, x.total, x.rank])).toEqual([['o-housing', 12, 1], ['o-school', 12, 1], ['o-health', 7, 3]]);
    const history = [...inPhase3, line('education-and-youth'), line('health'), objective('o-school', 'education-and-youth'), objective('o-health', 'health')];
    const data = { scores, rationale: 'mesa técnica, May 2026' };
    s.given(...history).when({ type: 'ScorePriorities', data }, lead).then({ type: 'territorial-plan.priorities-scored', data: { scoringVersion: 1, scores: rankPriorities(scores), rationale: data.rationale } });
    const first = by('territorial-plan.priorities-scored', { scoringVersion: 1, scores: rankPriorities(scores), rationale: 'x' });
    s.given(...history, first).when({ type: 'ScorePriorities', data }, lead).then({ type: 'territorial-plan.priorities-scored', data: { scoringVersion: 2, scores: rankPriorities(scores), rationale: data.rationale } });
    s.given(...history).when({ type: 'ScorePriorities', data: { ...data, scores: [scores[0], scores[0]] } }, lead).thenRejects('PLAN.DUPLICATE_SCORE');
    s.given(...inPhase3).when({ type: 'ScorePriorities', data }, lead).thenRejects('PLAN.OBJECTIVE_NOT_FOUND');
  });

  it('sets measurable targets only on an objective of a line of the plan, within its period', () => {
    const data = { targetId: 't-1', objectiveId: 'o-housing', indicator: 'people-attended', direction: 'at-least', value: 40, dueBy: '2026-12-31' };
    s.given(...inPhase3).when({ type: 'SetTarget', data }, lead).then({ type: 'territorial-plan.target-set', data });
    s.given(...inPhase3).when({ type: 'SetTarget', data: { ...data, objectiveId: 'o-none' } }, lead).thenRejects('PLAN.OBJECTIVE_NOT_FOUND');
    s.given(...inPhase3, target('t-1')).when({ type: 'SetTarget', data }, lead).thenRejects('PLAN.TARGET_EXISTS');
    s.given(...inPhase3).when({ type: 'SetTarget', data: { ...data, dueBy: '2030-01-01' } }, lead).thenRejects('PLAN.OUTSIDE_PERIOD');
    s.given(created, phase(1), phase(2), line('housing'), objective('o-housing')).when({ type: 'SetTarget', data }, lead).thenRejects('PLAN.WRONG_PHASE');
  });

  it('adopts one annual implementation plan per year of the triennial plan', () => {
    const data = { year: 2027, objectives: ['o-housing'], carriesDecisions: [], text: 'Plan attuativo 2027' };
    s.given(...inPhase3).when({ type: 'AdoptAnnualPlan', data }, lead).then({ type: 'territorial-plan.annual-plan-adopted', data });
    s.given(...inPhase3).when({ type: 'AdoptAnnualPlan', data: { ...data, year: 2029 } }, lead).thenRejects('PLAN.OUTSIDE_PERIOD');
    s.given(...inPhase3, annual(2027)).when({ type: 'AdoptAnnualPlan', data }, lead).thenRejects('PLAN.ANNUAL_PLAN_EXISTS');
    s.given(...inPhase3).when({ type: 'AdoptAnnualPlan', data: { ...data, objectives: ['o-none'] } }, lead).thenRejects('PLAN.OBJECTIVE_NOT_FOUND');
    s.given(...inPhase3).when({ type: 'AdoptAnnualPlan', data: { ...data, carriesDecisions: ['d-none'] } }, lead).thenRejects('PLAN.DECISION_NOT_FOUND');
  });

  it('programmes projects and actions of an annual plan, tied to a line and its objectives, owned by a partner', () => {
    const data = { actionId: 'a-1', year: 2026, line: 'housing', objectives: ['o-housing'], description: 'mediación con propietarios', ownerInstitution: SS, projectId: 'pr-housing', dueOn: '2026-11-30' };
    s.given(...inPhase3, annual(2026)).when({ type: 'ProgrammeAction', data }, lead).then({ type: 'territorial-plan.action-programmed', data });
    s.given(...inPhase3).when({ type: 'ProgrammeAction', data }, lead).thenRejects('PLAN.NO_ANNUAL_PLAN');
    s.given(...inPhase3, annual(2026)).when({ type: 'ProgrammeAction', data: { ...data, line: 'health' } }, lead).thenRejects('PLAN.LINE_NOT_ADOPTED');
    s.given(...inPhase3, annual(2026), line('health')).when({ type: 'ProgrammeAction', data: { ...data, line: 'health' } }, lead).thenRejects('PLAN.OBJECTIVE_OTHER_LINE');
    s.given(...inPhase3, annual(2026)).when({ type: 'ProgrammeAction', data: { ...data, ownerInstitution: 'ei-other' } }, lead).thenRejects('PLAN.OWNER_NOT_PARTNER');
    s.given(...inPhase3, annual(2026)).when({ type: 'ProgrammeAction', data: { ...data, dueOn: '2027-01-15' } }, lead).thenRejects('PLAN.OUTSIDE_PERIOD');
    s.given(...inPhase3, annual(2026), by('territorial-plan.action-programmed', data)).when({ type: 'ProgrammeAction', data }, lead).thenRejects('PLAN.ACTION_EXISTS');
  });
});

describe('phase 4, the follow-up commission', () => {
  const review = { reviewId: 'r-2026-1', heldOn: '2026-07-01', periodFrom: '2026-01-01', periodTo: '2026-06-30', actuals: [{ targetId: 't-attended', actual: 31 }], decisions: [{ decisionId: 'd-1', text: 'reinforce outreach in the districts', carriedInto: 'next-annual-plan' }] };

  it('reviews every target against its actual and records its decisions', () => {
    s.given(...inPhase4).when({ type: 'HoldFollowUpReview', data: review }, lead).then({
      type: 'territorial-plan.follow-up-review-held',
      data: { reviewId: 'r-2026-1', heldOn: '2026-07-01', periodFrom: '2026-01-01', periodTo: '2026-06-30', targets: [{ targetId: 't-attended', actual: 31, target: 40, direction: 'at-least', met: false }], decisions: review.decisions },
    });
  });

  it('refuses a review outside phase 4, of unknown or missing targets, with reused decisions or backwards dates', () => {
    s.given(...inPhase3, target('t-attended')).when({ type: 'HoldFollowUpReview', data: review }, lead).thenRejects('PLAN.WRONG_PHASE');
    s.given(...inPhase4).when({ type: 'HoldFollowUpReview', data: { ...review, actuals: [...review.actuals, { targetId: 't-x', actual: 1 }] } }, lead).thenRejects('PLAN.TARGET_NOT_FOUND');
    s.given(...inPhase4).when({ type: 'HoldFollowUpReview', data: { ...review, actuals: [] } }, lead).thenRejects('PLAN.TARGET_NOT_REVIEWED');
    s.given(...inPhase4).when({ type: 'HoldFollowUpReview', data: { ...review, decisions: [review.decisions[0], review.decisions[0]] } }, lead).thenRejects('PLAN.DECISION_EXISTS');
    s.given(...inPhase4).when({ type: 'HoldFollowUpReview', data: { ...review, periodTo: '2025-12-01' } }, lead).thenRejects('DATES.BACKWARDS');
    const held = by('territorial-plan.follow-up-review-held', { ...review, targets: [], actuals: undefined });
    s.given(...inPhase4, held).when({ type: 'HoldFollowUpReview', data: review }, lead).thenRejects('PLAN.REVIEW_EXISTS');
  });

  it("carries a review's improvements into the next annual plan", () => {
    const held = by('territorial-plan.follow-up-review-held', { ...review, targets: [], actuals: undefined });
    const data = { year: 2027, objectives: ['o-housing'], carriesDecisions: ['d-1'], text: '2027' };
    s.given(...inPhase4, held).when({ type: 'AdoptAnnualPlan', data }, lead).then({ type: 'territorial-plan.annual-plan-adopted', data });
  });
});

describe('the territorial plan aggregate: access first', () => {
  const plan = fold(evolvePlan, initialPlan(), [created]);
  const knowledge = { planId: 'plis-toledo', plan };
  const finding = { type: 'RecordFinding' as const, data: { findingId: 'f', affectedGroup: 'g', text: 't' } };
  const adopt = { type: 'AdoptLine' as const, data: { line: 'health', rationale: 'r' } };

  it('the lead decides; partners contribute findings; strangers get the same 403 as for an unknown plan', () => {
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(adopt, initialPlan(), meta(RD), knowledge))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(adopt, initialPlan(), meta(SS), knowledge))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(finding, initialPlan(), meta(SS), knowledge))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(finding, initialPlan(), meta(EI), knowledge))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(finding, initialPlan(), meta(EI), { planId: 'x', plan: initialPlan() }))).toBe('ACCESS.DENIED');
  });

  it('streams are per service; events are keyed by the programme; a contributor has a key of their own', () => {
    expect(TERRITORIAL_PLAN.streamOf('plis-toledo', 'social-services')).toBe('territorial-plan-plis-toledo@social-services');
    expect(TERRITORIAL_PLAN.concerns('plis-toledo', adopt, initialPlan(), knowledge)).toEqual({ programmeId: 'plis-toledo-prog', personId: null });
    const contribution = { type: 'ReceiveContribution' as const, data: { contributionId: 'c-1', text: 't', contributor: { name: 'n' } } };
    expect(TERRITORIAL_PLAN.concerns('plis-toledo', contribution, initialPlan(), knowledge)).toEqual({ programmeId: 'plis-toledo-prog', personId: 'contributor-c-1' });
  });
});
