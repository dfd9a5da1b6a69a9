import { PLAN_INDICATORS } from '@inclusion/contracts';
import { Indicators } from './indicators';
import { evaluateTargets, PLAN_INDICATOR_VALUE, planActionStatus } from './plan-evaluation';

describe("a territorial plan's targets against the indicators the cases produce", () => {
  const indicators = (people: number, overdue = 0) =>
    ({ peopleAttended: { total: people }, diagnosesDone: 0, trainings: { people: 0, completed: 0 }, placements: { started: 0 }, contracts: { registered: 0 }, ordinaryLabourMarket: { people: 0 }, incidents: { resolved: 0 }, meetings: { held: 0 }, actions: { overdue } }) as unknown as Indicators;

  it('maps every indicator a target may name', () => expect(Object.keys(PLAN_INDICATOR_VALUE).sort()).toEqual([...PLAN_INDICATORS].sort()));

  it('reads each target on its project or the whole programme, at least or at most', () => {
    const calls: (string | undefined)[] = [];
    const result = evaluateTargets(
      [
        { targetId: 't-1', objectiveId: 'o-1', indicator: 'people-attended', direction: 'at-least', value: 4, dueBy: '2026-12-31' },
        { targetId: 't-2', objectiveId: 'o-1', indicator: 'people-attended', direction: 'at-least', value: 4, dueBy: '2026-12-31', projectId: 'pr-1' },
        { targetId: 't-3', objectiveId: 'o-2', indicator: 'actions-overdue', direction: 'at-most', value: 0, dueBy: '2026-12-31' },
      ],
      { 'o-1': { line: 'employment' }, 'o-2': { line: 'housing' } },
      (projectId) => (calls.push(projectId), projectId ? indicators(2) : indicators(5, 1)),
    );
    expect(result.map((r) => [r.targetId, r.line, r.actual, r.met, r.progress])).toEqual([
      ['t-1', 'employment', 5, true, 1.25],
      ['t-2', 'employment', 2, false, 0.5],
      ['t-3', 'housing', 1, false, null],
    ]);
    expect(calls).toEqual([undefined, 'pr-1']);
  });
});

describe("a territorial plan's actions on its dashboard", () => {
  const actions = [
    { actionId: 'a-late', line: 'housing', ownerInstitution: 'ss-albacete', dueOn: '2026-05-31' },
    { actionId: 'a-done-late', line: 'housing', ownerInstitution: 'ss-albacete', dueOn: '2026-05-31', completedOn: '2026-06-02' },
    { actionId: 'a-done', line: 'employment', ownerInstitution: 'eo-albacete', dueOn: '2026-05-31', completedOn: '2026-05-30' },
    { actionId: 'a-due-today', line: 'employment', ownerInstitution: 'eo-albacete', dueOn: '2026-06-10' },
  ];

  it('counts completed and overdue actions by the one definition of overdue (due before today and not completed)', () => {
    expect(planActionStatus(actions, '2026-06-10T12:00:00.000Z')).toEqual({
      total: 4, completed: 2, completedOnTime: 1,
      overdue: [{ actionId: 'a-late', line: 'housing', ownerInstitution: 'ss-albacete', dueOn: '2026-05-31' }],
    });
    expect(planActionStatus(actions, '2026-05-31T12:00:00.000Z').overdue).toEqual([]);
  });
});
