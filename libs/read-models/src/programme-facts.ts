import { EventEnvelope } from '@inclusion/contracts';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A programme as the indicators need it: name, period, projects and who runs them. */
export interface ProgrammeFacts {
  programmeId: string;
  name?: string;
  periodStart?: string;
  periodEnd?: string;
  createdBy?: string;
  projects: Record<string, { name: string; runByInstitution: string }>;
  resultsMeetingOn?: string;
}

export const initialProgrammeFacts = (programmeId: string): ProgrammeFacts => ({ programmeId, projects: {} });

export const programmeOf = (event: EventEnvelope): string | null => (event.type.startsWith('programme.') ? event.programmeId : null);

export function evolveProgrammeFacts(facts: ProgrammeFacts, event: EventEnvelope): ProgrammeFacts {
  const d = event.payload as D;
  switch (event.type) {
    case 'programme.created':
      return { ...facts, name: d.name, periodStart: d.periodStart, periodEnd: d.periodEnd, createdBy: event.institutionId };
    case 'programme.project-added':
      return { ...facts, projects: { ...facts.projects, [d.projectId]: { name: d.name, runByInstitution: d.runByInstitution } } };
    case 'programme.results-meeting-held':
      return { ...facts, resultsMeetingOn: d.heldOn ?? event.occurredAt.slice(0, 10) };
    default:
      return facts;
  }
}
