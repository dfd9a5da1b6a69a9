import { actionCompletedOnTime, actionOverdue } from './table-facts';
import { Indicators } from './indicators';

/**
 * How a territorial plan's targets are measured: each target names one of the programme's
 * indicators (libs/read-models indicators; definitions in docs/read-models.md), read for the
 * target's project (if any) and the evaluated period. Pure: the delegation computes it from
 * the network log's read models (GET /territorial-plans/:planId/evaluation).
 */
export const PLAN_INDICATOR_VALUE: Record<string, (x: Indicators) => number> = {
  'people-attended': (x) => x.peopleAttended.total,
  'diagnoses-done': (x) => x.diagnosesDone,
  'people-trained': (x) => x.trainings.people,
  'trainings-completed': (x) => x.trainings.completed,
  'placements-started': (x) => x.placements.started,
  'contracts-registered': (x) => x.contracts.registered,
  'ordinary-labour-market': (x) => x.ordinaryLabourMarket.people,
  'incidents-resolved': (x) => x.incidents.resolved,
  'meetings-held': (x) => x.meetings.held,
  'actions-overdue': (x) => x.actions.overdue,
};

export interface PlanTarget {
  targetId: string;
  objectiveId: string;
  indicator: string;
  direction: string;
  value: number;
  dueBy: string;
  projectId?: string;
}

export interface TargetEvaluation extends PlanTarget {
  line: string | null;
  actual: number;
  met: boolean;
  /** Share of the target reached (at-least targets), capped at nothing: 1.2 is 120%. */
  progress: number | null;
}

/** Each target against its actual; `indicatorsFor` computes the programme's indicators for a project (or the whole programme). */
export function evaluateTargets(
  targets: PlanTarget[],
  objectives: Record<string, { line: string }>,
  indicatorsFor: (projectId: string | undefined) => Indicators,
): TargetEvaluation[] {
  const cache = new Map<string, Indicators>();
  const of = (projectId: string | undefined) => {
    const key = projectId ?? '';
    if (!cache.has(key)) cache.set(key, indicatorsFor(projectId));
    return cache.get(key)!;
  };
  return targets.map((t) => {
    const read = PLAN_INDICATOR_VALUE[t.indicator];
    const actual = read ? read(of(t.projectId)) : 0;
    const met = t.direction === 'at-most' ? actual <= t.value : actual >= t.value;
    return { ...t, line: objectives[t.objectiveId]?.line ?? null, actual, met, progress: t.direction === 'at-least' && t.value > 0 ? Math.round((actual / t.value) * 100) / 100 : null };
  });
}

/** A plan action as the dashboard sees it. */
export interface PlanActionDates {
  actionId: string;
  line: string;
  ownerInstitution: string;
  dueOn: string;
  completedOn?: string;
}

/**
 * A plan's actions as of a time: how many, how many completed (and on time), which are overdue.
 * Overdue is the one definition the reports use for every action (table-facts.ts, actionOverdue).
 */
export function planActionStatus(actions: PlanActionDates[], asOf: string) {
  const overdue = actions.filter((a) => actionOverdue(a, asOf));
  return {
    total: actions.length,
    completed: actions.filter((a) => a.completedOn).length,
    completedOnTime: actions.filter((a) => actionCompletedOnTime(a)).length,
    overdue: overdue.map((a) => ({ actionId: a.actionId, line: a.line, ownerInstitution: a.ownerInstitution, dueOn: a.dueOn })),
  };
}
