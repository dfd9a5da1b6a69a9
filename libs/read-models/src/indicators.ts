import { actionOverdue } from './table-facts';
import type { CaseFacts } from './case-facts';
import { casesInScope, inPeriod, ProgrammeReadModel, ReportScope, tablesInScope } from './scope';

/**
 * The programme's indicators (what the practitioners report: Albacete, Làbora), computed
 * from the read model by one pure function. Each figure's definition is in docs/read-models.md;
 * in short: a person is counted once per figure (a case is a person in a programme), dated
 * facts count when their date falls in the period, and ages are taken at the period's end.
 */
export interface Indicators {
  scope: ReportScope;
  asOf: string;
  peopleAttended: { total: number; byGender: Record<string, number>; byAgeBand: Record<string, number>; byIncidenceGroup: Record<string, number> };
  diagnosesDone: number;
  funnel: { stage: FunnelStage; reached: number }[];
  byCurrentStage: Record<FunnelStage, number>;
  trainings: {
    people: number;
    peopleByGender: Record<string, number>;
    started: number;
    completed: number;
    completedByGender: Record<string, number>;
    dropped: number;
    droppedByGender: Record<string, number>;
  };
  placements: { started: number; ended: number; byEndReason: Record<string, number> };
  contracts: { registered: number; byKind: Record<string, number>; referralsHired: number };
  ordinaryLabourMarket: { people: number; byGender: Record<string, number> };
  incidents: { reported: number; byKind: Record<string, number>; resolved: number; meanDaysToResolution: number | null; medianDaysToResolution: number | null };
  meetings: { held: number; byLevel: Record<string, number>; cancelled: number };
  actions: { total: number; completed: number; overdue: number };
}

export const FUNNEL_STAGES = ['opened', 'diagnosed', 'itinerary-designed', 'agreement-signed', 'in-progress', 'completed', 'ordinary-labour-market'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const AGE_BANDS = ['under-25', '25-34', '35-44', '45-54', '55-and-over'] as const;

export function ageBand(birthYear: number | undefined, onDate: string): string {
  if (!birthYear) return 'unknown';
  const age = Number(onDate.slice(0, 4)) - birthYear;
  return age < 25 ? 'under-25' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : '55-and-over';
}

/** The furthest stage a case reached. */
export function stageOf(c: CaseFacts): FunnelStage {
  if (c.ordinaryMarketOn) return 'ordinary-labour-market';
  if (c.status === 'closed' || c.itinerary?.status === 'closed') return 'completed';
  const started = (c.itinerary?.stepsStarted ?? 0) > 0 || Object.keys(c.trainings).length > 0 || Object.keys(c.placements).length > 0;
  if (started) return 'in-progress';
  if (Object.values(c.agreements).some((parties) => ['company', 'person', 'social-services'].every((p) => parties.includes(p)))) return 'agreement-signed';
  if (c.itinerary) return 'itinerary-designed';
  if (c.diagnosis) return 'diagnosed';
  return 'opened';
}

const tally = (keys: string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
const round2 = (value: number) => Math.round(value * 100) / 100;
const gender = (c: CaseFacts) => c.gender ?? 'unknown';

/** Whether a case was open at some time in the period. */
const attendedIn = (c: CaseFacts, scope: ReportScope) => {
  const opened = c.openedOn ?? c.enrolledOn;
  if (!opened) return false;
  return (!scope.to || opened <= scope.to) && (!scope.from || !c.closedOn || c.closedOn >= scope.from);
};

export function computeIndicators(model: ProgrammeReadModel, scope: ReportScope, asOf: string): Indicators {
  const cases = casesInScope(model, scope);
  const attended = cases.filter((c) => attendedIn(c, scope));
  const ageOn = scope.to && scope.to < asOf ? scope.to : asOf;

  const trainings = cases.flatMap((c) => Object.values(c.trainings).map((t) => ({ c, t })));
  const started = trainings.filter(({ t }) => inPeriod(t.startsOn, scope));
  const completed = trainings.filter(({ t }) => inPeriod(t.completedOn, scope));
  const dropped = trainings.filter(({ t }) => inPeriod(t.droppedOn, scope));
  const trainedPeople = [...new Map(started.map(({ c }) => [c.caseId, c])).values()];

  const placements = cases.flatMap((c) => Object.values(c.placements));
  const ended = placements.filter((p) => inPeriod(p.endedOn, scope));
  const contracts = cases.flatMap((c) => c.contractsRegistered).filter((k) => inPeriod(k.registeredOn, scope));
  const toMarket = cases.filter((c) => inPeriod(c.ordinaryMarketOn, scope));

  const incidents = cases.flatMap((c) => Object.values(c.incidents)).filter((i) => inPeriod(i.observedOn ?? i.reportedAt, scope));
  const resolutionDays = incidents.filter((i) => i.resolvedOn).map((i) => daysBetween(i.observedOn ?? i.reportedAt!, i.resolvedOn!)).sort((a, b) => a - b);
  const median = resolutionDays.length
    ? resolutionDays.length % 2
      ? resolutionDays[(resolutionDays.length - 1) / 2]
      : (resolutionDays[resolutionDays.length / 2 - 1] + resolutionDays[resolutionDays.length / 2]) / 2
    : null;

  const tables = tablesInScope(model, scope, cases);
  const meetings = tables.flatMap((t) => Object.values(t.meetings).map((m) => ({ level: t.level ?? 'unknown', m })));
  const held = meetings.filter(({ m }) => inPeriod(m.heldOn, scope));
  const actions = tables.flatMap((t) => Object.values(t.actions)).filter((a) => inPeriod(a.dueOn, scope));

  const stages = cases.map(stageOf);
  const byCurrentStage = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, stages.filter((x) => x === s).length])) as Record<FunnelStage, number>;

  return {
    scope,
    asOf,
    peopleAttended: {
      total: attended.length,
      byGender: tally(attended.map(gender)),
      byAgeBand: tally(attended.map((c) => ageBand(c.birthYear, ageOn))),
      byIncidenceGroup: tally(attended.flatMap((c) => c.incidenceGroups)),
    },
    diagnosesDone: cases.filter((c) => inPeriod(c.diagnosis?.diagnosedOn, scope)).length,
    funnel: FUNNEL_STAGES.map((stage, index) => ({ stage, reached: stages.filter((s) => FUNNEL_STAGES.indexOf(s) >= index).length })),
    byCurrentStage,
    trainings: {
      people: trainedPeople.length,
      peopleByGender: tally(trainedPeople.map(gender)),
      started: started.length,
      completed: completed.length,
      completedByGender: tally(completed.map(({ c }) => gender(c))),
      dropped: dropped.length,
      droppedByGender: tally(dropped.map(({ c }) => gender(c))),
    },
    placements: {
      started: placements.filter((p) => inPeriod(p.startedOn, scope)).length,
      ended: ended.length,
      byEndReason: tally(ended.map((p) => p.endReason ?? 'unknown')),
    },
    contracts: {
      registered: contracts.length,
      byKind: tally(contracts.map((k) => k.kind)),
      referralsHired: cases.flatMap((c) => c.referralsHired).filter((d) => inPeriod(d, scope)).length,
    },
    ordinaryLabourMarket: { people: toMarket.length, byGender: tally(toMarket.map(gender)) },
    incidents: {
      reported: incidents.length,
      byKind: tally(incidents.map((i) => i.kind)),
      resolved: resolutionDays.length,
      meanDaysToResolution: resolutionDays.length ? round2(resolutionDays.reduce((a, b) => a + b, 0) / resolutionDays.length) : null,
      medianDaysToResolution: median,
    },
    meetings: { held: held.length, byLevel: tally(held.map(({ level }) => level)), cancelled: meetings.filter(({ m }) => m.cancelled).length },
    actions: {
      total: actions.length,
      completed: actions.filter((a) => a.completedOn).length,
      overdue: actions.filter((a) => actionOverdue(a, asOf)).length,
    },
  };
}
