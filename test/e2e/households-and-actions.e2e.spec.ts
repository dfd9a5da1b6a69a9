import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceName, TestNetwork } from '../support/service-process';

/**
 * Households and itinerary actions beyond employment (issue 16, seeds/000 and 003), across
 * three services through Kafka: social services register a household and link the person's
 * case, design an itinerary with a regularisation step for a third-sector entity (hosted by
 * the insertion-company service) and a socio-family mediation step of their own; the entity
 * records its result at its own service, the owner sees it in the case, and the delegation's
 * indicators count it by line and by household.
 */
describe('households and non-employment actions, end to end', () => {
  const names: ServiceName[] = ['social-services', 'insertion-company', 'regional-delegation'];
  let network: TestNetwork<ServiceName>;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  // ei-other stands for a third-sector entity (Entidad de Iniciativa Social) of the insertion-company kind, hosted by that service (DOMAIN.md).
  const SS = 'ss-albacete', NGO = 'ei-other', RD = 'rd-albacete';
  let ss: ReturnType<typeof client>, ngo: ReturnType<typeof client>, rd: ReturnType<typeof client>, supervisor: ReturnType<typeof client>, hellin: ReturnType<typeof client>;

  beforeAll(async () => {
    network = await TestNetwork.start(names, 'hh');
    const s = network.services;
    ss = client(s['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    hellin = client(s['social-services'], { institutionId: 'ss-hellin', userId: 'tech-jon', role: 'technician' });
    ngo = client(s['insertion-company'], { institutionId: NGO, userId: 'med-sara', role: 'technician' });
    rd = client(s['regional-delegation'], { institutionId: RD, userId: 'coord-rosa', role: 'coordinator' });
    supervisor = client(s['regional-delegation'], { institutionId: RD, userId: 'sup-marta', role: 'supervisor' });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  it('the responsible institution records the result at its own service, the owner sees it, the indicators count it by line and by household', async () => {
    const programmeId = id('plis'), caseId = id('case-amina'), personId = id('p-amina'), householdId = id('hh');
    const itineraryId = `it-${caseId}`;
    await rd.ok('/programmes', { programmeId, name: 'Plan Local de Integración', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['intercultural-coexistence-and-participation', 'socio-family-mediation'], budget: 1000 });
    await rd.ok(`/programmes/${programmeId}/projects`, { projectId: 'pj', name: 'Families', runByInstitution: SS, line: 'socio-family-mediation' });
    await ss.ok('/cases', { caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1988, incidenceGroups: ['migrant'], openedOn: '2026-01-10' });

    // The household: registered with the person, a child without a case; bad input names every problem; a stranger is refused.
    const bad = await ss.post('/households', { householdId: 'no good', municipality: '', registeredOn: '2026-13-01', referencePersonId: personId });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['householdId', 'municipality', 'registeredOn']);
    await ss.ok('/households', { householdId, municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: personId, address: 'c/ Mayor 1' });
    await ss.ok(`/households/${householdId}/members`, { personId: id('p-child'), relationship: 'child', joinedOn: '2026-01-10', details: 'Yusuf, 9' });
    await ss.ok(`/households/${householdId}/case-links`, { personId, caseId, linkedOn: '2026-01-11' });
    expect((await hellin.post(`/households/${householdId}/members`, { personId: id('p-x'), relationship: 'other', joinedOn: '2026-01-12' })).status).toBe(403);
    expect((await hellin.get(`/households/${householdId}`)).status).toBe(403);
    const household = (await ss.get(`/households/${householdId}`)).body;
    expect(household.state.members).toEqual([
      { personId, relationship: 'reference-person', joinedOn: '2026-01-10', caseId },
      { personId: id('p-child'), relationship: 'child', joinedOn: '2026-01-10' },
    ]);
    expect((await ss.post(`/households/${householdId}/members`, { personId: id('p-child'), relationship: 'child', joinedOn: '2026-01-12' })).body.code).toBe('HOUSEHOLD.MEMBER_EXISTS');

    await ss.ok(`/cases/${caseId}/itinerary`, {
      itineraryId,
      steps: [
        { stepId: 'papers', kind: 'regularisation', responsibleInstitution: NGO, plannedStart: '2026-02-01', plannedEnd: '2026-06-30' },
        { stepId: 'mediation', kind: 'socio-family-mediation', responsibleInstitution: SS, plannedStart: '2026-02-01', plannedEnd: '2026-05-31' },
      ],
    });
    await rd.ok(`/programmes/${programmeId}/enrolments`, { projectId: 'pj', caseId, enrolledOn: '2026-01-12' });

    // The entity starts its step at its own service once the itinerary reached it through Kafka, then completes it with its result.
    await waitFor(async () => (await ngo.post(`/cases/${caseId}/steps/started`, { itineraryId, stepId: 'papers', startedOn: '2026-02-03' })).status === 201, 60_000, 'the itinerary at the entity');
    const noResult = await ngo.post(`/cases/${caseId}/steps/completed`, { itineraryId, stepId: 'papers', completedOn: '2026-05-20' });
    expect(noResult.status).toBe(400);
    expect(noResult.body.problems.map((p: { field: string }) => p.field)).toEqual(['result']);
    const done = await ngo.ok(`/cases/${caseId}/steps/completed`, { itineraryId, stepId: 'papers', completedOn: '2026-05-20', result: 'achieved', outcome: 'residence permit granted' });
    expect(done.events[0]).toMatchObject({ type: 'itinerary.step-completed', institutionId: NGO, schemaVersion: 2, streamId: `steps-${caseId}@insertion-company` });
    // Not the entity's step: social services' own mediation.
    expect((await ngo.post(`/cases/${caseId}/steps/started`, { itineraryId, stepId: 'mediation', startedOn: '2026-02-03' })).status).toBe(403);
    await ss.ok(`/cases/${caseId}/steps/started`, { itineraryId, stepId: 'mediation', startedOn: '2026-02-05' });
    await ss.ok(`/cases/${caseId}/steps/completed`, { itineraryId, stepId: 'mediation', completedOn: '2026-05-25', result: 'partly-achieved' });

    // The owner sees the entity's result in the case, with its line.
    await waitFor(async () => (await ss.get(`/cases/${caseId}`)).body?.itinerary?.steps?.find((x: { stepId: string }) => x.stepId === 'papers')?.status === 'completed', 60_000, "the entity's result at the owner");
    const steps = (await ss.get(`/cases/${caseId}`)).body.itinerary.steps;
    expect(steps.find((x: { stepId: string }) => x.stepId === 'papers')).toMatchObject({ line: 'intercultural-coexistence-and-participation', responsibleInstitution: NGO, status: 'completed', result: 'achieved' });

    // The delegation's indicators count both actions by line, and the household.
    const indicators = async () => (await supervisor.get(`/programmes/${programmeId}/indicators`)).body;
    await waitFor(async () => (await indicators())?.byLine?.['socio-family-mediation']?.completed === 1 && (await indicators())?.byLine?.['intercultural-coexistence-and-participation']?.completed === 1, 90_000, 'the actions in the indicators');
    const x = await indicators();
    expect(x.byLine['intercultural-coexistence-and-participation']).toEqual({
      people: 1, planned: 1, started: 1, completed: 1, byResult: { achieved: 1 }, peopleAchieved: 1, byResponsibleInstitution: { [NGO]: 1 }, households: 1, householdsAchieved: 1,
    });
    expect(x.byLine['socio-family-mediation']).toMatchObject({ people: 1, completed: 1, byResult: { 'partly-achieved': 1 }, peopleAchieved: 0, byResponsibleInstitution: { [SS]: 1 } });
    expect(x.byLine.employment).toMatchObject({ people: 0, planned: 0 });
    expect(x.households).toEqual({ units: 1, registered: 1, peopleInRegistered: 1, peopleWithoutHousehold: 0 });
  }, 300_000);
});
