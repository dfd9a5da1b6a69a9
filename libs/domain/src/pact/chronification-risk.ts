import { RecordedEvent } from '../shared/decider';

/**
 * The risk of chronification (seeds/003, PACT: "calcular el riesgo de cronificación de las
 * situaciones personales y familiares a través de la determinación de los factores críticos
 * presentes en cada circunstancia: empleabilidad, tiempo de permanencia en atenciones,
 * resiliencia, estados vitales, aspectos de convivencia"). A transparent score from the
 * case's own facts, whatever programme the case is or is not enrolled in:
 *
 * - the multidimensional diagnosis (employability, resilience, life stage, family and
 *   coexistence, housing, health, education, income: each scored 0-10, some marked critical,
 *   plus named critical factors) raises it up to 70;
 * - the time in care (months since the case opened, "tiempo de permanencia en atenciones")
 *   raises it up to 20, reached at 36 months;
 * - incidents during the itinerary (each, more when severe, more while unresolved) raise it
 *   up to 20.
 *
 * Bands: high from 60, medium from 35, low below. Every score carries the formula's name,
 * version and text, its components and its inputs, so a score can be explained and
 * recomputed years later even after the formula changes. One definition: social services
 * compute it for the case they own (GET /cases/:caseId/risk, the reaction that records band
 * changes) and the delegation's read models for every case of the network log.
 */
export const RISK_FORMULA = {
  name: 'pact-chronification',
  version: 1,
  text: [
    'diagnosis = min(40, 4 * mean(dimension scores 0-10)) + min(20, 5 * critical dimensions) + min(10, 2 * critical factors)',
    'timeInCare = 20 * min(36, whole months from case opening to asOf) / 36',
    'incidents = min(20, sum over incidents of (3 + 3 if severity high + 2 if not resolved))',
    'score = round(diagnosis + timeInCare + incidents); band = high if score >= 60, medium if >= 35, else low',
  ].join('; '),
} as const;

export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The thresholds of the bands: a score at or above `from` is in the band. */
export const RISK_THRESHOLDS: { band: RiskBand; from: number }[] = [
  { band: 'high', from: 60 },
  { band: 'medium', from: 35 },
  { band: 'low', from: 0 },
];

export const bandOf = (score: number): RiskBand => RISK_THRESHOLDS.find((t) => score >= t.from)!.band;
export const bandRank = (band: RiskBand): number => RISK_BANDS.indexOf(band);

export interface RiskScore {
  formula: string;
  version: number;
  definition: string;
  score: number;
  band: RiskBand;
  asOf: string;
  components: { diagnosis: number; timeInCare: number; incidents: number };
  inputs: { diagnosed: boolean; meanDimensionScore: number; criticalDimensions: number; criticalFactors: number; monthsInCare: number; incidents: number; highSeverityIncidents: number; unresolvedIncidents: number };
}

/** The facts the risk reads (the delegation's case facts carry the same fields). */
export interface RiskInputs {
  openedOn?: string;
  diagnosis?: { diagnosedOn: string; dimensions: { dimension: string; score: number; critical: boolean }[]; criticalFactors: number };
  incidents: Record<string, { severity: string; resolvedOn?: string }>;
}

export const initialRiskInputs = (): RiskInputs => ({ incidents: {} });

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Folds the facts the risk reads from a case's events (own and received), as the delegation's case facts do. */
export function evolveRiskInputs(inputs: RiskInputs, event: Pick<RecordedEvent, 'type' | 'data' | 'occurredAt'>): RiskInputs {
  const d = event.data as D;
  const incident = (id: string, change: D) => ({ ...inputs, incidents: { ...inputs.incidents, [id]: { ...(inputs.incidents[id] ?? { severity: 'low' }), ...change } } });
  switch (event.type) {
    case 'case.opened':
      return { ...inputs, openedOn: d.openedOn ?? event.occurredAt.slice(0, 10) };
    case 'case.diagnosis-recorded':
      return {
        ...inputs,
        diagnosis: { diagnosedOn: d.diagnosedOn, dimensions: (d.dimensions ?? []).map((x: D) => ({ dimension: x.dimension, score: x.score, critical: x.critical })), criticalFactors: (d.criticalFactors ?? []).length },
      };
    case 'incident.reported':
      return incident(d.incidentId, { severity: d.severity });
    case 'incident.follow-up-opened':
      return incident(d.incidentId, { severity: d.severity ?? inputs.incidents[d.incidentId]?.severity });
    case 'incident.resolved':
      return incident(d.incidentId, { resolvedOn: d.resolvedOn });
    default:
      return inputs;
  }
}

/** Event types that change the risk's inputs: a band can change only with one of them (or with time in care). */
export const RISK_INPUT_EVENTS = ['case.opened', 'case.diagnosis-recorded', 'incident.follow-up-opened', 'incident.resolved'];

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Whole months between two ISO dates (0 when the second is earlier). */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.slice(0, 10).split('-').map(Number);
  const [ty, tm, td] = to.slice(0, 10).split('-').map(Number);
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

export function chronificationRisk<I extends RiskInputs>(facts: I, asOf: string): RiskScore {
  const dimensions = facts.diagnosis?.dimensions ?? [];
  const meanDimensionScore = dimensions.length ? dimensions.reduce((sum, d) => sum + d.score, 0) / dimensions.length : 0;
  const criticalDimensions = dimensions.filter((d) => d.critical).length;
  const criticalFactors = facts.diagnosis?.criticalFactors ?? 0;
  const diagnosis = Math.min(40, 4 * meanDimensionScore) + Math.min(20, 5 * criticalDimensions) + Math.min(10, 2 * criticalFactors);

  const monthsInCare = facts.openedOn ? wholeMonthsBetween(facts.openedOn, asOf) : 0;
  const timeInCare = (20 * Math.min(36, monthsInCare)) / 36;

  const incidents = Object.values(facts.incidents);
  const highSeverityIncidents = incidents.filter((i) => i.severity === 'high').length;
  const unresolvedIncidents = incidents.filter((i) => !i.resolvedOn).length;
  const incidentPoints = Math.min(20, incidents.length * 3 + highSeverityIncidents * 3 + unresolvedIncidents * 2);

  const score = Math.round(diagnosis + timeInCare + incidentPoints);
  return {
    formula: RISK_FORMULA.name,
    version: RISK_FORMULA.version,
    definition: RISK_FORMULA.text,
    score,
    band: bandOf(score),
    asOf,
    components: { diagnosis: round1(diagnosis), timeInCare: round1(timeInCare), incidents: incidentPoints },
    inputs: {
      diagnosed: Boolean(facts.diagnosis),
      meanDimensionScore: round1(meanDimensionScore),
      criticalDimensions,
      criticalFactors,
      monthsInCare,
      incidents: incidents.length,
      highSeverityIncidents,
      unresolvedIncidents,
    },
  };
}
