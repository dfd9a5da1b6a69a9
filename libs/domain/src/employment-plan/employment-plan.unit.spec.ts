import { EVENT_CATALOGUE, InstitutionKind, StepKind } from '@inclusion/contracts';
import { evolveCase, initialCaseView } from '../case/case-view';
import { decideCase } from '../case/case.decide';
import { CaseCommand } from '../case/case.commands';
import { decideEmployment, EmploymentCommand, evolveEmployment, initialEmployment } from '../employment/employment';
import { EMPLOYMENT_PLAN, PLAN_CONTRACT, CASE } from '../aggregates/aggregates';
import { OPEN_INCIDENT_FOLLOW_UP, OPEN_JOINT_ASSESSMENT, PASS_FINAL_EVALUATION } from '../reactions';
import { fold, RecordedEvent } from '../shared/decider';
import { meta, recorded, refusalOf, spec } from '../shared/given-when-then.testing';
import {
  decideEmploymentPlan, decidePlanContract, EmploymentPlanCommand, evolveEmploymentPlan, evolvePlanContract, initialEmploymentPlan, initialPlanContract, PlanContractCommand,
} from './employment-plan';

const SS = 'ss-albacete';
const SME = 'sme-albacete';
const EO = 'eo-albacete';
const ev = (type: string, data: Record<string, unknown>, by = SS) => recorded({ type, data }, by);
const caseView = (...events: RecordedEvent[]) => fold(evolveCase, initialCaseView(), events);

const opened = ev('case.opened', { personId: 'p-1', municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [], openedOn: '2026-01-10' });
const technician = ev('case.reference-technician-assigned', { technicianId: 'tech-ana' });
const step = (stepId: string, responsibleInstitution: string, kind: StepKind = 'training') => ({ stepId, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-07-31' });
const designed = ev('itinerary.designed', { itineraryId: 'it-1', steps: [step('orientation', EO), step('contract', SME, 'employment-plan-contract')] });
const proposal = { planId: 'pe-2026', employerInstitution: SME, proposedOn: '2026-01-20', reason: 'long-term unemployed, ready for a contract' };
const proposed = ev('employment-plan.candidate-proposed', proposal);
const selection = { planId: 'pe-2026', caseId: 'case-1', selectedOn: '2026-01-25', proposedBy: SS };
const selected = { ...ev('employment-plan.person-selected', selection, SME), caseId: 'case-1' };
const planData = { name: 'Plan de Empleo Albacete 2026', periodStart: '2026-02-01', periodEnd: '2026-07-31', socialServices: [SS], employmentOffices: [EO], delegation: 'rd-albacete', positions: 71 };
const planOpened = ev('employment-plan.opened', planData, SME);
const employer = meta(SME);

const planSpec = (...caseHistory: RecordedEvent[]) =>
  spec(evolveEmploymentPlan, initialEmploymentPlan, (c: EmploymentPlanCommand, s, m) => decideEmploymentPlan(c, s, caseView(...caseHistory), m));
const contractSpec = (...caseHistory: RecordedEvent[]) =>
  spec(evolvePlanContract, initialPlanContract, (c: PlanContractCommand, s, m) => decidePlanContract(c, s, caseView(...caseHistory), m));
const caseSpec = (known: RecordedEvent[] = []) =>
  spec(evolveCase, initialCaseView, (c: CaseCommand, s, m) => decideCase(c.type === 'AgreeJointAssessment' ? { ...c, known: caseView(...known) } : c, s, m));

const contract = { contractId: 'c-1', planId: 'pe-2026', contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'green-spaces operator', weeklyHours: 35, tutorId: 'tutor-marta' };
const signed = { ...ev('plan-contract.signed', contract, SME), caseId: 'case-1' };
const scores = { punctuality: 4, teamwork: 3, taskPerformance: 4, autonomy: 3 };
const incident = { incidentId: 'inc-1', contractId: 'c-1', kind: 'health-or-functional-limitation' as const, severity: 'high', observedOn: '2026-03-02', description: 'cannot lift loads' };
const incidentReported = ev('plan-contract.incident-reported', incident, SME);
const adaptation = { adaptationId: 'ad-1', contractId: 'c-1', incidentId: 'inc-1', adaptedOn: '2026-03-06', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' };
const agreed = ev('job-adaptation.agreed', { adaptationId: 'ad-1', contractId: 'c-1', incidentId: 'inc-1', agreedOn: '2026-03-05', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' });

describe('the municipal Plan de Empleo', () => {
  it('names every invalid field of a payload (lists of ids checked id by id)', () => {
    const problems = EVENT_CATALOGUE.validate('employment-plan.opened', 1, { ...planData, socialServices: ['ok', 'not an id!'], employmentOffices: 'eo', positions: 0, extra: 1 });
    expect(problems.map((p) => p.field).sort()).toEqual(['employmentOffices', 'extra', 'positions', 'socialServices']);
    expect(EVENT_CATALOGUE.validate('employment-plan.opened', 1, planData)).toEqual([]);
    expect(EVENT_CATALOGUE.validate('employment-plan.start-assembly-held', 1, { assemblyId: 'a', heldOn: '2026-01-30', attendingCases: [], institutions: [], topics: [] }).map((p) => p.field).sort()).toEqual([
      'attendingCases', 'institutions', 'topics',
    ]);
  });

  describe('social services propose the person (case stream)', () => {
    it('propose a person of an open case for the plan', () => caseSpec().given(opened).when({ type: 'ProposeForEmploymentPlan', data: proposal }).then({ type: 'employment-plan.candidate-proposed', data: proposal }));
    it('refuse a second proposal for the same plan', () => caseSpec().given(opened, proposed).when({ type: 'ProposeForEmploymentPlan', data: proposal }).thenRejects('PLAN.ALREADY_PROPOSED'));
    it('refuse a proposal dated before the case opened', () => caseSpec().given(opened).when({ type: 'ProposeForEmploymentPlan', data: { ...proposal, proposedOn: '2025-12-01' } }).thenRejects('DATES.BACKWARDS'));
    it('refuse a proposal on an unknown case', () => caseSpec().given().when({ type: 'ProposeForEmploymentPlan', data: proposal }).thenRejects('CASE.NOT_FOUND', undefined, 'not-found'));
    it("the proposal gives the plan's employer a part in the case", () => expect(caseView(opened, proposed).participants).toEqual([SME, SS]));
    it("a proposal recorded by anybody but the case's owner grants nothing", () => expect(caseView(opened, ev('employment-plan.candidate-proposed', proposal, 'ss-hellin')).participants).toEqual([SS]));
  });

  describe('the employer opens the plan, meets, selects and holds the start assembly (employment-plan stream)', () => {
    it('opens a plan', () => planSpec().given().when({ type: 'OpenEmploymentPlan', data: planData }, employer).then({ type: 'employment-plan.opened', data: planData }));
    it('refuses a plan that ends before it starts, and a plan id twice', () => {
      planSpec().given().when({ type: 'OpenEmploymentPlan', data: { ...planData, periodEnd: '2026-01-01' } }, employer).thenRejects('DATES.BACKWARDS');
      planSpec().given(planOpened).when({ type: 'OpenEmploymentPlan', data: planData }, employer).thenRejects('PLAN.ALREADY_EXISTS');
    });
    it('records a preparatory meeting once', () => {
      const data = { meetingId: 'prep-1', heldOn: '2026-01-15', attendees: [{ institutionId: SS, person: 'ana' }, { institutionId: SME, person: 'marta' }], agreements: ['coordination channels', 'calendar'] };
      planSpec().given(planOpened).when({ type: 'HoldPreparatoryMeeting', data }, employer).then({ type: 'employment-plan.preparatory-meeting-held', data });
      planSpec().given(planOpened, ev('employment-plan.preparatory-meeting-held', data, SME)).when({ type: 'HoldPreparatoryMeeting', data }, employer).thenRejects('MEETING.ALREADY_EXISTS');
      planSpec().given().when({ type: 'HoldPreparatoryMeeting', data }, employer).thenRejects('PLAN.NOT_FOUND', undefined, 'not-found');
    });
    it('selects a person social services proposed', () =>
      planSpec(opened, proposed).given(planOpened).when({ type: 'SelectPerson', data: selection }, employer).then({ type: 'employment-plan.person-selected', data: selection }));
    it('refuses to select a person nobody proposed (or proposed by another institution)', () => {
      planSpec(opened).given(planOpened).when({ type: 'SelectPerson', data: selection }, employer).thenRejects('PLAN.NOT_PROPOSED');
      planSpec(opened, proposed).given(planOpened).when({ type: 'SelectPerson', data: { ...selection, proposedBy: 'ss-hellin' } }, employer).thenRejects('PLAN.NOT_PROPOSED');
    });
    it('refuses to select twice, before the proposal, or on a case it never heard of', () => {
      planSpec(opened, proposed).given(planOpened, selected).when({ type: 'SelectPerson', data: selection }, employer).thenRejects('PLAN.ALREADY_SELECTED');
      planSpec(opened, proposed).given(planOpened).when({ type: 'SelectPerson', data: { ...selection, selectedOn: '2026-01-19' } }, employer).thenRejects('DATES.BACKWARDS');
      planSpec().given(planOpened).when({ type: 'SelectPerson', data: selection }, employer).thenRejects('CASE.NOT_FOUND', undefined, 'not-found');
      planSpec(opened, proposed, ev('case.closed', { closedOn: '2026-01-21', outcome: 'other' })).given(planOpened).when({ type: 'SelectPerson', data: selection }, employer).thenRejects('CASE.CLOSED');
    });
    it('holds the start assembly with selected people only', () => {
      const data = { assemblyId: 'start', heldOn: '2026-01-30', attendingCases: ['case-1'], institutions: [{ institutionId: SS, person: 'ana' }], topics: ['rules', "social services' part"] };
      planSpec().given(planOpened, selected).when({ type: 'HoldStartAssembly', data }, employer).then({ type: 'employment-plan.start-assembly-held', data });
      planSpec().given(planOpened, selected).when({ type: 'HoldStartAssembly', data: { ...data, attendingCases: ['case-1', 'case-9'] } }, employer).thenRejects('PLAN.NOT_SELECTED', /case-9/);
      planSpec().given(planOpened, selected, ev('employment-plan.start-assembly-held', data, SME)).when({ type: 'HoldStartAssembly', data }, employer).thenRejects('ASSEMBLY.ALREADY_HELD');
    });
  });

  describe('the contract with a tutor at the municipal employment service (plan-contract stream)', () => {
    const known = [opened, proposed, selected];
    it('hires a selected person', () =>
      contractSpec(...known).given().when({ type: 'SignPlanContract', data: contract, caseId: 'case-1' }, employer).then({ type: 'plan-contract.signed', data: contract }));
    it('needs the person selected for the plan by this employer: no accreditation nor insertion agreement', () => {
      contractSpec(opened, proposed).given().when({ type: 'SignPlanContract', data: contract, caseId: 'case-1' }, employer).thenRejects('PLAN.NOT_SELECTED');
      contractSpec(...known).given().when({ type: 'SignPlanContract', data: contract, caseId: 'case-1' }, meta('ei-solidaria')).thenRejects('PLAN.NOT_SELECTED');
    });
    it('refuses a contract before the selection, one ending before it starts, and signing twice', () => {
      contractSpec(...known).given().when({ type: 'SignPlanContract', data: { ...contract, contractStart: '2026-01-20' }, caseId: 'case-1' }, employer).thenRejects('DATES.BACKWARDS');
      contractSpec(...known).given().when({ type: 'SignPlanContract', data: { ...contract, contractEnd: '2026-01-31' }, caseId: 'case-1' }, employer).thenRejects('DATES.BACKWARDS');
      contractSpec(...known).given(signed).when({ type: 'SignPlanContract', data: contract, caseId: 'case-1' }, employer).thenRejects('CONTRACT.ALREADY_SIGNED');
    });
    it("records the tutors' follow-ups (continuous evaluation), in date order", () => {
      const data = { contractId: 'c-1', meetingId: 'fu-1', heldOn: '2026-03-01', tutorId: 'tutor-marta', notes: 'adapting', scores };
      contractSpec().given(signed).when({ type: 'HoldTutorFollowUp', data }, employer).then({ type: 'plan-contract.tutor-follow-up-held', data });
      contractSpec().given(signed, ev('plan-contract.tutor-follow-up-held', data, SME)).when({ type: 'HoldTutorFollowUp', data: { ...data, meetingId: 'fu-2', heldOn: '2026-02-20' } }, employer).thenRejects('DATES.BACKWARDS');
      contractSpec().given(signed, ev('plan-contract.tutor-follow-up-held', data, SME)).when({ type: 'HoldTutorFollowUp', data }, employer).thenRejects('MEETING.ALREADY_EXISTS');
      contractSpec().given().when({ type: 'HoldTutorFollowUp', data }, employer).thenRejects('CONTRACT.NOT_FOUND', undefined, 'not-found');
    });
    it('reports an incident once, not before the contract', () => {
      contractSpec().given(signed).when({ type: 'ReportPlanIncident', data: incident }, employer).then({ type: 'plan-contract.incident-reported', data: incident });
      contractSpec().given(signed, incidentReported).when({ type: 'ReportPlanIncident', data: incident }, employer).thenRejects('INCIDENT.ALREADY_REPORTED');
      contractSpec().given(signed).when({ type: 'ReportPlanIncident', data: { ...incident, observedOn: '2026-01-02' } }, employer).thenRejects('DATES.BACKWARDS');
    });
    it('applies a job adaptation social services agreed for an incident of this contract ("cambio de tajo")', () =>
      contractSpec(opened, agreed).given(signed, incidentReported).when({ type: 'AdaptPlanJob', data: adaptation }, employer).then({ type: 'plan-contract.job-adapted', data: adaptation }));
    it('refuses an adaptation social services did not agree, or agreed differently', () => {
      contractSpec(opened).given(signed, incidentReported).when({ type: 'AdaptPlanJob', data: adaptation }, employer).thenRejects('ADAPTATION.NOT_AGREED');
      contractSpec(opened, agreed).given(signed, incidentReported).when({ type: 'AdaptPlanJob', data: { ...adaptation, toTask: 'cleaning' } }, employer).thenRejects('ADAPTATION.NOT_AGREED');
    });
    it('refuses an adaptation not linked to an incident of this contract, or applied twice', () => {
      contractSpec(opened, agreed).given(signed).when({ type: 'AdaptPlanJob', data: adaptation }, employer).thenRejects('INCIDENT.NOT_FOUND', undefined, 'not-found');
      contractSpec(opened, agreed).given(signed, incidentReported, ev('plan-contract.job-adapted', adaptation, SME)).when({ type: 'AdaptPlanJob', data: adaptation }, employer).thenRejects('ADAPTATION.ALREADY_APPLIED');
    });
    it('ends the contract, after which nothing more happens in it; records one final evaluation', () => {
      const ended = ev('plan-contract.ended', { contractId: 'c-1', endedOn: '2026-07-31', reason: 'term-completed' }, SME);
      contractSpec().given(signed).when({ type: 'EndPlanContract', data: { contractId: 'c-1', endedOn: '2026-07-31', reason: 'term-completed' } }, employer).then({ type: 'plan-contract.ended', data: { contractId: 'c-1', endedOn: '2026-07-31', reason: 'term-completed' } });
      contractSpec().given(signed, ended).when({ type: 'ReportPlanIncident', data: { ...incident, incidentId: 'inc-9' } }, employer).thenRejects('CONTRACT.ENDED');
      contractSpec().given(signed).when({ type: 'EndPlanContract', data: { contractId: 'c-1', endedOn: '2026-01-01', reason: 'other' } }, employer).thenRejects('DATES.BACKWARDS');
      const evaluation = { contractId: 'c-1', evaluatedOn: '2026-07-25', tutorId: 'tutor-marta', scores, recommendation: 'continue-itinerary', summary: 'with the tutor' };
      contractSpec().given(signed, ended).when({ type: 'RecordPlanFinalEvaluation', data: evaluation }, employer).then({ type: 'plan-contract.final-evaluation-recorded', data: evaluation });
      contractSpec().given(signed, ev('plan-contract.final-evaluation-recorded', evaluation, SME)).when({ type: 'RecordPlanFinalEvaluation', data: evaluation }, employer).thenRejects('CONTRACT.ALREADY_EVALUATED');
      contractSpec().given(signed).when({ type: 'RecordPlanFinalEvaluation', data: { ...evaluation, evaluatedOn: '2026-01-01' } }, employer).thenRejects('DATES.BACKWARDS');
      contractSpec().given().when({ type: 'RecordPlanFinalEvaluation', data: evaluation }, employer).thenRejects('CONTRACT.NOT_FOUND');
    });
  });

  describe('who may record (the aggregates, from the access policy)', () => {
    const plan = fold(EMPLOYMENT_PLAN.evolve, EMPLOYMENT_PLAN.initial(), [planOpened]);
    it('only the plan\'s employer records on its plan (the same 403 whether or not it exists)', () => {
      const meeting = { type: 'HoldPreparatoryMeeting' as const, data: { meetingId: 'm', heldOn: '2026-01-15', attendees: [], agreements: ['x'] } };
      expect(refusalOf(() => EMPLOYMENT_PLAN.authorize(meeting, plan, meta('ei-solidaria'), initialCaseView()))).toBe('ACCESS.DENIED');
      expect(refusalOf(() => EMPLOYMENT_PLAN.authorize(meeting, EMPLOYMENT_PLAN.initial(), employer, initialCaseView()))).toBe('ACCESS.DENIED');
      expect(refusalOf(() => EMPLOYMENT_PLAN.authorize(meeting, plan, employer, initialCaseView()))).toBeNull();
    });
    it('selecting needs a part in the case: the proposal gives it', () => {
      const select = { type: 'SelectPerson' as const, data: selection };
      expect(refusalOf(() => EMPLOYMENT_PLAN.authorize(select, plan, employer, caseView(opened)))).toBe('ACCESS.DENIED');
      expect(refusalOf(() => EMPLOYMENT_PLAN.authorize(select, plan, employer, caseView(opened, proposed)))).toBeNull();
      expect(EMPLOYMENT_PLAN.concerns('pe-2026', select, plan, caseView())).toMatchObject({ caseId: 'case-1' });
    });
    it('only the employer that signed a contract records on it, on a case it takes part in', () => {
      const state = fold(PLAN_CONTRACT.evolve, PLAN_CONTRACT.initial(), [signed]);
      const report = { type: 'ReportPlanIncident' as const, data: incident };
      expect(refusalOf(() => PLAN_CONTRACT.authorize(report, state, meta('ei-solidaria'), caseView(opened, proposed)))).toBe('ACCESS.DENIED');
      expect(refusalOf(() => PLAN_CONTRACT.authorize(report, state, employer, caseView(opened, proposed)))).toBeNull();
      expect(refusalOf(() => PLAN_CONTRACT.authorize({ type: 'SignPlanContract', data: contract, caseId: 'case-1' }, PLAN_CONTRACT.initial(), employer, caseView(opened)))).toBe('ACCESS.DENIED');
      expect(PLAN_CONTRACT.concerns('c-1', report, state, caseView())).toEqual({ caseId: 'case-1' });
    });
    it("social services' agreement of a joint assessment reads the case as they know it (the office's part)", () => {
      const data = { assessmentId: 'ja-c-1', itineraryId: 'it-1', agreedOn: '2026-08-05', decision: 'continue', keepIntegralSupport: false, socialServicesAssessment: 'ok', employmentOffice: EO };
      const own = caseView(opened, designed);
      const known = caseView(opened, designed, ev('joint-assessment.opened', { assessmentId: 'ja-c-1', trigger: 'plan-ended' }, EO), ev('joint-assessment.part-recorded', { assessmentId: 'ja-c-1', recordedOn: '2026-08-01', proposal: 'continue', keepIntegralSupport: false, assessment: 'x' }, EO));
      const knowledge = { personHolder: null, openCaseOfPerson: null, caseView: known };
      expect(CASE.decide({ type: 'AgreeJointAssessment', data }, own, meta(SS), knowledge)).toEqual([{ type: 'joint-assessment.agreed', data }]);
      expect(refusalOf(() => CASE.decide({ type: 'AgreeJointAssessment', data }, own, meta(SS), { ...knowledge, caseView: null }))).toBe('ASSESSMENT.NOT_FOUND');
    });
  });

  describe('job adaptations agreed by social services, linked to the incident (case stream)', () => {
    const followUp = ev('incident.follow-up-opened', { incidentId: 'inc-1', reportedByInstitution: SME, kind: 'health-or-functional-limitation', severity: 'high' });
    const data = { adaptationId: 'ad-1', contractId: 'c-1', incidentId: 'inc-1', agreedOn: '2026-03-05', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' };
    it('agree an adaptation for an incident followed up on the case', () => caseSpec().given(opened, followUp).when({ type: 'AgreeJobAdaptation', data }).then({ type: 'job-adaptation.agreed', data }));
    it('refuse one for an incident the case does not follow', () => caseSpec().given(opened).when({ type: 'AgreeJobAdaptation', data }).thenRejects('INCIDENT.NOT_FOUND', undefined, 'not-found'));
    it('refuse to agree the same adaptation twice', () => caseSpec().given(opened, followUp, agreed).when({ type: 'AgreeJobAdaptation', data }).thenRejects('ADAPTATION.ALREADY_AGREED'));
    it('refuse one agreed before the incident was observed', () =>
      caseSpec().given(opened, followUp, ev('plan-contract.incident-reported', incident, SME)).when({ type: 'AgreeJobAdaptation', data: { ...data, agreedOn: '2026-03-01' } }).thenRejects('DATES.BACKWARDS'));
  });

  describe('the final evaluation reaches the reference technician', () => {
    const data = { contractId: 'c-1', evaluatedBy: SME, recommendation: 'continue-itinerary' };
    it('is recorded with the technician, once', () => {
      caseSpec().given(opened, technician).when({ type: 'PassFinalEvaluation', data }).then({ type: 'final-evaluation.passed', data: { ...data, referenceTechnician: 'tech-ana' } });
      caseSpec().given(opened, ev('final-evaluation.passed', data)).when({ type: 'PassFinalEvaluation', data }).thenNothing();
      caseSpec().given().when({ type: 'PassFinalEvaluation', data }).thenRejects('CASE.NOT_FOUND');
    });
  });

  describe('the joint assessment after the plan: each institution records its part, social services the agreed decision', () => {
    const openedJa = ev('joint-assessment.opened', { assessmentId: 'ja-c-1', trigger: 'plan-ended' }, EO);
    const part = (proposal: string) => ev('joint-assessment.part-recorded', { assessmentId: 'ja-c-1', recordedOn: '2026-08-01', proposal, keepIntegralSupport: true, assessment: 'orientation done' }, EO);
    const base = { assessmentId: 'ja-c-1', itineraryId: 'it-1', agreedOn: '2026-08-05', keepIntegralSupport: true, socialServicesAssessment: 'housing still fragile', employmentOffice: EO };
    const newStep = step('ordinary', EO, 'ordinary-labour-market');

    it('the office records its part of an open assessment, once', () => {
      const office = spec(evolveEmployment, initialEmployment, (c: EmploymentCommand, s, m) => decideEmployment(c, s, m));
      const data = { assessmentId: 'ja-c-1', recordedOn: '2026-08-01', proposal: 'continue', keepIntegralSupport: true, assessment: 'x' };
      office.given(openedJa).when({ type: 'RecordJointAssessmentPart', data }, meta(EO)).then({ type: 'joint-assessment.part-recorded', data });
      office.given(openedJa, part('continue')).when({ type: 'RecordJointAssessmentPart', data }, meta(EO)).thenRejects('ASSESSMENT.PART_ALREADY_RECORDED');
      office.given().when({ type: 'RecordJointAssessmentPart', data }, meta(EO)).thenRejects('ASSESSMENT.NOT_FOUND');
      office.given(openedJa, ev('joint-assessment.decided', { assessmentId: 'ja-c-1', decidedOn: '2026-08-01', decision: 'continue', reasons: 'x' }, EO)).when({ type: 'RecordJointAssessmentPart', data }, meta(EO)).thenRejects('ASSESSMENT.ALREADY_DECIDED');
    });
    it('the agreed decision to continue keeps the itinerary and integral support', () => {
      const data = { ...base, decision: 'continue' };
      caseSpec([opened, openedJa, part('continue')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data }).then({ type: 'joint-assessment.agreed', data });
      expect(caseView(opened, designed, ev('joint-assessment.agreed', data)).integralSupport).toBe(true);
    });
    it('the agreed decision to reorient replaces the steps not yet started', () => {
      const data = { ...base, decision: 'reorient', steps: [newStep] };
      caseSpec([opened, openedJa, part('reorient')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data }).then(
        { type: 'joint-assessment.agreed', data },
        { type: 'itinerary.reoriented', data: { itineraryId: 'it-1', reason: `joint assessment ja-c-1 with ${EO}`, steps: [newStep] } },
      );
    });
    it('the agreed decision to close closes the itinerary (the case stays open when integral support is kept)', () => {
      const data = { ...base, decision: 'close' };
      caseSpec([opened, openedJa, part('close')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data }).then(
        { type: 'joint-assessment.agreed', data },
        { type: 'itinerary.closed', data: { itineraryId: 'it-1', closedOn: '2026-08-05', reason: `joint assessment ja-c-1 with ${EO}` } },
      );
    });
    it('needs the office\'s part, and the same decision', () => {
      caseSpec([opened, openedJa]).given(opened, designed).when({ type: 'AgreeJointAssessment', data: { ...base, decision: 'continue' } }).thenRejects('ASSESSMENT.PART_MISSING');
      caseSpec([opened, openedJa, part('reorient')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data: { ...base, decision: 'close' } }).thenRejects('ASSESSMENT.NOT_AGREED', /proposed to reorient/);
      caseSpec([opened]).given(opened, designed).when({ type: 'AgreeJointAssessment', data: { ...base, decision: 'continue' } }).thenRejects('ASSESSMENT.NOT_FOUND', undefined, 'not-found');
    });
    it('a reorientation names its steps, the other decisions none', () => {
      caseSpec([opened, openedJa, part('reorient')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data: { ...base, decision: 'reorient' } }).thenRejects('ASSESSMENT.REORIENT_NEEDS_STEPS');
      caseSpec([opened, openedJa, part('continue')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data: { ...base, decision: 'continue', steps: [newStep] } }).thenRejects('ASSESSMENT.STEPS_ONLY_TO_REORIENT');
      caseSpec([opened, openedJa, part('reorient')]).given(opened, designed).when({ type: 'AgreeJointAssessment', data: { ...base, decision: 'reorient', steps: [{ ...newStep, plannedEnd: '2026-01-01' }] } }).thenRejects('DATES.BACKWARDS');
    });
    it('is agreed once, on the active itinerary', () => {
      const data = { ...base, decision: 'continue' };
      caseSpec([opened, openedJa, part('continue')]).given(opened, designed, ev('joint-assessment.agreed', data)).when({ type: 'AgreeJointAssessment', data }).thenRejects('ASSESSMENT.ALREADY_DECIDED');
      caseSpec([opened, openedJa, part('continue')]).given(opened).when({ type: 'AgreeJointAssessment', data }).thenRejects('ITINERARY.NOT_FOUND');
      caseSpec([opened, openedJa, part('continue')]).given(opened, designed, ev('itinerary.closed', { itineraryId: 'it-1', closedOn: '2026-08-01', reason: 'x' })).when({ type: 'AgreeJointAssessment', data }).thenRejects('ITINERARY.CLOSED');
    });
  });

  describe('reactions', () => {
    const KINDS: Record<string, InstitutionKind> = { [SS]: 'social-services', [EO]: 'employment-office', [SME]: 'insertion-company', 'ei-solidaria': 'insertion-company' };
    const knowledge = (...events: RecordedEvent[]) => ({ caseView: caseView(...events), kindOf: (id: string) => KINDS[id] });
    const cause = (type: string, data: Record<string, unknown>, institutionId = SME) => ({ eventId: 'cause-1', type, institutionId, streamId: 'plan-contract-c-1', caseId: 'case-1', data });

    it("an incident of a plan contract reaches the reference technician (the case's owner opens a follow-up)", () =>
      expect(OPEN_INCIDENT_FOLLOW_UP.react(cause('plan-contract.incident-reported', incident), knowledge(opened, proposed))).toEqual({
        outcome: 'command',
        institutionId: SS,
        command: { type: 'OpenIncidentFollowUp', data: { incidentId: 'inc-1', reportedByInstitution: SME, kind: 'health-or-functional-limitation', severity: 'high' } },
      }));
    it('an incident from an employer nobody proposed the person to waits', () =>
      expect(OPEN_INCIDENT_FOLLOW_UP.react(cause('plan-contract.incident-reported', incident), knowledge(opened))).toMatchObject({ outcome: 'refused', institutionId: null, code: 'ACCESS.DENIED' }));
    it('the final evaluation is passed to the reference technician', () =>
      expect(PASS_FINAL_EVALUATION.react(cause('plan-contract.final-evaluation-recorded', { contractId: 'c-1', recommendation: 'continue-itinerary' }), knowledge(opened, proposed))).toEqual({
        outcome: 'command',
        institutionId: SS,
        command: { type: 'PassFinalEvaluation', data: { contractId: 'c-1', evaluatedBy: SME, recommendation: 'continue-itinerary' } },
      }));
    it('an evaluation about an unknown case, or by an institution without a part, waits', () => {
      expect(PASS_FINAL_EVALUATION.react(cause('plan-contract.final-evaluation-recorded', { contractId: 'c-1' }), knowledge())).toMatchObject({ outcome: 'refused', institutionId: null, code: 'CASE.NOT_FOUND' });
      expect(PASS_FINAL_EVALUATION.react(cause('plan-contract.final-evaluation-recorded', { contractId: 'c-1' }), knowledge(opened))).toMatchObject({ outcome: 'refused', institutionId: null, code: 'ACCESS.DENIED' });
    });
    it('the end of a plan contract opens the joint assessment at the employment office of the itinerary', () =>
      expect(OPEN_JOINT_ASSESSMENT.react(cause('plan-contract.ended', { contractId: 'c-1' }), knowledge(opened, designed, proposed))).toEqual({
        outcome: 'command',
        institutionId: EO,
        command: { type: 'OpenJointAssessment', data: { assessmentId: 'ja-c-1', trigger: 'plan-ended' } },
      }));
    it('an itinerary closed by the agreed joint assessment opens no second one', () => {
      const agreedClose = ev('joint-assessment.agreed', { assessmentId: 'ja-c-1', itineraryId: 'it-1', agreedOn: '2026-08-05', decision: 'close', keepIntegralSupport: true, socialServicesAssessment: 'x', employmentOffice: EO });
      expect(OPEN_JOINT_ASSESSMENT.react(cause('itinerary.closed', { itineraryId: 'it-1' }, SS), knowledge(opened, designed, agreedClose))).toEqual({ outcome: 'none' });
    });
  });
});
