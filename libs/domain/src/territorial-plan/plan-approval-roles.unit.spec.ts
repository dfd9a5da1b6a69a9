import { TERRITORIAL_PLAN } from '../aggregates/aggregates';
import { fold } from '../shared/decider';
import { meta, recorded, refusalOf, spec } from '../shared/given-when-then.testing';
import { decidePlan, evolvePlan, initialPlan, missingSignatures, PlanCommand } from './territorial-plan';

/**
 * Approval (the multi-year agreement signed by each partner in its own log, the mayors' body's
 * vote), roles (coordinator, plan office staff, working groups and consultation tables), action
 * completion, and who may lead a plan. The Toledo plan of territorial-plan.unit.spec.ts.
 */
const RD = 'rd-albacete', SS = 'ss-albacete', EO = 'eo-albacete', EI = 'ei-solidaria';
const s = spec(evolvePlan, initialPlan, (c: PlanCommand, plan, m) => decidePlan(c, { planId: 'plis-toledo', plan }, m));
const lead = meta(RD);
const by = (type: string, data: object, institutionId = RD, on = '2026-01-10') => recorded({ type, data: data as Record<string, unknown> }, institutionId, `${on}T09:00:00.000Z`, null as never);

const created = by('territorial-plan.created', { name: 'PLIS Toledo', territory: 'Toledo', programmeId: 'plis-toledo-prog', periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [SS, EO, EI] });
const phase = (n: number, on = `2026-0${n + 1}-01`) => by('territorial-plan.phase-started', { phase: n, startedOn: on });
const inPhase2 = [created, phase(1), by('territorial-plan.draft-published', { draftVersion: 1, text: 'd', openUntil: '2026-12-31', incorporates: [] }), by('territorial-plan.consultation-closed', { draftVersion: 1, closedOn: '2026-03-01' }), phase(2)];
const proposed = by('territorial-plan.agreement-proposed', { text: 'Convenio plurianual', signatories: [SS, EO], proposedOn: '2026-03-10' });
const signed = (institutionId: string, on = '2026-03-15') => by('territorial-plan.agreement-signed', { signedOn: on, signedBy: 'user', capacity: 'Alcalde' }, institutionId);
const allSigned = [...inPhase2, proposed, signed(RD), signed(SS), signed(EO, '2026-03-18')];
const vote = {
  decisionId: 'd-1', body: 'mayors-committee', decidedOn: '2026-03-20', leadMunicipality: 'Toledo', president: 'Alcaldesa de Toledo',
  votes: [{ municipality: 'Toledo', vote: 'for' }, { municipality: 'Talavera de la Reina', vote: 'for' }, { municipality: 'Illescas', vote: 'against' }, { municipality: 'Seseña', vote: 'abstain' }],
};

describe('approval: the multi-year agreement signed by each partner in its own log, then the mayors\' vote', () => {
  it('is proposed by the lead in phase 2 or 3, naming partners as its signatories', () => {
    const data = { text: 'Convenio plurianual', signatories: [SS, EO], proposedOn: '2026-03-10' };
    s.given(...inPhase2).when({ type: 'ProposePlanAgreement', data }, lead).then({ type: 'territorial-plan.agreement-proposed', data });
    s.given(...inPhase2).when({ type: 'ProposePlanAgreement', data: { ...data, signatories: [SS, 'ss-hellin'] } }, lead).thenRejects('PLAN.SIGNATORY_NOT_PARTNER', /ss-hellin/);
    s.given(...inPhase2, proposed).when({ type: 'ProposePlanAgreement', data }, lead).thenRejects('PLAN.AGREEMENT_EXISTS');
    s.given(created).when({ type: 'ProposePlanAgreement', data }, lead).thenRejects('PLAN.WRONG_PHASE');
  });

  it('is signed by each signatory as itself (who signed and in what capacity), once, not before it was proposed', () => {
    s.given(...inPhase2, proposed).when({ type: 'SignPlanAgreement', data: { signedOn: '2026-03-15', capacity: 'Alcalde' } }, meta(SS))
      .then({ type: 'territorial-plan.agreement-signed', data: { signedOn: '2026-03-15', capacity: 'Alcalde', signedBy: 'tech-ana' } });
    s.given(...inPhase2).when({ type: 'SignPlanAgreement', data: { signedOn: '2026-03-15', capacity: 'x' } }, meta(SS)).thenRejects('PLAN.NO_AGREEMENT');
    s.given(...inPhase2, proposed).when({ type: 'SignPlanAgreement', data: { signedOn: '2026-03-15', capacity: 'x' } }, meta(EI)).thenRejects('PLAN.NOT_SIGNATORY');
    s.given(...inPhase2, proposed, signed(SS)).when({ type: 'SignPlanAgreement', data: { signedOn: '2026-03-16', capacity: 'x' } }, meta(SS)).thenRejects('PLAN.AGREEMENT_ALREADY_SIGNED');
    s.given(...inPhase2, proposed).when({ type: 'SignPlanAgreement', data: { signedOn: '2026-03-01', capacity: 'x' } }, meta(SS)).thenRejects('DATES.BACKWARDS');
  });

  it("counts a signature only from the institution that signs (in its own log): nobody signs for another", () => {
    const plan = fold(evolvePlan, initialPlan(), [...inPhase2, proposed, signed(SS), by('territorial-plan.agreement-signed', { signedOn: '2026-03-15', signedBy: 'x', capacity: 'x' }, EI)]);
    expect(Object.keys(plan.signatures)).toEqual([SS]);
    expect(missingSignatures(plan)).toEqual([RD, EO]);
  });

  it('cannot be approved before every required partner signed', () => {
    s.given(...inPhase2).when({ type: 'RecordApprovalVote', data: vote }, lead).thenRejects('PLAN.NO_AGREEMENT');
    s.given(...inPhase2, proposed, signed(RD), signed(SS)).when({ type: 'RecordApprovalVote', data: vote }, lead).thenRejects('PLAN.AGREEMENT_NOT_SIGNED', /not signed: eo-albacete/);
  });

  it("records the mayors' body's decision with each municipality's vote: approved with more votes for than against", () => {
    s.given(...allSigned).when({ type: 'RecordApprovalVote', data: vote }, lead)
      .then({ type: 'territorial-plan.approval-voted', data: { ...vote, outcome: 'approved', votesFor: 2, votesAgainst: 1, abstentions: 1 } });
    const against = { ...vote, votes: [{ municipality: 'Toledo', vote: 'for' }, { municipality: 'Illescas', vote: 'against' }] };
    s.given(...allSigned).when({ type: 'RecordApprovalVote', data: against }, lead)
      .then({ type: 'territorial-plan.approval-voted', data: { ...against, outcome: 'rejected', votesFor: 1, votesAgainst: 1, abstentions: 0 } });
    const rejected = by('territorial-plan.approval-voted', { ...against, outcome: 'rejected', votesFor: 1, votesAgainst: 1, abstentions: 0 });
    // A rejected plan can be put to the vote again; an approved one is approved once.
    s.given(...allSigned, rejected).when({ type: 'RecordApprovalVote', data: { ...vote, decisionId: 'd-2' } }, lead).then({ type: 'territorial-plan.approval-voted', data: { ...vote, decisionId: 'd-2', outcome: 'approved', votesFor: 2, votesAgainst: 1, abstentions: 1 } });
    s.given(...allSigned, rejected).when({ type: 'RecordApprovalVote', data: vote }, lead).thenRejects('PLAN.DECISION_EXISTS');
    const approved = by('territorial-plan.approval-voted', { ...vote, outcome: 'approved', votesFor: 2, votesAgainst: 1, abstentions: 1 });
    s.given(...allSigned, approved).when({ type: 'RecordApprovalVote', data: { ...vote, decisionId: 'd-2' } }, lead).thenRejects('PLAN.ALREADY_APPROVED');
    expect(fold(evolvePlan, initialPlan(), [...allSigned, rejected, approved]).approvedOn).toBe('2026-03-20');
  });

  it('refuses a municipality voting twice, a vote without the lead municipality, an approval before the last signature', () => {
    s.given(...allSigned).when({ type: 'RecordApprovalVote', data: { ...vote, votes: [...vote.votes, { municipality: 'Illescas', vote: 'for' }] } }, lead).thenRejects('PLAN.DUPLICATE_VOTE', /Illescas/);
    s.given(...allSigned).when({ type: 'RecordApprovalVote', data: { ...vote, leadMunicipality: 'Ocaña' } }, lead).thenRejects('PLAN.LEAD_MUNICIPALITY_NOT_VOTING');
    s.given(...allSigned).when({ type: 'RecordApprovalVote', data: { ...vote, decidedOn: '2026-03-17' } }, lead).thenRejects('DATES.BACKWARDS');
  });

  it('the follow-up commission (phase 4) follows an approved plan', () => {
    const inPhase3 = [...allSigned, by('territorial-plan.technical-table-linked', { tableId: 't', functions: ['execution'] }), by('territorial-plan.line-adopted', { line: 'housing', rationale: 'r' }),
      by('territorial-plan.objective-set', { objectiveId: 'o', line: 'housing', kind: 'general', text: 't' }), phase(3, '2026-04-01'),
      by('territorial-plan.target-set', { targetId: 't', objectiveId: 'o', indicator: 'people-attended', direction: 'at-least', value: 1, dueBy: '2026-12-31' })];
    s.given(...inPhase3).when({ type: 'StartPhase', data: { phase: 4, startedOn: '2026-06-01' } }, lead).thenRejects('PLAN.NOT_APPROVED');
    const approved = by('territorial-plan.approval-voted', { ...vote, outcome: 'approved', votesFor: 2, votesAgainst: 1, abstentions: 1 });
    s.given(...inPhase3, approved).when({ type: 'StartPhase', data: { phase: 4, startedOn: '2026-06-01' } }, lead).then({ type: 'territorial-plan.phase-started', data: { phase: 4, startedOn: '2026-06-01' } });
  });
});

describe('roles: the plan office, its coordinator and staff, working groups and consultation tables', () => {
  it('appoints the coordinator from the lead or a partner', () => {
    const data = { userId: 'coord-rosa', institutionId: RD, appointedOn: '2026-01-15' };
    s.given(created).when({ type: 'AppointCoordinator', data }, lead).then({ type: 'territorial-plan.coordinator-appointed', data });
    s.given(created).when({ type: 'AppointCoordinator', data: { ...data, institutionId: 'ss-hellin' } }, lead).thenRejects('PLAN.NOT_PARTNER');
    expect(fold(evolvePlan, initialPlan(), [created, by('territorial-plan.coordinator-appointed', data)]).coordinator).toEqual(data);
  });

  it("draws the office's staff from local bodies, health, third sector and schools of the plan's institutions; members join and leave", () => {
    const data = { userId: 'tech-ana', institutionId: SS, sector: 'local-body', role: 'técnica de inclusión', joinedOn: '2026-01-20' };
    const joined = by('territorial-plan.office-staff-joined', data);
    s.given(created).when({ type: 'JoinOfficeStaff', data }, lead).then({ type: 'territorial-plan.office-staff-joined', data });
    s.given(created, joined).when({ type: 'JoinOfficeStaff', data }, lead).thenRejects('PLAN.STAFF_EXISTS');
    s.given(created).when({ type: 'JoinOfficeStaff', data: { ...data, institutionId: 'ss-hellin' } }, lead).thenRejects('PLAN.NOT_PARTNER');
    s.given(created, joined).when({ type: 'LeaveOfficeStaff', data: { userId: 'tech-ana', leftOn: '2026-06-30' } }, lead).then({ type: 'territorial-plan.office-staff-left', data: { userId: 'tech-ana', leftOn: '2026-06-30' } });
    s.given(created).when({ type: 'LeaveOfficeStaff', data: { userId: 'tech-ana', leftOn: '2026-06-30' } }, lead).thenRejects('PLAN.STAFF_NOT_FOUND');
    s.given(created, joined).when({ type: 'LeaveOfficeStaff', data: { userId: 'tech-ana', leftOn: '2026-01-01' } }, lead).thenRejects('DATES.BACKWARDS');
    const left = by('territorial-plan.office-staff-left', { userId: 'tech-ana', leftOn: '2026-06-30' });
    expect(fold(evolvePlan, initialPlan(), [created, joined, left]).staff['tech-ana']).toMatchObject({ sector: 'local-body', leftOn: '2026-06-30' });
    s.given(created, joined, left).when({ type: 'JoinOfficeStaff', data: { ...data, joinedOn: '2026-09-01' } }, lead).then({ type: 'territorial-plan.office-staff-joined', data: { ...data, joinedOn: '2026-09-01' } });
  });

  it("forms working groups and consultation tables; the plan's institutions join and leave them, recorded as events", () => {
    const group = { groupId: 'g-housing', kind: 'working-group', name: 'Gruppo di lavoro casa', line: 'housing', formedOn: '2026-02-01' };
    const formed = by('territorial-plan.group-formed', group);
    s.given(created).when({ type: 'FormGroup', data: group }, lead).then({ type: 'territorial-plan.group-formed', data: group });
    s.given(created, formed).when({ type: 'FormGroup', data: group }, lead).thenRejects('PLAN.GROUP_EXISTS');
    const join = { groupId: 'g-housing', institutionId: EI, joinedOn: '2026-02-02' };
    s.given(created, formed).when({ type: 'JoinGroup', data: join }, lead).then({ type: 'territorial-plan.group-member-joined', data: join });
    s.given(created).when({ type: 'JoinGroup', data: join }, lead).thenRejects('PLAN.GROUP_NOT_FOUND');
    s.given(created, formed).when({ type: 'JoinGroup', data: { ...join, institutionId: 'ss-hellin' } }, lead).thenRejects('PLAN.NOT_PARTNER');
    const joined = by('territorial-plan.group-member-joined', join);
    s.given(created, formed, joined).when({ type: 'JoinGroup', data: join }, lead).thenRejects('PLAN.ALREADY_GROUP_MEMBER');
    s.given(created, formed).when({ type: 'LeaveGroup', data: { groupId: 'g-housing', institutionId: EI, leftOn: '2026-05-01' } }, lead).thenRejects('PLAN.NOT_GROUP_MEMBER');
    const left = by('territorial-plan.group-member-left', { groupId: 'g-housing', institutionId: EI, leftOn: '2026-05-01' });
    expect(fold(evolvePlan, initialPlan(), [created, formed, joined]).groups['g-housing'].members).toEqual([EI]);
    expect(fold(evolvePlan, initialPlan(), [created, formed, joined, left]).groups['g-housing'].members).toEqual([]);
  });
});

describe('action completion', () => {
  const inPhase3 = [...allSigned, by('territorial-plan.technical-table-linked', { tableId: 't', functions: ['execution'] }), by('territorial-plan.line-adopted', { line: 'housing', rationale: 'r' }),
    by('territorial-plan.objective-set', { objectiveId: 'o', line: 'housing', kind: 'general', text: 't' }), phase(3, '2026-04-01'),
    by('territorial-plan.annual-plan-adopted', { year: 2026, objectives: ['o'], carriesDecisions: [], text: 'a' }),
    by('territorial-plan.action-programmed', { actionId: 'a-1', year: 2026, line: 'housing', objectives: ['o'], description: 'mediación', ownerInstitution: SS, dueOn: '2026-05-31' })];
  const done = { actionId: 'a-1', completedOn: '2026-05-20', result: '12 families mediated' };

  it('is recorded once, today or earlier, for an action of the plan', () => {
    s.given(...inPhase3).when({ type: 'CompletePlanAction', data: done }, meta(SS)).then({ type: 'territorial-plan.action-completed', data: done });
    s.given(...inPhase3).when({ type: 'CompletePlanAction', data: { ...done, actionId: 'a-x' } }, meta(SS)).thenRejects('PLAN.ACTION_NOT_FOUND');
    s.given(...inPhase3).when({ type: 'CompletePlanAction', data: { ...done, completedOn: '2026-07-01' } }, meta(SS)).thenRejects('DATES.BACKWARDS');
    s.given(...inPhase3, by('territorial-plan.action-completed', done, SS)).when({ type: 'CompletePlanAction', data: done }, lead).thenRejects('PLAN.ACTION_ALREADY_DONE');
  });

  it("counts only from the action's owner (at its own service) or the lead", () => {
    const byOther = fold(evolvePlan, initialPlan(), [...inPhase3, by('territorial-plan.action-completed', done, EO)]);
    expect(byOther.actions['a-1'].completedOn).toBeUndefined();
    const byOwner = fold(evolvePlan, initialPlan(), [...inPhase3, by('territorial-plan.action-completed', done, SS)]);
    expect(byOwner.actions['a-1']).toMatchObject({ completedOn: '2026-05-20', completedBy: SS });
  });

  it("is authorized for the owner and the lead; another partner and a stranger get the same 403", () => {
    const plan = fold(evolvePlan, initialPlan(), inPhase3);
    const command = { type: 'CompletePlanAction' as const, data: done };
    const knowledge = { planId: 'plis-toledo', plan };
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(command, initialPlan(), meta(SS), knowledge))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(command, initialPlan(), meta(RD), knowledge))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(command, initialPlan(), meta(EO), knowledge))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(command, initialPlan(), meta('ss-hellin'), knowledge))).toBe('ACCESS.DENIED');
  });
});

describe('who may lead a plan', () => {
  const create = { type: 'CreatePlan' as const, data: { name: 'PLIS', territory: 'Toledo', programmeId: 'p', periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [] } };
  it("the regional delegation or a municipality's social services; other kinds take part as partners", () => {
    const knowledge = (actorKind?: string) => ({ planId: 'p', plan: initialPlan(), actorKind });
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(create, initialPlan(), meta(RD), knowledge('regional-delegation')))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(create, initialPlan(), meta(SS), knowledge('social-services')))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(create, initialPlan(), meta(EO), knowledge('employment-office')))).toBe('PLAN.LEAD_KIND');
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(create, initialPlan(), meta(EI), knowledge('insertion-company')))).toBe('PLAN.LEAD_KIND');
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(create, initialPlan(), meta(EI), knowledge()))).toBe('PLAN.LEAD_KIND');
  });

  it('signatures and findings are contributed by partners; the lead decides the rest', () => {
    const plan = fold(evolvePlan, initialPlan(), [...inPhase2, proposed]);
    const sign = { type: 'SignPlanAgreement' as const, data: { signedOn: '2026-03-15', capacity: 'x' } };
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(sign, initialPlan(), meta(SS), { planId: 'p', plan }))).toBeNull();
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize(sign, initialPlan(), meta('ss-hellin'), { planId: 'p', plan }))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => TERRITORIAL_PLAN.authorize({ type: 'RecordApprovalVote', data: vote }, initialPlan(), meta(SS), { planId: 'p', plan }))).toBe('ACCESS.DENIED');
  });
});
