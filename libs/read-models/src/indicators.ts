import { INTERVENTION_LINES, InterventionLine } from '@inclusion/contracts';
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
  /** The funnel of each path the cases took (only paths with cases), side by side: each with its own stages. */
  paths: { path: FunnelPath; cases: number; funnel: { stage: PathStage; reached: number }[] }[];
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
  /** Plan de Empleo contracts with the municipal employment service (the plan's own path, not insertion-company placements). */
  planContracts: { people: number; started: number; ended: number; byEndReason: Record<string, number> };
  contracts: { registered: number; byKind: Record<string, number>; referralsHired: number };
  ordinaryLabourMarket: { people: number; byGender: Record<string, number> };
  incidents: { reported: number; byKind: Record<string, number>; resolved: number; meanDaysToResolution: number | null; medianDaysToResolution: number | null };
  meetings: { held: number; byLevel: Record<string, number>; cancelled: number };
  actions: { total: number; completed: number; overdue: number };
  /** Itinerary actions (steps) by line of intervention: employment and the actions beyond it (docs/read-models.md "Actions by line"). */
  byLine: Record<InterventionLine, LineFigures>;
  /** Figures by household ("personas y familias"): see docs/read-models.md "Households". */
  households: { units: number; registered: number; peopleInRegistered: number; peopleWithoutHousehold: number };
  /** PACT's proactive detection (docs/read-models.md "Proactive detection"): risk bands as of now, proposals and referrals in the period. */
  proactive: {
    byBand: Record<string, number>;
    proposals: { recorded: number; byKind: Record<string, number>; accepted: number; dismissed: number; unanswered: number };
    referralsAccepted: { total: number; byReferringInstitution: Record<string, number> };
  };
}

/** One line of intervention's itinerary actions in the period. */
export interface LineFigures {
  /** People whose itinerary, as it stands, has a step of this line. */
  people: number;
  /** Steps of this line in the itineraries as they stand. */
  planned: number;
  started: number;
  completed: number;
  /** Completed steps by the result their responsible institution recorded ('unrecorded' for completions recorded before results). */
  byResult: Record<string, number>;
  /** People with a step of this line completed as achieved in the period. */
  peopleAchieved: number;
  /** Steps of this line by responsible institution. */
  byResponsibleInstitution: Record<string, number>;
  /** Households (a person with none recorded is a household of one) with a step of this line. */
  households: number;
  /** Households with a step of this line completed as achieved in the period. */
  householdsAchieved: number;
}

export const FUNNEL_STAGES = ['opened', 'diagnosed', 'itinerary-designed', 'agreement-signed', 'in-progress', 'completed', 'ordinary-labour-market'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

const threeSignatures = (c: CaseFacts) => Object.values(c.agreements).some((parties) => ['company', 'person', 'social-services'].every((p) => parties.includes(p)));
const steps = (c: CaseFacts) => c.itinerary?.steps ?? [];
const stepOf = (c: CaseFacts, kind: string, what: 'planned' | 'started' | 'completed') =>
  steps(c).some((x) => x.kind === kind && (what === 'planned' || x[what]));

/**
 * Each stage from what happened to the case, never from a later stage: a case trained is
 * "in progress", not "agreement signed" (an agreement is with an insertion company, signed
 * by its three parties). Shared by the overall funnel and the paths' funnels.
 */
const REACHED = {
  opened: () => true, // every case of the programme (an enrolment can arrive before the opening)
  diagnosed: (c: CaseFacts) => !!c.diagnosis,
  'itinerary-designed': (c: CaseFacts) => !!c.itinerary,
  'agreement-signed': threeSignatures,
  'in-progress': (c: CaseFacts) =>
    (c.itinerary?.stepsStarted ?? 0) > 0 || Object.keys(c.trainings).length > 0 || Object.keys(c.placements).length > 0 || Object.keys(c.planContracts ?? {}).length > 0,
  'employment-plan-hired': (c: CaseFacts) =>
    Object.keys(c.planContracts ?? {}).length > 0 || c.contractsRegistered.some((k) => k.kind === 'employment-plan') || stepOf(c, 'employment-plan-contract', 'started'),
  'placement-started': (c: CaseFacts) => Object.keys(c.placements).length > 0 || stepOf(c, 'insertion-company-placement', 'started'),
  'training-started': (c: CaseFacts) => Object.keys(c.trainings).length > 0 || stepOf(c, 'training', 'started'),
  'training-completed': (c: CaseFacts) => Object.values(c.trainings).some((t) => t.completedOn) || stepOf(c, 'training', 'completed'),
  completed: (c: CaseFacts) => c.status === 'closed' || c.itinerary?.status === 'closed',
  'ordinary-labour-market': (c: CaseFacts) => !!c.ordinaryMarketOn,
} satisfies Record<string, (c: CaseFacts) => boolean>;
export type PathStage = keyof typeof REACHED;

const onEmploymentPlan = (c: CaseFacts) =>
  stepOf(c, 'employment-plan-contract', 'planned') || c.contractsRegistered.some((k) => k.kind === 'employment-plan') || Object.keys(c.planContracts ?? {}).length > 0 || (c.proposedForPlans ?? []).length > 0;
const onInsertionCompany = (c: CaseFacts) =>
  stepOf(c, 'insertion-company-placement', 'planned') || Object.keys(c.agreements).length > 0 || Object.keys(c.placements).length > 0 || c.contractsRegistered.some((k) => k.kind === 'insertion-company');
const onTraining = (c: CaseFacts) => stepOf(c, 'training', 'planned') || Object.keys(c.trainings).length > 0;

/**
 * The paths a case can take through a programme, each with its stages (docs/read-models.md).
 * A case is on a path if its itinerary, as it stands, plans that path's step or the path's
 * facts happened; a case that went through both employment paths counts in both.
 */
export const FUNNEL_PATHS = {
  /** Plan de Empleo: an employment-plan contract, hired by the municipal employment service. */
  'employment-plan': { on: onEmploymentPlan, stages: ['opened', 'diagnosed', 'itinerary-designed', 'employment-plan-hired', 'completed', 'ordinary-labour-market'] },
  'insertion-company': { on: onInsertionCompany, stages: ['opened', 'diagnosed', 'itinerary-designed', 'agreement-signed', 'placement-started', 'completed', 'ordinary-labour-market'] },
  'training-only': {
    on: (c: CaseFacts) => !onEmploymentPlan(c) && !onInsertionCompany(c) && onTraining(c),
    stages: ['opened', 'diagnosed', 'itinerary-designed', 'training-started', 'training-completed', 'completed', 'ordinary-labour-market'],
  },
  'other-itinerary': {
    on: (c: CaseFacts) => !onEmploymentPlan(c) && !onInsertionCompany(c) && !onTraining(c) && !!c.itinerary,
    stages: ['opened', 'diagnosed', 'itinerary-designed', 'in-progress', 'completed', 'ordinary-labour-market'],
  },
  'no-itinerary': {
    on: (c: CaseFacts) => !onEmploymentPlan(c) && !onInsertionCompany(c) && !onTraining(c) && !c.itinerary,
    stages: ['opened', 'diagnosed', 'completed', 'ordinary-labour-market'],
  },
} satisfies Record<string, { on: (c: CaseFacts) => boolean; stages: PathStage[] }>;
export type FunnelPath = keyof typeof FUNNEL_PATHS;

const funnelOf = <S extends PathStage>(cases: CaseFacts[], stages: readonly S[]) => stages.map((stage) => ({ stage, reached: cases.filter(REACHED[stage]).length }));

export const AGE_BANDS = ['under-25', '25-34', '35-44', '45-54', '55-and-over'] as const;

export function ageBand(birthYear: number | undefined, onDate: string): string {
  if (!birthYear) return 'unknown';
  const age = Number(onDate.slice(0, 4)) - birthYear;
  return age < 25 ? 'under-25' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : '55-and-over';
}

/** The furthest stage (in the funnel's order) a case reached: the last stage of FUNNEL_STAGES that happened to it. */
export function stageOf(c: CaseFacts): FunnelStage {
  return [...FUNNEL_STAGES].reverse().find((stage) => REACHED[stage](c)) ?? 'opened';
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
  const planContracts = cases.flatMap((c) => Object.values(c.planContracts ?? {}).map((k) => ({ c, k })));
  const planStarted = planContracts.filter(({ k }) => inPeriod(k.startedOn, scope));
  const planEnded = planContracts.filter(({ k }) => inPeriod(k.endedOn, scope));
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

  const byLine = Object.fromEntries(INTERVENTION_LINES.map((line) => [line, lineFigures(cases, line, scope)])) as Record<InterventionLine, LineFigures>;

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
    funnel: funnelOf(cases, FUNNEL_STAGES),
    paths: (Object.entries(FUNNEL_PATHS) as [FunnelPath, (typeof FUNNEL_PATHS)[FunnelPath]][])
      .map(([path, { on, stages: pathStages }]) => ({ path, members: cases.filter(on), stages: pathStages as readonly PathStage[] }))
      .filter(({ members }) => members.length > 0)
      .map(({ path, members, stages: pathStages }) => ({ path, cases: members.length, funnel: funnelOf(members, pathStages) })),
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
    planContracts: {
      people: new Set(planStarted.map(({ c }) => c.caseId)).size,
      started: planStarted.length,
      ended: planEnded.length,
      byEndReason: tally(planEnded.map(({ k }) => k.endReason ?? 'unknown')),
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
    byLine,
    households: {
      units: new Set(attended.map(householdUnit)).size,
      registered: new Set(attended.filter((c) => c.householdId).map((c) => c.householdId)).size,
      peopleInRegistered: attended.filter((c) => c.householdId).length,
      peopleWithoutHousehold: attended.filter((c) => !c.householdId).length,
    },
    proactive: proactiveFigures(attended, scope),
  };
}

/** PACT figures: each case's current risk band, the proposals recorded and answered in the period, the referrals accepted in it. */
function proactiveFigures(attended: CaseFacts[], scope: ReportScope): Indicators['proactive'] {
  const proposals = attended.flatMap((c) => Object.values(c.proposals ?? {}));
  const recorded = proposals.filter((p) => inPeriod(p.proposedOn, scope));
  const referred = attended.filter((c) => c.referredBy && inPeriod(c.referredBy.acceptedOn, scope));
  return {
    byBand: tally(attended.filter((c) => c.status === 'open' && c.risk).map((c) => c.risk!.band)),
    proposals: {
      recorded: recorded.length,
      byKind: tally(recorded.map((p) => p.kind)),
      accepted: proposals.filter((p) => p.answer === 'accepted' && inPeriod(p.answeredOn, scope)).length,
      dismissed: proposals.filter((p) => p.answer === 'dismissed' && inPeriod(p.answeredOn, scope)).length,
      unanswered: recorded.filter((p) => !p.answer).length,
    },
    referralsAccepted: { total: referred.length, byReferringInstitution: tally(referred.map((c) => c.referredBy!.institutionId)) },
  };
}

/** The unit a person is counted in by household: their household, or themselves when none is recorded. */
const householdUnit = (c: CaseFacts) => (c.householdId ? `household:${c.householdId}` : `case:${c.caseId}`);

/** A line's figures: steps of the line as the itineraries stand; starts and completions dated in the period. */
function lineFigures(cases: CaseFacts[], line: string, scope: ReportScope): LineFigures {
  const ofLine = cases.map((c) => ({ c, steps: steps(c).filter((x) => x.line === line) })).filter(({ steps: s }) => s.length > 0);
  const achieved = ofLine.filter(({ steps: s }) => s.some((x) => x.completed && x.result === 'achieved' && inPeriod(x.completedOn, scope)));
  const all = ofLine.flatMap(({ steps: s }) => s);
  const completed = all.filter((x) => x.completed && inPeriod(x.completedOn, scope));
  return {
    people: ofLine.length,
    planned: all.length,
    started: all.filter((x) => x.started && inPeriod(x.startedOn ?? x.completedOn, scope)).length,
    completed: completed.length,
    byResult: tally(completed.map((x) => x.result ?? 'unrecorded')),
    peopleAchieved: achieved.length,
    byResponsibleInstitution: tally(all.map((x) => x.responsibleInstitution ?? 'unknown')),
    households: new Set(ofLine.map(({ c }) => householdUnit(c))).size,
    householdsAchieved: new Set(achieved.map(({ c }) => householdUnit(c))).size,
  };
}
