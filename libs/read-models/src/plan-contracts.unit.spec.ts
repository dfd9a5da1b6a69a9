import { computeIndicators } from './indicators';
import { replay } from './projections';
import { ScenarioBuilder, modelOf } from './testing/scenario';

/** The Plan de Empleo's own path (docs/employment-plan.md) counts in the funnel and the indicators, beside insertion-company placements. */
describe('indicators: Plan de Empleo contracts', () => {
  const SS = 'ss-a', SME = 'sme-a', RD = 'rd-a', programmeId = 'pg-plan';
  function scenario() {
    const b = new ScenarioBuilder('2026-01-05T08:00:00Z');
    b.add('programme.created', RD, { programmeId }, { name: 'Plan de Empleo', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1 });
    for (const caseId of ['p1', 'p2', 'p3']) {
      b.add('programme.case-enrolled', RD, { programmeId, caseId }, { projectId: 'pj', caseId, enrolledOn: '2026-01-05' });
      b.add('case.opened', SS, { caseId }, { personId: `p-${caseId}`, municipality: 'A', gender: 'male', birthYear: 1980, incidenceGroups: [], openedOn: '2026-01-05' });
      b.add('employment-plan.candidate-proposed', SS, { caseId }, { planId: 'pe-1', employerInstitution: SME, proposedOn: '2026-01-10', reason: 'r' });
    }
    const contract = (caseId: string) => ({ caseId, streamId: `plan-contract-k-${caseId}` });
    b.add('plan-contract.signed', SME, contract('p1'), { contractId: 'k-p1', planId: 'pe-1', contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'gardener', weeklyHours: 35, tutorId: 't' });
    b.add('plan-contract.ended', SME, contract('p1'), { contractId: 'k-p1', endedOn: '2026-07-31', reason: 'hired-ordinary-market' });
    b.add('plan-contract.signed', SME, contract('p2'), { contractId: 'k-p2', planId: 'pe-1', contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'cleaner', weeklyHours: 35, tutorId: 't' });
    // Only the employer that signed a contract ends it.
    b.add('plan-contract.ended', 'ei-x', contract('p2'), { contractId: 'k-p2', endedOn: '2026-03-01', reason: 'dismissal' });
    return b;
  }

  it('counts plan contracts started and ended, the people hired, and the transition to the ordinary market', () => {
    const x = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId }, '2026-12-31T00:00:00Z');
    expect(x.planContracts).toEqual({ people: 2, started: 2, ended: 1, byEndReason: { 'hired-ordinary-market': 1 } });
    expect(x.placements).toEqual({ started: 0, ended: 0, byEndReason: {} });
    expect(x.ordinaryLabourMarket.people).toBe(1);
  });

  it('puts the proposed people on the Plan de Empleo path, hired when the municipal employment service signed their contract', () => {
    const x = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId }, '2026-12-31T00:00:00Z');
    expect(x.paths.map((p) => [p.path, p.cases, Object.fromEntries(p.funnel.map((f) => [f.stage, f.reached]))])).toEqual([
      ['employment-plan', 3, { opened: 3, diagnosed: 0, 'itinerary-designed': 0, 'employment-plan-hired': 2, completed: 0, 'ordinary-labour-market': 1 }],
    ]);
    expect(x.funnel.find((f) => f.stage === 'in-progress')?.reached).toBe(2);
  });
});
