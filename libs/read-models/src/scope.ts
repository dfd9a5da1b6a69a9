import { takesPart } from '@inclusion/domain';
import type { CaseFacts } from './case-facts';
import type { ProgrammeFacts } from './programme-facts';
import type { TableFacts } from './table-facts';

/** What a report is about: a programme, optionally one project, one institution, one period (inclusive ISO dates). */
export interface ReportScope {
  programmeId: string;
  projectId?: string;
  institutionId?: string;
  from?: string;
  to?: string;
}

export interface ProgrammeReadModel {
  programme: ProgrammeFacts;
  /** The facts of every case enrolled in the programme. */
  cases: CaseFacts[];
  /** Every table the network knows of (the scope picks the programme's). */
  tables: TableFacts[];
}

export const inPeriod = (date: string | undefined, scope: Pick<ReportScope, 'from' | 'to'>): date is string =>
  Boolean(date) && (!scope.from || date!.slice(0, 10) >= scope.from.slice(0, 10)) && (!scope.to || date!.slice(0, 10) <= scope.to.slice(0, 10));

/** The cases a report counts: enrolled in the programme (and project), with the institution taking part. */
export function casesInScope(model: ProgrammeReadModel, scope: ReportScope): CaseFacts[] {
  return model.cases
    .filter((c) => c.programmeId === scope.programmeId)
    .filter((c) => !scope.projectId || c.projectId === scope.projectId)
    .filter((c) => !scope.institutionId || takesPart(c, scope.institutionId))
    .sort((a, b) => a.caseId.localeCompare(b.caseId));
}

/** The tables of the programme: its programme tables, its projects' tables and its cases' tables. */
export function tablesInScope(model: ProgrammeReadModel, scope: ReportScope, cases: CaseFacts[]): TableFacts[] {
  const projects = new Set(Object.keys(model.programme.projects).filter((p) => !scope.projectId || p === scope.projectId));
  const caseIds = new Set(cases.map((c) => c.caseId));
  return model.tables
    .filter(
      (t) =>
        (t.level === 'programme' && t.scopeId === scope.programmeId && !scope.projectId) ||
        (t.level === 'project' && t.scopeId !== undefined && projects.has(t.scopeId)) ||
        (t.level === 'case' && t.scopeId !== undefined && caseIds.has(t.scopeId)),
    )
    .filter((t) => !scope.institutionId || t.members.includes(scope.institutionId) || t.keptBy === scope.institutionId)
    .sort((a, b) => a.tableId.localeCompare(b.tableId));
}
