import { CaseFacts } from './case-facts';
import { evaluateCompliance } from './compliance';
import { computeIndicators, stageOf } from './indicators';
import { PROJECTIONS, replay } from './projections';
import { chronificationRisk, RISK_FORMULA, wholeMonthsBetween } from './risk';
import { ScenarioBuilder, albaceteProgramme, modelOf, pathsProgramme } from './testing/scenario';

describe('indicators', () => {
  it('replaying the Albacete employment plan gives its reported figures: 71 people, 47 trained, 15 men and 32 women', () => {
    const { events } = albaceteProgramme();
    const indicators = computeIndicators(modelOf(replay(events), 'plan-empleo-albacete'), { programmeId: 'plan-empleo-albacete' }, '2026-12-31T23:59:59Z');
    expect(indicators.peopleAttended.total).toBe(71);
    expect(indicators.trainings.people).toBe(47);
    expect(indicators.trainings.peopleByGender).toEqual({ female: 32, male: 15 });
    expect(indicators.peopleAttended.byGender).toEqual({ female: 46, male: 25 });
    // One in seven trained people (i % 7 === 6 among the first 47) dropped out.
    const dropped = Array.from({ length: 47 }, (_, i) => i).filter((i) => i % 7 === 6).length;
    expect(indicators.trainings.dropped).toBe(dropped);
    expect(indicators.trainings.completed).toBe(47 - dropped);
    expect(indicators.diagnosesDone).toBe(71);
    expect(Object.values(indicators.peopleAttended.byAgeBand).reduce((a, b) => a + b, 0)).toBe(71);
    expect(indicators.meetings).toEqual({ held: 1, byLevel: { programme: 1 }, cancelled: 0 });
    expect(indicators.actions).toEqual({ total: 1, completed: 0, overdue: 1 });
  });

  it('counts no agreement in the Albacete plan, where the 47 trained people reached a training step and nobody signed one', () => {
    const { events } = albaceteProgramme();
    const indicators = computeIndicators(modelOf(replay(events), 'plan-empleo-albacete'), { programmeId: 'plan-empleo-albacete' }, '2026-12-31T23:59:59Z');
    const reached = Object.fromEntries(indicators.funnel.map((f) => [f.stage, f.reached]));
    expect(reached).toEqual({ opened: 71, diagnosed: 71, 'itinerary-designed': 47, 'agreement-signed': 0, 'in-progress': 47, completed: 0, 'ordinary-labour-market': 0 });
    expect(indicators.byCurrentStage).toMatchObject({ 'in-progress': 47, 'agreement-signed': 0, diagnosed: 24 });
    const dropped = Array.from({ length: 47 }, (_, i) => i).filter((i) => i % 7 === 6).length;
    expect(indicators.paths).toEqual([
      {
        path: 'training-only',
        cases: 47,
        funnel: [
          { stage: 'opened', reached: 47 },
          { stage: 'diagnosed', reached: 47 },
          { stage: 'itinerary-designed', reached: 47 },
          { stage: 'training-started', reached: 47 },
          { stage: 'training-completed', reached: 47 - dropped },
          { stage: 'completed', reached: 0 },
          { stage: 'ordinary-labour-market', reached: 0 },
        ],
      },
      {
        path: 'no-itinerary',
        cases: 24,
        funnel: [
          { stage: 'opened', reached: 24 },
          { stage: 'diagnosed', reached: 24 },
          { stage: 'completed', reached: 0 },
          { stage: 'ordinary-labour-market', reached: 0 },
        ],
      },
    ]);
  });

  it('counts each stage from what happened to the case, and shows the paths side by side (Plan de Empleo, insertion company, training only)', () => {
    const indicators = computeIndicators(modelOf(replay(pathsProgramme().events), 'pg-paths'), { programmeId: 'pg-paths' }, '2026-12-31T00:00:00Z');
    const reached = (funnel: { stage: string; reached: number }[]) => Object.fromEntries(funnel.map((f) => [f.stage, f.reached]));
    // Two agreements with three signatures (not the 5 cases that went further in some other way);
    // one case completed (the insertion-company case hired in the ordinary market was never closed).
    expect(reached(indicators.funnel)).toEqual({ opened: 9, diagnosed: 9, 'itinerary-designed': 8, 'agreement-signed': 2, 'in-progress': 4, completed: 1, 'ordinary-labour-market': 1 });
    expect(indicators.paths.map((p) => [p.path, p.cases, reached(p.funnel)])).toEqual([
      ['employment-plan', 2, { opened: 2, diagnosed: 2, 'itinerary-designed': 2, 'employment-plan-hired': 1, completed: 1, 'ordinary-labour-market': 0 }],
      ['insertion-company', 3, { opened: 3, diagnosed: 3, 'itinerary-designed': 3, 'agreement-signed': 2, 'placement-started': 1, completed: 0, 'ordinary-labour-market': 1 }],
      ['training-only', 3, { opened: 3, diagnosed: 3, 'itinerary-designed': 3, 'training-started': 2, 'training-completed': 1, completed: 0, 'ordinary-labour-market': 0 }],
      ['no-itinerary', 1, { opened: 1, diagnosed: 1, completed: 0, 'ordinary-labour-market': 0 }],
    ]);
    // An institution's scope keeps its paths: the company takes part in the cases its itinerary steps and agreements name.
    const company = computeIndicators(modelOf(replay(pathsProgramme().events), 'pg-paths'), { programmeId: 'pg-paths', institutionId: 'ei-a' }, '2026-12-31T00:00:00Z');
    expect(company.paths.map((p) => [p.path, p.cases])).toEqual([['insertion-company', 3]]);
  });

  it('keeps a case on a path whose planned step it has not reached, and in both employment paths when it went through both', () => {
    const b = pathsProgramme();
    // plan-2 is reoriented towards an insertion company too, and signs with it.
    b.add('itinerary.reoriented', 'ss-a', { caseId: 'plan-2' }, { itineraryId: 'it-plan-2', reason: 'r', steps: [{ stepId: 'placement', kind: 'insertion-company-placement', responsibleInstitution: 'ei-a', plannedStart: '2026-05-01', plannedEnd: '2026-09-30' }] });
    const facts = replay(b.events).get('case-facts')!.get('plan-2') as CaseFacts;
    expect(facts.itinerary?.steps).toEqual([{ stepId: 'placement', kind: 'insertion-company-placement', line: 'employment', responsibleInstitution: 'ei-a', started: false, completed: false }]);
    const indicators = computeIndicators(modelOf(replay(b.events), 'pg-paths'), { programmeId: 'pg-paths' }, '2026-12-31T00:00:00Z');
    // The plan step not started was replaced: plan-2 left the Plan de Empleo path for the insertion company's.
    expect(indicators.paths.map((p) => [p.path, p.cases])).toEqual([['employment-plan', 1], ['insertion-company', 4], ['training-only', 3], ['no-itinerary', 1]]);
    b.add('contract.document-registered', 'eo-a', { caseId: 'ei-2', streamId: 'employment-ei-2' }, { documentId: 'doc-ei-2', contractKind: 'employment-plan', employer: 'Ayuntamiento', registeredOn: '2026-09-01' });
    const both = computeIndicators(modelOf(replay(b.events), 'pg-paths'), { programmeId: 'pg-paths' }, '2026-12-31T00:00:00Z');
    expect(both.paths.map((p) => [p.path, p.cases])).toEqual([['employment-plan', 2], ['insertion-company', 4], ['training-only', 3], ['no-itinerary', 1]]);
    expect(both.paths[0].funnel.find((f) => f.stage === 'employment-plan-hired')!.reached).toBe(2);
  });

  it('counts only what falls in the period, and only the cases an institution takes part in', () => {
    const { events } = albaceteProgramme();
    const model = modelOf(replay(events), 'plan-empleo-albacete');
    const february = computeIndicators(model, { programmeId: 'plan-empleo-albacete', from: '2026-02-01', to: '2026-02-28' }, '2026-12-31T00:00:00Z');
    expect(february.trainings.started).toBe(47);
    expect(february.trainings.completed).toBe(0);
    expect(february.diagnosesDone).toBe(0);
    const company = computeIndicators(model, { programmeId: 'plan-empleo-albacete', institutionId: 'ei-solidaria' }, '2026-12-31T00:00:00Z');
    expect(company.peopleAttended.total).toBe(0);
    const office = computeIndicators(model, { programmeId: 'plan-empleo-albacete', institutionId: 'eo-albacete' }, '2026-12-31T00:00:00Z');
    expect(office.peopleAttended.total).toBe(47);
  });

  it('follows a case through the funnel, placements, transitions and incidents', () => {
    const b = new ScenarioBuilder();
    const caseId = 'case-x';
    b.add('programme.created', 'rd', { programmeId: 'pg' }, { name: 'P', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1 });
    b.add('programme.case-enrolled', 'rd', { programmeId: 'pg', caseId }, { projectId: 'pj', caseId, enrolledOn: '2026-01-02' });
    b.add('case.opened', 'ss', { caseId }, { personId: 'p-x', municipality: 'A', gender: 'female', birthYear: 2004, incidenceGroups: ['youth'], openedOn: '2026-01-02' });
    b.add('case.diagnosis-recorded', 'ss', { caseId }, { diagnosedOn: '2026-01-03', dimensions: [{ dimension: 'income', score: 5, critical: false }] });
    b.add('itinerary.designed', 'ss', { caseId }, { itineraryId: 'it', steps: [{ stepId: 's', kind: 'insertion-company-placement', responsibleInstitution: 'ei', plannedStart: '2026-02-01', plannedEnd: '2026-06-30' }] });
    // Each party signs in its own log: the company at its own service.
    for (const party of ['social-services', 'company', 'person']) b.add('agreement.signed', party === 'company' ? 'ei' : 'ss', { caseId }, { agreementId: 'ag', companyInstitution: 'ei', party, signedBy: party, signedOn: '2026-01-20' });
    const atAgreement = replay(b.events).get('case-facts')!.get(caseId) as CaseFacts;
    expect(stageOf(atAgreement)).toBe('agreement-signed');
    b.add('placement.started', 'ei', { caseId }, { placementId: 'pl', agreementId: 'ag', contractStart: '2026-02-01', position: 'x', weeklyHours: 30, tutorId: 't' });
    b.add('incident.reported', 'ei', { caseId }, { incidentId: 'i1', placementId: 'pl', kind: 'absenteeism', severity: 'high', observedOn: '2026-03-01', description: 'd' });
    b.add('incident.acknowledged', 'ss', { caseId }, { incidentId: 'i1', acknowledgedOn: '2026-03-02' });
    b.add('incident.resolved', 'ss', { caseId }, { incidentId: 'i1', resolvedOn: '2026-03-05', resolution: 'r' });
    b.add('placement.contract-ended', 'ei', { caseId }, { placementId: 'pl', endedOn: '2026-06-30', reason: 'hired-ordinary-market' });
    const indicators = computeIndicators(modelOf(replay(b.events), 'pg'), { programmeId: 'pg' }, '2026-12-31T00:00:00Z');
    // Hired in the ordinary market, but neither the itinerary nor the case was closed: not "completed".
    expect(indicators.funnel.map((f) => f.reached)).toEqual([1, 1, 1, 1, 1, 0, 1]);
    expect(indicators.paths).toEqual([
      {
        path: 'insertion-company',
        cases: 1,
        funnel: ['opened', 'diagnosed', 'itinerary-designed', 'agreement-signed', 'placement-started', 'completed', 'ordinary-labour-market'].map((stage) => ({ stage, reached: stage === 'completed' ? 0 : 1 })),
      },
    ]);
    expect(indicators.byCurrentStage['ordinary-labour-market']).toBe(1);
    expect(indicators.placements).toEqual({ started: 1, ended: 1, byEndReason: { 'hired-ordinary-market': 1 } });
    expect(indicators.ordinaryLabourMarket).toEqual({ people: 1, byGender: { female: 1 } });
    expect(indicators.incidents).toEqual({ reported: 1, byKind: { absenteeism: 1 }, resolved: 1, meanDaysToResolution: 4, medianDaysToResolution: 4 });
    expect(indicators.peopleAttended.byAgeBand).toEqual({ 'under-25': 1 });
  });
});

describe('compliance (evaluation cuts)', () => {
  it('lists the offending cases of each rule, per institution', () => {
    const b = new ScenarioBuilder('2026-01-01T09:00:00Z');
    const enrol = (caseId: string) => b.add('programme.case-enrolled', 'rd', { programmeId: 'pg', caseId }, { projectId: 'pj', caseId, enrolledOn: '2026-01-01' });
    b.add('programme.created', 'rd', { programmeId: 'pg' }, { name: 'P', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1 });
    b.add('programme.project-added', 'rd', { programmeId: 'pg', projectId: 'pj' }, { projectId: 'pj', name: 'J', runByInstitution: 'ss-a' });
    // good: technician and diagnosis in time, placement followed monthly, incident acknowledged in 2 hours.
    enrol('good');
    b.add('case.opened', 'ss-a', { caseId: 'good' }, { personId: 'p-good', municipality: 'A', gender: 'male', birthYear: 1980, incidenceGroups: [], openedOn: '2026-01-01' });
    b.add('case.reference-technician-assigned', 'ss-a', { caseId: 'good' }, { technicianId: 't' });
    b.add('case.diagnosis-recorded', 'ss-a', { caseId: 'good' }, { diagnosedOn: '2026-01-10', dimensions: [{ dimension: 'income', score: 3, critical: false }] });
    b.add('placement.started', 'ei-a', { caseId: 'good' }, { placementId: 'pl-good', agreementId: 'ag', contractStart: '2026-02-01', position: 'x', weeklyHours: 30, tutorId: 't' });
    for (const heldOn of ['2026-02-25', '2026-03-20']) b.add('placement.follow-up-meeting-held', 'ei-a', { caseId: 'good' }, { placementId: 'pl-good', meetingId: heldOn, heldOn, tutorId: 't', notes: 'n', scores: {} });
    b.add('placement.contract-ended', 'ei-a', { caseId: 'good' }, { placementId: 'pl-good', endedOn: '2026-04-10', reason: 'term-completed' });
    b.at('2026-03-01T10:00:00Z').add('incident.reported', 'ei-a', { caseId: 'good' }, { incidentId: 'i-good', placementId: 'pl-good', kind: 'absenteeism', severity: 'low', observedOn: '2026-03-01', description: 'd' });
    b.at('2026-03-01T12:00:00Z').add('incident.acknowledged', 'ss-a', { caseId: 'good' }, { incidentId: 'i-good', acknowledgedOn: '2026-03-01' });
    // late: no technician, diagnosis after 60 days, placement with no follow-up, incident never acknowledged.
    b.at('2026-01-02T09:00:00Z');
    enrol('late');
    b.add('case.opened', 'ss-a', { caseId: 'late' }, { personId: 'p-late', municipality: 'A', gender: 'female', birthYear: 1990, incidenceGroups: [], openedOn: '2026-01-01' });
    b.add('case.diagnosis-recorded', 'ss-a', { caseId: 'late' }, { diagnosedOn: '2026-03-02', dimensions: [{ dimension: 'income', score: 3, critical: false }] });
    b.add('placement.started', 'ei-b', { caseId: 'late' }, { placementId: 'pl-late', agreementId: 'ag', contractStart: '2026-02-01', position: 'x', weeklyHours: 30, tutorId: 't' });
    b.at('2026-03-05T10:00:00Z').add('incident.reported', 'ei-b', { caseId: 'late' }, { incidentId: 'i-late', placementId: 'pl-late', kind: 'disciplinary', severity: 'medium', observedOn: '2026-03-05', description: 'd' });
    // a case table action done late.
    b.add('table.created', 'ss-a', { caseId: 'late', streamId: 'table-ct' }, { tableId: 'ct', level: 'case', scopeId: 'late', members: [{ institutionId: 'ss-a', people: ['t'] }] });
    b.add('table.action-added', 'ss-a', { caseId: 'late', streamId: 'table-ct' }, { meetingId: 'm', actionId: 'report', description: 'd', ownerInstitution: 'ss-a', dueOn: '2026-03-10' });
    b.add('table.action-completed', 'ss-a', { caseId: 'late', streamId: 'table-ct' }, { actionId: 'report', completedOn: '2026-03-15' });

    const report = evaluateCompliance(modelOf(replay(b.events), 'pg'), { programmeId: 'pg', from: '2026-01-01', to: '2026-03-31' }, '2026-03-31T23:00:00Z');
    const rule = (id: string) => report.rules.find((r) => r.id === id)!;
    expect(rule('case.reference-technician')).toMatchObject({ checked: 2, compliant: 1, byInstitution: [{ institutionId: 'ss-a', offending: [{ caseId: 'late', detail: expect.stringContaining('no reference technician') }] }] });
    expect(rule('case.diagnosis')).toMatchObject({ checked: 2, compliant: 1, byInstitution: [{ offending: [{ caseId: 'late', detail: 'diagnosis after 60 day(s), more than 30' }] }] });
    expect(rule('placement.follow-up-rhythm').byInstitution).toEqual([
      { institutionId: 'ei-a', checked: 1, compliant: 1, offending: [] },
      { institutionId: 'ei-b', checked: 1, compliant: 0, offending: [{ caseId: 'late', subject: 'pl-late', detail: '58 day(s) without a follow-up meeting until 2026-03-31 (limit 30)' }] },
    ]);
    expect(rule('incident.acknowledgement')).toMatchObject({ checked: 2, compliant: 1, byInstitution: [{ institutionId: 'ss-a', offending: [{ caseId: 'late', subject: 'i-late' }] }] });
    expect(rule('table.action-on-time')).toMatchObject({ checked: 1, compliant: 0, byInstitution: [{ institutionId: 'ss-a', offending: [{ caseId: 'late', subject: 'ct/report', detail: 'completed 2026-03-15, due 2026-03-10' }] }] });

    const onlyCompanyB = evaluateCompliance(modelOf(replay(b.events), 'pg'), { programmeId: 'pg', institutionId: 'ei-b' }, '2026-03-31T23:00:00Z');
    expect(onlyCompanyB.rules.map((r) => r.checked)).toEqual([0, 0, 1, 0, 0]);
  });
});

describe('risk of chronification', () => {
  it('is the documented sum of its components, stored with its formula and version', () => {
    const risk = chronificationRisk(
      {
        openedOn: '2025-01-15',
        diagnosis: { diagnosedOn: '2025-01-20', dimensions: [{ dimension: 'income', score: 8, critical: true }, { dimension: 'housing', score: 6, critical: true }], criticalFactors: 1 },
        incidents: { a: { kind: 'absenteeism', severity: 'high', reportedBy: 'ei' }, b: { kind: 'other', severity: 'low', reportedBy: 'ei', resolvedOn: '2025-06-01' } },
      },
      '2026-01-20T00:00:00Z',
    );
    // diagnosis 4*7 + 5*2 + 2*1 = 40; time in care 12 months -> 20*12/36 = 6.7; incidents 3+3+2 + 3 = 11.
    expect(risk).toMatchObject({ formula: RISK_FORMULA.name, version: 1, definition: RISK_FORMULA.text, components: { diagnosis: 40, timeInCare: 6.7, incidents: 11 }, score: 58, band: 'medium' });
    expect(wholeMonthsBetween('2025-01-31', '2025-02-28')).toBe(0);
    expect(wholeMonthsBetween('2025-01-15', '2026-01-20')).toBe(12);
  });

  it('is recomputed with each event of the case, as of that event', () => {
    const b = new ScenarioBuilder('2026-01-01T09:00:00Z');
    b.add('case.opened', 'ss', { caseId: 'c' }, { personId: 'p-c', municipality: 'A', gender: 'male', birthYear: 1970, incidenceGroups: [], openedOn: '2026-01-01' });
    const first = (replay(b.events).get('case-facts')!.get('c') as CaseFacts).risk!;
    b.at('2026-07-02T09:00:00Z').add('incident.reported', 'ei', { caseId: 'c' }, { incidentId: 'i', placementId: 'pl', kind: 'health-or-functional-limitation', severity: 'high', observedOn: '2026-07-01', description: 'd' });
    const second = (replay(b.events).get('case-facts')!.get('c') as CaseFacts).risk!;
    expect(first.score).toBe(0);
    expect(second.asOf).toBe('2026-07-02T09:00:00.000Z');
    expect(second.components).toEqual({ diagnosis: 0, timeInCare: 3.3, incidents: 8 });
  });
});

describe('projections', () => {
  it('fold to the same documents whether events arrive one at a time or all at once', () => {
    const { events } = albaceteProgramme();
    const atOnce = replay(events);
    const oneByOne = new Map<string, Map<string, unknown>>();
    for (const event of events) replay([event], PROJECTIONS, oneByOne);
    expect(oneByOne).toEqual(atOnce);
    expect(atOnce.get('case-facts')!.size).toBe(71);
  });
});
