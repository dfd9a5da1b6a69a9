import { actionCompletedOnTime, actionOverdue } from './table-facts';
import type { CaseFacts } from './case-facts';
import { casesInScope, inPeriod, ProgrammeReadModel, ReportScope, tablesInScope } from './scope';

/**
 * Evaluation cuts (the Ingenio practice): rules over the streams, each with a written
 * definition and a parameter, evaluated as of a moment for a programme, per institution and
 * period, listing the offending cases. The institution a finding belongs to is the one the
 * rule makes responsible (the case's social services, the placement's company, the action's owner).
 */
export interface ComplianceParameters {
  technicianWithinDays: number;
  diagnosisWithinDays: number;
  followUpEveryDays: number;
  acknowledgeWithinHours: number;
}

export const DEFAULT_COMPLIANCE_PARAMETERS: ComplianceParameters = { technicianWithinDays: 15, diagnosisWithinDays: 30, followUpEveryDays: 30, acknowledgeWithinHours: 48 };

export const COMPLIANCE_RULES = [
  { id: 'case.reference-technician', parameter: 'technicianWithinDays', definition: 'Every case open in the period has a reference technician assigned within N days of its opening (both as recorded).' },
  { id: 'case.diagnosis', parameter: 'diagnosisWithinDays', definition: 'Every case open in the period has its multidimensional diagnosis recorded within N days of its opening.' },
  { id: 'placement.follow-up-rhythm', parameter: 'followUpEveryDays', definition: 'Every placement active in the period has a follow-up meeting with the tutor at least every N days, from the contract start until it ends (or the evaluation moment).' },
  { id: 'incident.acknowledgement', parameter: 'acknowledgeWithinHours', definition: 'Every incident reported in the period is acknowledged by the reference technician within N hours of being recorded.' },
  { id: 'table.action-on-time', parameter: null, definition: 'Every follow-up action of a table due in the period is completed by its due date.' },
] as const;

export type ComplianceRuleId = (typeof COMPLIANCE_RULES)[number]['id'];

export interface Finding {
  rule: ComplianceRuleId;
  institutionId: string;
  /** The offending case (or, for table actions, the table's case if any). */
  caseId: string | null;
  subject: string;
  compliant: boolean;
  detail: string;
}

export interface ComplianceReport {
  scope: ReportScope;
  asOf: string;
  parameters: ComplianceParameters;
  rules: {
    id: ComplianceRuleId;
    definition: string;
    parameter: { name: string; value: number } | null;
    checked: number;
    compliant: number;
    byInstitution: { institutionId: string; checked: number; compliant: number; offending: { caseId: string | null; subject: string; detail: string }[] }[];
  }[];
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.floor((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / DAY);
const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const openIn = (c: CaseFacts, scope: ReportScope, asOf: string) =>
  Boolean(c.openedOn) && c.openedOn! <= (scope.to ?? asOf.slice(0, 10)) && (!c.closedOn || !scope.from || c.closedOn >= scope.from);

/**
 * Days from `from` to `doneOn` against the limit. Dated facts (a diagnosis date) are held
 * against the case's opening date; facts with no date of their own (a technician assignment)
 * against the time the opening was recorded, so backdated openings compare like with like.
 */
function withinDays(rule: ComplianceRuleId, c: CaseFacts, from: string | undefined, doneOn: string | undefined, limit: number, asOf: string, what: string): Finding | null {
  if (!from || from.slice(0, 10) > asOf.slice(0, 10)) return null;
  const base = { rule, institutionId: c.openedBy ?? 'unknown', caseId: c.caseId, subject: c.caseId };
  if (doneOn) {
    const took = days(from, doneOn);
    return { ...base, compliant: took <= limit, detail: took <= limit ? `${what} after ${took} day(s)` : `${what} after ${took} day(s), more than ${limit}` };
  }
  const waited = days(from, asOf);
  if (waited <= limit) return null; // not due yet: neither compliant nor not
  return { ...base, compliant: false, detail: `no ${what} ${waited} day(s) after opening (limit ${limit})` };
}

function followUpFindings(c: CaseFacts, scope: ReportScope, asOf: string, every: number): Finding[] {
  const findings: Finding[] = [];
  for (const [placementId, p] of Object.entries(c.placements)) {
    const until = p.endedOn && p.endedOn < asOf.slice(0, 10) ? p.endedOn : asOf.slice(0, 10);
    const activeInPeriod = p.startedOn <= (scope.to ?? until) && (!scope.from || until >= scope.from);
    if (!activeInPeriod || p.startedOn > until) continue;
    const marks = [p.startedOn, ...p.followUps.filter((d) => d <= until), until];
    let longest = 0;
    let gapEnd = until;
    for (let i = 1; i < marks.length; i++) {
      const gap = days(marks[i - 1], marks[i]);
      if (gap > longest) [longest, gapEnd] = [gap, marks[i]];
    }
    const compliant = longest <= every;
    findings.push({
      rule: 'placement.follow-up-rhythm',
      institutionId: p.company,
      caseId: c.caseId,
      subject: placementId,
      compliant,
      detail: compliant ? `${p.followUps.length} follow-up(s), longest gap ${longest} day(s)` : `${longest} day(s) without a follow-up meeting until ${gapEnd} (limit ${every})`,
    });
  }
  return findings;
}

function acknowledgementFindings(c: CaseFacts, scope: ReportScope, asOf: string, limit: number): Finding[] {
  const findings: Finding[] = [];
  for (const [incidentId, i] of Object.entries(c.incidents)) {
    if (!i.reportedAt || !inPeriod(i.reportedAt, scope) || i.reportedAt > asOf) continue;
    const base = { rule: 'incident.acknowledgement' as const, institutionId: c.openedBy ?? 'unknown', caseId: c.caseId, subject: incidentId };
    if (i.acknowledgedAt) {
      const took = Math.round(hours(i.reportedAt, i.acknowledgedAt) * 10) / 10;
      findings.push({ ...base, compliant: took <= limit, detail: `acknowledged after ${took} hour(s)${took <= limit ? '' : `, more than ${limit}`}` });
    } else if (hours(i.reportedAt, asOf) > limit) {
      findings.push({ ...base, compliant: false, detail: `not acknowledged ${Math.round(hours(i.reportedAt, asOf))} hour(s) after it was reported (limit ${limit})` });
    }
  }
  return findings;
}

/** Evaluates every rule for the programme's cases and tables, as of `asOf` (ISO date-time). */
export function evaluateCompliance(model: ProgrammeReadModel, scope: ReportScope, asOf: string, parameters: ComplianceParameters = DEFAULT_COMPLIANCE_PARAMETERS): ComplianceReport {
  const all = casesInScope(model, { ...scope, institutionId: undefined });
  const open = all.filter((c) => openIn(c, scope, asOf));
  const findings: Finding[] = [
    ...open.map((c) => withinDays('case.reference-technician', c, c.openedAt ?? c.openedOn, c.referenceTechnicianSince, parameters.technicianWithinDays, asOf, 'reference technician')),
    ...open.map((c) => withinDays('case.diagnosis', c, c.openedOn, c.diagnosis?.diagnosedOn, parameters.diagnosisWithinDays, asOf, 'diagnosis')),
    ...all.flatMap((c) => followUpFindings(c, scope, asOf, parameters.followUpEveryDays)),
    ...all.flatMap((c) => acknowledgementFindings(c, scope, asOf, parameters.acknowledgeWithinHours)),
    ...tablesInScope(model, { ...scope, institutionId: undefined }, all).flatMap((t) =>
      Object.entries(t.actions)
        .filter(([, a]) => inPeriod(a.dueOn, scope) && (a.completedOn !== undefined || actionOverdue(a, asOf)))
        .map(([actionId, a]): Finding => {
          const compliant = actionCompletedOnTime(a);
          return {
            rule: 'table.action-on-time',
            institutionId: a.ownerInstitution,
            caseId: t.level === 'case' ? (t.scopeId ?? null) : null,
            subject: `${t.tableId}/${actionId}`,
            compliant,
            detail: a.completedOn ? `completed ${a.completedOn}, due ${a.dueOn}` : `not completed, due ${a.dueOn}`,
          };
        }),
    ),
  ].filter((f): f is Finding => f !== null && (!scope.institutionId || f.institutionId === scope.institutionId));

  return {
    scope,
    asOf,
    parameters,
    rules: COMPLIANCE_RULES.map((rule) => {
      const mine = findings.filter((f) => f.rule === rule.id);
      const institutions = [...new Set(mine.map((f) => f.institutionId))].sort();
      return {
        id: rule.id,
        definition: rule.definition,
        parameter: rule.parameter ? { name: rule.parameter, value: parameters[rule.parameter] } : null,
        checked: mine.length,
        compliant: mine.filter((f) => f.compliant).length,
        byInstitution: institutions.map((institutionId) => {
          const theirs = mine.filter((f) => f.institutionId === institutionId);
          return {
            institutionId,
            checked: theirs.length,
            compliant: theirs.filter((f) => f.compliant).length,
            offending: theirs.filter((f) => !f.compliant).map(({ caseId, subject, detail }) => ({ caseId, subject, detail })),
          };
        }),
      };
    }),
  };
}

/**
 * The report as a reader may see it: the offending cases a consent withdrawal hides from the
 * reader are counted but not named (their case id and subject read as withheld).
 */
export function withholdCases(report: ComplianceReport, hidden: (caseId: string) => boolean): ComplianceReport {
  const shown = (entry: { caseId: string | null; subject: string; detail: string }) =>
    entry.caseId && hidden(entry.caseId) ? { caseId: null, subject: 'withheld', detail: 'the person withdrew their consent to share this case with the reader for this purpose' } : entry;
  return { ...report, rules: report.rules.map((rule) => ({ ...rule, byInstitution: rule.byInstitution.map((i) => ({ ...i, offending: i.offending.map(shown) })) })) };
}
