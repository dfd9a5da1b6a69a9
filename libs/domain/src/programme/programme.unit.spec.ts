import { meta, recorded, spec } from '../shared/given-when-then.testing';
import { decideProgramme, evolveProgramme, initialProgramme, ProgrammeCommand } from './programme';

const s = spec(evolveProgramme, initialProgramme, (c: ProgrammeCommand, st, m) => decideProgramme(c, st, m));
const delegation = meta('rd-albacete');
const created = recorded({ type: 'programme.created', data: { name: 'Plan de Empleo Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 900000 } }, 'rd-albacete');
const project = recorded({ type: 'programme.project-added', data: { projectId: 'pr-1', name: 'Cohort 1', runByInstitution: 'ss-albacete' } }, 'rd-albacete');

describe('a programme (regional delegation)', () => {
  it('refuses a period that ends before it starts', () =>
    s.given().when({ type: 'CreateProgramme', data: { name: 'x', periodStart: '2026-12-31', periodEnd: '2026-01-01', lines: ['employment'], budget: 1 } }, delegation).thenRejects('DATES.BACKWARDS'));

  it('enrols a case into a project once', () => {
    const data = { projectId: 'pr-1', caseId: 'case-1', enrolledOn: '2026-02-01' };
    s.given(created, project).when({ type: 'EnrolCase', data }, delegation).then({ type: 'programme.case-enrolled', data });
    s.given(created, project, recorded({ type: 'programme.case-enrolled', data }, 'rd-albacete')).when({ type: 'EnrolCase', data }, delegation).thenRejects('PROJECT.CASE_ALREADY_ENROLLED');
  });

  it('refuses enrolment into an unknown project', () =>
    s.given(created).when({ type: 'EnrolCase', data: { projectId: 'pr-9', caseId: 'c', enrolledOn: '2026-02-01' } }, delegation).thenRejects('PROJECT.NOT_FOUND'));

  it('is closed by its results meeting', () => {
    const results = recorded({ type: 'programme.results-meeting-held', data: { heldOn: '2026-12-20', summary: 's', improvements: [] } }, 'rd-albacete');
    s.given(created, project, results).when({ type: 'AddProject', data: { projectId: 'pr-2', name: 'late', runByInstitution: 'x' } }, delegation).thenRejects('PROGRAMME.CLOSED');
  });
});
