import { assertMaySeePlan, assertPlanContributor, assertPlanLead, assertPlanMayReadProgramme, planFactCounts } from './access-policy';
import { refusalOf } from '../shared/given-when-then.testing';

/** The access policy for territorial plans (access-policy.ts): lead, partners, delegation staff. */
describe('access policy: territorial plans', () => {
  const plan = { exists: true, lead: 'rd-albacete', partners: ['ss-albacete', 'eo-albacete'] };
  const none = { exists: false, partners: [] };

  it('only the lead records the plan; the same 403 whether or not the plan exists', () => {
    expect(refusalOf(() => assertPlanLead('rd-albacete', plan))).toBeNull();
    expect(refusalOf(() => assertPlanLead('ss-albacete', plan))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => assertPlanLead('rd-albacete', none))).toBe('ACCESS.DENIED');
  });

  it('the lead and the partners contribute findings; nobody else', () => {
    expect(refusalOf(() => assertPlanContributor('eo-albacete', plan))).toBeNull();
    expect(refusalOf(() => assertPlanContributor('rd-albacete', plan))).toBeNull();
    expect(refusalOf(() => assertPlanContributor('ei-solidaria', plan))).toBe('ACCESS.DENIED');
  });

  it("the plan's figures are shared with its partners and the delegation's staff", () => {
    expect(refusalOf(() => assertMaySeePlan({ institutionId: 'ss-albacete', institutionKind: 'social-services', role: 'technician' }, plan))).toBeNull();
    expect(refusalOf(() => assertMaySeePlan({ institutionId: 'rd-other', institutionKind: 'regional-delegation', role: 'supervisor' }, plan))).toBeNull();
    expect(refusalOf(() => assertMaySeePlan({ institutionId: 'ei-solidaria', institutionKind: 'insertion-company', role: 'coordinator' }, plan))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => assertMaySeePlan({ institutionId: 'rd-other', institutionKind: 'regional-delegation', role: 'technician' }, plan))).toBe('ACCESS.DENIED');
  });

  it("evaluates a plan only against a programme its lead created: naming another's programme reads none of its figures", () => {
    expect(refusalOf(() => assertPlanMayReadProgramme(plan, { createdBy: 'rd-albacete' }))).toBeNull();
    expect(refusalOf(() => assertPlanMayReadProgramme(plan, { createdBy: 'rd-toledo' }))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => assertPlanMayReadProgramme(plan, undefined))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => assertPlanMayReadProgramme(none, { createdBy: 'rd-albacete' }))).toBe('ACCESS.DENIED');
  });

  it('counts the first creation, findings from contributors, and everything else only from the lead', () => {
    expect(planFactCounts({ type: 'territorial-plan.created', institutionId: 'x' }, none)).toBe(true);
    expect(planFactCounts({ type: 'territorial-plan.created', institutionId: 'x' }, plan)).toBe(false);
    expect(planFactCounts({ type: 'territorial-plan.finding-recorded', institutionId: 'ss-albacete' }, plan)).toBe(true);
    expect(planFactCounts({ type: 'territorial-plan.finding-recorded', institutionId: 'ei-solidaria' }, plan)).toBe(false);
    expect(planFactCounts({ type: 'territorial-plan.line-adopted', institutionId: 'ss-albacete' }, plan)).toBe(false);
    expect(planFactCounts({ type: 'territorial-plan.line-adopted', institutionId: 'rd-albacete' }, plan)).toBe(true);
    expect(planFactCounts({ type: 'territorial-plan.line-adopted', institutionId: 'rd-albacete' }, none)).toBe(false);
  });
});
