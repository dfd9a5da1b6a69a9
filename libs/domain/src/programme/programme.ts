import { CaseEnrolledV1, ProgrammeCreatedV1, ProjectAddedV1, ResultsMeetingHeldV1 } from '@inclusion/contracts';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/** A programme of the regional delegation with its projects (stream programme-<programmeId>). */
export interface ProgrammeState {
  status: 'none' | 'running' | 'closed';
  /** The delegation that created the programme: only it records on it. */
  createdBy?: string;
  periodStart?: string;
  periodEnd?: string;
  projects: Record<string, { runByInstitution: string; cases: string[] }>;
}

export const initialProgramme = (): ProgrammeState => ({ status: 'none', projects: {} });

export type ProgrammeCommand =
  | { type: 'CreateProgramme'; data: ProgrammeCreatedV1 }
  | { type: 'AddProject'; data: ProjectAddedV1 }
  | { type: 'EnrolCase'; data: CaseEnrolledV1 }
  | { type: 'HoldResultsMeeting'; data: ResultsMeetingHeldV1 };

type D = Record<string, string>;

export function evolveProgramme(state: ProgrammeState, event: RecordedEvent): ProgrammeState {
  const d = event.data as D;
  switch (event.type) {
    case 'programme.created':
      return { ...state, status: 'running', createdBy: event.institutionId, periodStart: d.periodStart, periodEnd: d.periodEnd };
    case 'programme.project-added':
      return { ...state, projects: { ...state.projects, [d.projectId]: { runByInstitution: d.runByInstitution, cases: [] } } };
    case 'programme.case-enrolled': {
      const project = state.projects[d.projectId];
      return project ? { ...state, projects: { ...state.projects, [d.projectId]: { ...project, cases: [...project.cases, d.caseId] } } } : state;
    }
    case 'programme.results-meeting-held':
      return { ...state, status: 'closed' };
    default:
      return state;
  }
}

function running(state: ProgrammeState) {
  if (state.status === 'none') throw notFound('PROGRAMME.NOT_FOUND', 'the programme does not exist');
  if (state.status === 'closed') throw rule('PROGRAMME.CLOSED', 'the programme held its results meeting and is closed');
}

export function decideProgramme(command: ProgrammeCommand, state: ProgrammeState, _meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'CreateProgramme':
      if (state.status !== 'none') throw rule('PROGRAMME.ALREADY_EXISTS', 'the programme already exists');
      notBefore(command.data.periodEnd, command.data.periodStart, 'DATES.BACKWARDS', 'the programme ends before it starts');
      return [event('programme.created', command.data)];
    case 'AddProject':
      running(state);
      if (state.projects[command.data.projectId]) throw rule('PROJECT.ALREADY_EXISTS', `project ${command.data.projectId} already exists`);
      return [event('programme.project-added', command.data)];
    case 'EnrolCase': {
      running(state);
      const project = state.projects[command.data.projectId];
      if (!project) throw notFound('PROJECT.NOT_FOUND', `the programme has no project ${command.data.projectId}`);
      if (project.cases.includes(command.data.caseId)) throw rule('PROJECT.CASE_ALREADY_ENROLLED', `case ${command.data.caseId} is already enrolled in ${command.data.projectId}`);
      notBefore(command.data.enrolledOn, state.periodStart!, 'DATES.BACKWARDS', 'the enrolment predates the programme');
      return [event('programme.case-enrolled', command.data)];
    }
    case 'HoldResultsMeeting':
      running(state);
      notBefore(command.data.heldOn, state.periodStart!, 'DATES.BACKWARDS', 'the results meeting predates the programme');
      return [event('programme.results-meeting-held', command.data)];
  }
}
