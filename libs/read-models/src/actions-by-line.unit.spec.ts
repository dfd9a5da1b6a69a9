import { computeIndicators } from './indicators';
import { replay } from './projections';
import { ScenarioBuilder, modelOf } from './testing/scenario';

/** Itinerary actions by line of intervention (docs/read-models.md "Actions by line"). */
describe('indicators: actions by line', () => {
  const SS = 'ss-a', EO = 'eo-a', NGO = 'ngo-a', RD = 'rd-a';
  const programmeId = 'pg-lines';
  const step = (stepId: string, kind: string, responsibleInstitution: string) => ({ stepId, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-06-30' });

  function scenario() {
    const b = new ScenarioBuilder('2026-01-05T08:00:00Z');
    b.add('programme.created', RD, { programmeId }, { name: 'Lines', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment', 'housing'], budget: 1 });
    const open = (caseId: string, steps: ReturnType<typeof step>[]) => {
      b.add('programme.case-enrolled', RD, { programmeId, caseId }, { projectId: 'pj', caseId, enrolledOn: '2026-01-05' });
      b.add('case.opened', SS, { caseId }, { personId: `p-${caseId}`, municipality: 'A', gender: 'female', birthYear: 1985, incidenceGroups: [], openedOn: '2026-01-05' });
      b.add('itinerary.designed', SS, { caseId }, { itineraryId: `it-${caseId}`, steps });
    };
    const progress = (caseId: string, stepId: string, by: string, completed?: { on: string; result?: string }) => {
      b.add('itinerary.step-started', by, { caseId, streamId: `steps-${caseId}` }, { itineraryId: `it-${caseId}`, stepId, startedOn: '2026-02-01' });
      if (completed) b.add('itinerary.step-completed', by, { caseId, streamId: `steps-${caseId}` }, { itineraryId: `it-${caseId}`, stepId, completedOn: completed.on, ...(completed.result ? { result: completed.result } : {}) });
    };
    open('c1', [step('home', 'housing-access', SS), step('papers', 'regularisation', NGO), step('training', 'training', EO)]);
    progress('c1', 'home', SS, { on: '2026-04-01', result: 'achieved' });
    progress('c1', 'papers', NGO, { on: '2026-05-01', result: 'partly-achieved' });
    open('c2', [step('home', 'housing-access', SS), step('health', 'health-resources', SS)]);
    progress('c2', 'home', SS, { on: '2026-04-15', result: 'not-achieved' });
    // Someone else's word about a step counts for nothing: the NGO is not responsible for c2's health step.
    b.add('itinerary.step-completed', NGO, { caseId: 'c2', streamId: 'steps-c2' }, { itineraryId: 'it-c2', stepId: 'health', completedOn: '2026-04-20', result: 'achieved' });
    // c1 and c2 live together: one household (recorded by the owner of their cases); a stranger's word links nothing.
    b.add('household.registered', SS, { streamId: 'household-hh-1' }, { municipality: 'A', registeredOn: '2026-01-05', referencePersonId: 'p-c1' });
    b.add('household.member-added', SS, { caseId: 'c1', streamId: 'household-hh-1' }, { personId: 'p-c1', relationship: 'reference-person', joinedOn: '2026-01-05', caseId: 'c1' });
    b.add('household.member-added', SS, { caseId: 'c2', streamId: 'household-hh-1' }, { personId: 'p-c2', relationship: 'partner', joinedOn: '2026-01-05', caseId: 'c2' });
    b.add('household.member-added', NGO, { caseId: 'c3', streamId: 'household-hh-9' }, { personId: 'p-c3', relationship: 'child', joinedOn: '2026-01-05', caseId: 'c3' });
    open('c3', [step('mediation', 'socio-family-mediation', SS), step('school', 'school-absenteeism', SS)]);
    progress('c3', 'mediation', SS, { on: '2027-01-10', result: 'achieved' }); // completed after the period asked below
    progress('c3', 'school', SS, { on: '2026-03-01' }); // a legacy (v1) completion: no result
    return b;
  }

  it('counts people, steps, starts, completions and results by line, only from the responsible institution', () => {
    const { byLine } = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId, from: '2026-01-01', to: '2026-12-31' }, '2027-02-01T00:00:00Z');
    expect(byLine.housing).toEqual({ people: 2, planned: 2, started: 2, completed: 2, byResult: { achieved: 1, 'not-achieved': 1 }, peopleAchieved: 1, byResponsibleInstitution: { [SS]: 2 }, households: 1, householdsAchieved: 1 });
    expect(byLine['intercultural-coexistence-and-participation']).toEqual({ people: 1, planned: 1, started: 1, completed: 1, byResult: { 'partly-achieved': 1 }, peopleAchieved: 0, byResponsibleInstitution: { [NGO]: 1 }, households: 1, householdsAchieved: 0 });
    expect(byLine.health).toEqual({ people: 1, planned: 1, started: 0, completed: 0, byResult: {}, peopleAchieved: 0, byResponsibleInstitution: { [SS]: 1 }, households: 1, householdsAchieved: 0 });
    expect(byLine['socio-family-mediation']).toMatchObject({ people: 1, planned: 1, started: 1, completed: 0, byResult: {} });
    expect(byLine['education-and-youth']).toMatchObject({ people: 1, completed: 1, byResult: { unrecorded: 1 }, peopleAchieved: 0 });
    expect(byLine.employment).toEqual({ people: 1, planned: 1, started: 0, completed: 0, byResult: {}, peopleAchieved: 0, byResponsibleInstitution: { [EO]: 1 }, households: 1, householdsAchieved: 0 });
  });

  it('counts by household as well as by person: c1 and c2 are one household, c3 (linked by a stranger) a household of one', () => {
    const indicators = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId }, '2027-02-01T00:00:00Z');
    expect(indicators.households).toEqual({ units: 2, registered: 1, peopleInRegistered: 2, peopleWithoutHousehold: 1 });
    // Two people with a housing step, one household; the achieved one counts its household.
    expect(indicators.byLine.housing).toMatchObject({ people: 2, households: 1, peopleAchieved: 1, householdsAchieved: 1 });
  });

  it('dates each start and completion: the next year counts the mediation completed then', () => {
    const { byLine } = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId, from: '2027-01-01', to: '2027-12-31' }, '2027-12-31T00:00:00Z');
    expect(byLine['socio-family-mediation']).toMatchObject({ people: 1, started: 0, completed: 1, byResult: { achieved: 1 }, peopleAchieved: 1 });
    expect(byLine.housing).toMatchObject({ people: 2, completed: 0, byResult: {} });
  });

  it('shows all six lines, with zeros, when no case has a step', () => {
    const b = new ScenarioBuilder();
    b.add('programme.created', RD, { programmeId }, { name: 'Empty', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1 });
    const { byLine } = computeIndicators(modelOf(replay(b.events), programmeId), { programmeId }, '2026-12-31T00:00:00Z');
    expect(Object.keys(byLine)).toEqual(['employment', 'housing', 'education-and-youth', 'intercultural-coexistence-and-participation', 'socio-family-mediation', 'health']);
    expect(Object.values(byLine).every((l) => l.people === 0 && l.planned === 0)).toBe(true);
  });
});
