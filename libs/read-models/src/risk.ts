import type { CaseFacts } from './case-facts';

/**
 * Risk of chronification (PACT: detect people at risk of chronic exclusion before it gets
 * worse). A transparent score from 0 to 100, the sum of three capped components, recomputed
 * whenever an event about the case arrives, as of that event's recording time. Every stored
 * score carries the formula's name, version and text, and the inputs it used, so a score can
 * be explained and recomputed years later even after the formula changes.
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

export interface RiskScore {
  formula: string;
  version: number;
  definition: string;
  score: number;
  band: 'low' | 'medium' | 'high';
  asOf: string;
  components: { diagnosis: number; timeInCare: number; incidents: number };
  inputs: { diagnosed: boolean; meanDimensionScore: number; criticalDimensions: number; criticalFactors: number; monthsInCare: number; incidents: number; highSeverityIncidents: number; unresolvedIncidents: number };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Whole months between two ISO dates (0 when the second is earlier). */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.slice(0, 10).split('-').map(Number);
  const [ty, tm, td] = to.slice(0, 10).split('-').map(Number);
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

export function chronificationRisk(facts: Pick<CaseFacts, 'diagnosis' | 'openedOn' | 'incidents'>, asOf: string): RiskScore {
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
    band: score >= 60 ? 'high' : score >= 35 ? 'medium' : 'low',
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
