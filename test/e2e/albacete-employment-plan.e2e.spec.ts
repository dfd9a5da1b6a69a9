import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { waitFor } from '../support/kafka';
import { SERVICE_NAMES, ServiceName, ServiceProcess, TestNetwork } from '../support/service-process';

/**
 * The Albacete employment-plan cycle (seeds/001), across the four services running as their
 * own processes on the real broker and database: programme and project with their tables,
 * preparatory meeting, cases opened, diagnosed and accredited, itineraries and agreements,
 * joint assembly, placements, orientation and training (completed and dropped), follow-up
 * meetings, incidents reported, acknowledged and resolved (one escalated to the case table,
 * which reorients the itinerary), final evaluations, joint assessment, results meeting.
 * At the end every service's view of each case agrees, and each event appears once in the
 * case's timeline, with the right institution and causation.
 */
describe('the Albacete employment plan, end to end', () => {
  let network: TestNetwork<ServiceName>;
  let services: Record<ServiceName, ServiceProcess>;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;

  const SS = 'ss-albacete';
  const EO = 'eo-albacete';
  const EI = 'ei-solidaria';
  const RD = 'rd-albacete';

  let ss: ReturnType<typeof client>;
  let eo: ReturnType<typeof client>;
  let ei: ReturnType<typeof client>;
  let rd: ReturnType<typeof client>;

  beforeAll(async () => {
    network = await TestNetwork.start(SERVICE_NAMES, 'e2e');
    services = network.services;
    ss = client(services['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    eo = client(services['employment-office'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });
    ei = client(services['insertion-company'], { institutionId: EI, userId: 'tutor-luis', role: 'tutor' });
    rd = client(services['regional-delegation'], { institutionId: RD, userId: 'coord-rosa', role: 'coordinator' });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  const programme = id('plan-empleo');
  const project = id('cohort-1');
  const people = [
    { caseId: id('case-maria'), personId: id('p-maria'), gender: 'female', birthYear: 1979, groups: ['long-term-unemployed'], trainingDone: true },
    { caseId: id('case-jose'), personId: id('p-jose'), gender: 'male', birthYear: 1986, groups: ['minimum-income-recipient', 'roma'], trainingDone: false },
    { caseId: id('case-lucia'), personId: id('p-lucia'), gender: 'female', birthYear: 1995, groups: ['youth', 'migrant'], trainingDone: true },
  ];
  const agreementOf = (caseId: string) => `ag-${caseId}`;
  const placementOf = (caseId: string) => `pl-${caseId}`;
  const itineraryOf = (caseId: string) => `it-${caseId}`;
  const scores = { punctuality: 3, teamwork: 4, taskPerformance: 3, autonomy: 3 };

  it('runs the whole cycle and every service ends with the same view of each case', async () => {
    // Programme, project and the programme table; preparatory meeting (strategic decision).
    await rd.ok('/programmes', { programmeId: programme, name: 'Plan de Empleo Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 });
    await rd.ok(`/programmes/${programme}/projects`, { projectId: project, name: 'Cohort 1: insertion companies', runByInstitution: SS, line: 'employment' });
    const members = [SS, EO, EI, RD].map((institutionId) => ({ institutionId, people: ['coordinator'] }));
    await rd.ok('/tables', { tableId: id('programme-table'), level: 'programme', scopeId: programme, members });
    await rd.ok(`/tables/${id('programme-table')}/meetings`, { meetingId: 'prep-1', date: '2026-01-15', agenda: ['selection criteria', 'calendar'] });
    await rd.ok(`/tables/${id('programme-table')}/held-meetings`, { meetingId: 'prep-1', heldOn: '2026-01-15', attendees: [{ institutionId: RD, person: 'rosa' }, { institutionId: SS, person: 'ana' }, { institutionId: EO, person: 'eva' }], minutes: 'Preparatory meeting' });
    await rd.ok(`/tables/${id('programme-table')}/decisions`, { meetingId: 'prep-1', decisionId: 'd-priorities', text: 'Priority to long-term unemployed and minimum-income recipients' });

    // Cases opened, diagnosed, accredited, technician, itinerary, agreement signed by three parties.
    for (const p of people) {
      await ss.ok('/cases', { caseId: p.caseId, personId: p.personId, municipality: 'Albacete', gender: p.gender, birthYear: p.birthYear, incidenceGroups: p.groups, openedOn: '2026-01-16' });
      await ss.ok(`/cases/${p.caseId}/diagnosis`, {
        diagnosedOn: '2026-01-20',
        dimensions: [{ dimension: 'employability', score: 7, critical: true }, { dimension: 'income', score: 8, critical: true }, { dimension: 'health', score: p === people[1] ? 8 : 2, critical: p === people[1] }],
        healthDetails: p === people[1] ? 'lumbar disc herniation' : 'no relevant findings',
      });
      await ss.ok(`/cases/${p.caseId}/accreditation`, { validFrom: '2026-01-20', validUntil: '2026-12-31', basis: 'social report' });
      await ss.ok(`/cases/${p.caseId}/reference-technician`, { technicianId: 'tech-ana' });
      await ss.ok(`/cases/${p.caseId}/itinerary`, {
        itineraryId: itineraryOf(p.caseId),
        steps: [
          { stepId: 'training', kind: 'training', responsibleInstitution: EO, plannedStart: '2026-02-01', plannedEnd: '2026-03-31' },
          { stepId: 'placement', kind: 'insertion-company-placement', responsibleInstitution: EI, plannedStart: '2026-02-01', plannedEnd: '2026-07-31' },
        ],
      });
      for (const party of ['social-services', 'company', 'person']) {
        await ss.ok(`/cases/${p.caseId}/agreement-signatures`, { agreementId: agreementOf(p.caseId), companyInstitution: EI, party, signedBy: party === 'person' ? p.personId : party, signedOn: '2026-01-25' });
      }
      await rd.ok(`/programmes/${programme}/enrolments`, { projectId: project, caseId: p.caseId, enrolledOn: '2026-01-26' });
    }

    // Joint assembly with the selected people (project table).
    await rd.ok('/tables', { tableId: id('project-table'), level: 'project', scopeId: project, members });
    await rd.ok(`/tables/${id('project-table')}/meetings`, { meetingId: 'assembly', date: '2026-01-30', agenda: ['joint assembly with the selected people'] });
    await rd.ok(`/tables/${id('project-table')}/held-meetings`, { meetingId: 'assembly', heldOn: '2026-01-30', attendees: [{ institutionId: SS, person: 'ana' }, { institutionId: EI, person: 'luis' }], minutes: 'Joint assembly held' });

    // Placements: the company knows the accreditation and agreement once social services' events arrive.
    for (const p of people) {
      const body = { caseId: p.caseId, placementId: placementOf(p.caseId), agreementId: agreementOf(p.caseId), contractStart: '2026-02-01', position: 'green-spaces operator', weeklyHours: 30, tutorId: 'tutor-luis' };
      let reply = await ei.post('/placements', body);
      await waitFor(async () => {
        if (reply.status === 201) return true;
        expect(reply.status).toBe(404); // only "not known yet" may be retried
        reply = await ei.post('/placements', body);
        return reply.status === 201;
      }, 60_000, `placement of ${p.caseId}`);
    }
    // A placement without a signed agreement is refused with the rule.
    const unsigned = await ei.post('/placements', { caseId: people[0].caseId, placementId: id('pl-x'), agreementId: 'ag-unknown', contractStart: '2026-02-01', position: 'x', weeklyHours: 10, tutorId: 'tutor-luis' });
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.code).toBe('PLACEMENT.NO_AGREEMENT');

    // Employment office: orientation, training started as an itinerary step; some complete, some drop out.
    for (const p of people) {
      await waitFor(async () => (await eo.get(`/cases/${p.caseId}`)).status === 200, 60_000, 'the case known to the employment office');
      await eo.ok(`/cases/${p.caseId}/orientation-sessions`, { sessionId: 'talk-1', heldOn: '2026-02-05', topic: 'Rights and duties at work' });
      await eo.ok(`/cases/${p.caseId}/trainings`, { trainingId: 'forklift', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' });
      await eo.ok(`/cases/${p.caseId}/steps/started`, { itineraryId: itineraryOf(p.caseId), stepId: 'training', startedOn: '2026-02-10' });
      if (p.trainingDone) {
        await eo.ok(`/cases/${p.caseId}/completed-trainings`, { trainingId: 'forklift', completedOn: '2026-03-20', hoursAttended: 58 });
        await eo.ok(`/cases/${p.caseId}/steps/completed`, { itineraryId: itineraryOf(p.caseId), stepId: 'training', completedOn: '2026-03-20' });
      } else {
        await eo.ok(`/cases/${p.caseId}/training-drop-outs`, { trainingId: 'forklift', droppedOn: '2026-02-25', reason: 'childcare' });
      }
      // The company may not complete the employment office's step.
      const notMine = await ei.post(`/cases/${p.caseId}/steps/completed`, { itineraryId: itineraryOf(p.caseId), stepId: 'training', completedOn: '2026-03-21' });
      expect(notMine.status).toBe(403);
    }

    // Follow-up meetings with the tutor; incidents of several kinds.
    const [maria, jose, lucia] = people;
    for (const p of people) {
      await ei.ok(`/placements/${placementOf(p.caseId)}/follow-up-meetings`, { placementId: placementOf(p.caseId), meetingId: 'fu-1', heldOn: '2026-03-01', tutorId: 'tutor-luis', notes: 'adapting well', scores });
    }
    await ei.ok(`/placements/${placementOf(maria.caseId)}/incidents`, { incidentId: 'inc-absent', placementId: placementOf(maria.caseId), kind: 'absenteeism', severity: 'medium', observedOn: '2026-03-03', description: 'Three days absent' });
    await ei.ok(`/placements/${placementOf(jose.caseId)}/incidents`, { incidentId: 'inc-health', placementId: placementOf(jose.caseId), kind: 'health-or-functional-limitation', severity: 'high', observedOn: '2026-03-04', description: 'Back pain: cannot lift loads' });
    await ei.ok(`/placements/${placementOf(jose.caseId)}/job-adaptations`, { placementId: placementOf(jose.caseId), adaptedOn: '2026-03-05', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' });
    await ei.ok(`/placements/${placementOf(lucia.caseId)}/incidents`, { incidentId: 'inc-conciliation', placementId: placementOf(lucia.caseId), kind: 'work-family-conciliation', severity: 'low', observedOn: '2026-03-06', description: 'School hours' });

    // Each incident reaches the reference technician as an open follow-up item.
    const openFollowUp = (caseId: string, incidentId: string) => async () => (await ss.get(`/cases/${caseId}`)).body?.incidents?.[incidentId]?.status === 'open';
    await waitFor(openFollowUp(maria.caseId, 'inc-absent'), 60_000, 'follow-up of inc-absent');
    await waitFor(openFollowUp(jose.caseId, 'inc-health'), 60_000, 'follow-up of inc-health');
    await waitFor(openFollowUp(lucia.caseId, 'inc-conciliation'), 60_000, 'follow-up of inc-conciliation');
    // Resolution before acknowledgement is refused.
    const early = await ss.post(`/cases/${maria.caseId}/incident-resolutions`, { incidentId: 'inc-absent', resolvedOn: '2026-03-06', resolution: 'x' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('INCIDENT.NOT_ACKNOWLEDGED');
    for (const [p, incidentId] of [[maria, 'inc-absent'], [jose, 'inc-health'], [lucia, 'inc-conciliation']] as const) {
      await ss.ok(`/cases/${p.caseId}/incident-acknowledgements`, { incidentId, acknowledgedOn: '2026-03-07' });
    }
    await ss.ok(`/cases/${maria.caseId}/incident-resolutions`, { incidentId: 'inc-absent', resolvedOn: '2026-03-10', resolution: 'Agreed attendance plan' });
    await ss.ok(`/cases/${lucia.caseId}/incident-resolutions`, { incidentId: 'inc-conciliation', resolvedOn: '2026-03-10', resolution: 'Shift changed to mornings' });

    // José's incident escalates to his case table, whose technical decision reorients the itinerary.
    const caseTable = id('case-table-jose');
    await ss.ok('/tables', { tableId: caseTable, level: 'case', scopeId: jose.caseId, members: [SS, EI, EO].map((institutionId) => ({ institutionId, people: ['tech'] })) });
    await ss.ok(`/tables/${caseTable}/meetings`, { meetingId: 'case-1', date: '2026-03-12', agenda: ['inc-health'] });
    await ss.ok(`/tables/${caseTable}/held-meetings`, { meetingId: 'case-1', heldOn: '2026-03-12', attendees: [{ institutionId: SS, person: 'ana' }, { institutionId: EI, person: 'luis' }, { institutionId: EO, person: 'eva' }], minutes: 'Health limitation discussed' });
    const decision = await ss.ok(`/tables/${caseTable}/decisions`, {
      meetingId: 'case-1',
      decisionId: 'reorient-jose',
      text: 'Reorient towards a pre-labour project',
      reorientsItinerary: { itineraryId: itineraryOf(jose.caseId), reason: 'health limitation', steps: [{ stepId: 'pre-labour', kind: 'pre-labour-project', responsibleInstitution: SS, plannedStart: '2026-04-01', plannedEnd: '2026-06-30' }] },
    });
    const decisionEventId = decision.events[0].eventId;
    await ss.ok(`/tables/${caseTable}/actions`, { meetingId: 'case-1', actionId: 'a-medical', description: 'Medical report', ownerInstitution: SS, dueOn: '2026-03-31' });
    await ss.ok(`/tables/${caseTable}/completed-actions`, { actionId: 'a-medical', completedOn: '2026-03-25' });
    await ss.ok(`/cases/${jose.caseId}/incident-resolutions`, { incidentId: 'inc-health', resolvedOn: '2026-03-12', resolution: 'Escalated: itinerary reoriented', escalatedToCaseTable: true });
    // Every institution responsible for a step sees the reorientation.
    for (const api of [ss, eo, ei]) {
      await waitFor(async () => (await api.get(`/cases/${jose.caseId}`)).body?.itinerary?.reorientations === 1, 60_000, 'the reorientation everywhere');
    }

    // Final evaluations (to social services), contract ends (to the employment office's joint assessment).
    for (const p of people) {
      await ei.ok(`/placements/${placementOf(p.caseId)}/final-evaluation`, { placementId: placementOf(p.caseId), evaluatedOn: '2026-07-20', scores, recommendation: p === jose ? 'reorient-itinerary' : 'ordinary-labour-market', summary: 'final evaluation with the tutor' });
      await ei.ok(`/placements/${placementOf(p.caseId)}/contract-end`, { placementId: placementOf(p.caseId), endedOn: '2026-07-31', reason: 'term-completed' });
    }
    for (const p of people) {
      const assessment = `ja-${placementOf(p.caseId)}`;
      await waitFor(async () => (await eo.get(`/cases/${p.caseId}/employment`)).body?.state?.assessments?.[assessment]?.status === 'open', 60_000, `joint assessment ${assessment}`);
      await eo.ok(`/cases/${p.caseId}/joint-assessment-decisions`, { assessmentId: assessment, decidedOn: '2026-08-05', decision: p === jose ? 'reorient' : 'continue', reasons: 'joint assessment with social services' });
      await waitFor(async () => (await ss.get(`/cases/${p.caseId}`)).body?.placements?.[placementOf(p.caseId)]?.finalEvaluation !== undefined, 60_000, 'the final evaluation at social services');
    }

    // The end of a plan (Maria's itinerary closed) also opens a joint assessment at the employment office.
    const closedBy = await ss.ok(`/cases/${maria.caseId}/itinerary/closure`, { itineraryId: itineraryOf(maria.caseId), closedOn: '2026-08-10', reason: 'plan ended' });
    const planEnd = `ja-${itineraryOf(maria.caseId)}`;
    await waitFor(async () => (await eo.get(`/cases/${maria.caseId}/employment`)).body?.state?.assessments?.[planEnd]?.status === 'open', 60_000, 'the plan-end joint assessment');
    const afterClosure = await ss.post(`/cases/${maria.caseId}/itinerary/reorientation`, { itineraryId: itineraryOf(maria.caseId), reason: 'late', steps: [{ stepId: 'late', kind: 'training', responsibleInstitution: EO, plannedStart: '2026-09-01', plannedEnd: '2026-09-30' }] });
    expect(afterClosure.status).toBe(422);
    expect(afterClosure.body.code).toBe('ITINERARY.CLOSED');

    // The case table's meetings and open actions.
    const table = await ss.get(`/tables/${caseTable}`);
    expect(table.body).toMatchObject({ level: 'case', scopeId: jose.caseId, meetings: { 'case-1': { status: 'held' } }, openActions: [] });

    // Results meeting with the delegation.
    await rd.ok(`/programmes/${programme}/results-meeting`, { heldOn: '2026-12-15', summary: '3 people placed, 2 trainings completed', improvements: ['earlier health screening'] });
    const summary = await rd.get(`/programmes/${programme}`);
    expect(summary.body).toMatchObject({ status: 'closed', projects: { [project]: { runByInstitution: SS, cases: people.map((p) => p.caseId) } } });

    // Every service's view of each case agrees, once all events have travelled.
    const supervisor = client(services['regional-delegation'], { institutionId: RD, userId: 'sup-marta', role: 'supervisor' });
    const apis = [ss, eo, ei, supervisor];
    for (const p of people) {
      let views: unknown[] = [];
      await waitFor(async () => {
        const timelines = await Promise.all(apis.map((api) => api.get(`/cases/${p.caseId}/timeline`)));
        const ids = timelines.map((t) => (t.body.events as { eventId: string }[]).map((e) => e.eventId).join(','));
        return ids.every((x) => x === ids[0]);
      }, 60_000, `the same timeline of ${p.caseId} everywhere`);
      views = await Promise.all(apis.map(async (api) => (await api.get(`/cases/${p.caseId}`)).body));
      views.forEach((view) => expect(view).toEqual(views[0]));

      const timeline = (await ss.get(`/cases/${p.caseId}/timeline`)).body.events as { eventId: string; type: string; institutionId: string; causationId: string | null; payload: Record<string, unknown> }[];
      expect(new Set(timeline.map((e) => e.eventId)).size).toBe(timeline.length);
      const one = (type: string) => timeline.filter((e) => e.type === type);
      expect(one('case.opened')).toHaveLength(1);
      expect(one('placement.started')).toEqual([expect.objectContaining({ institutionId: EI })]);
      expect(one('itinerary.step-started')).toEqual([expect.objectContaining({ institutionId: EO, payload: expect.objectContaining({ stepId: 'training' }) })]);
      expect(one('programme.case-enrolled')).toEqual([expect.objectContaining({ institutionId: RD })]);
      // reactions carry their cause
      const reported = one('incident.reported');
      expect(reported).toHaveLength(1);
      expect(one('incident.follow-up-opened')).toEqual([expect.objectContaining({ institutionId: SS, causationId: reported[0].eventId })]);
      const ended = one('placement.contract-ended');
      expect(one('joint-assessment.opened')).toEqual(
        expect.arrayContaining([expect.objectContaining({ institutionId: EO, causationId: ended[0].eventId, payload: expect.objectContaining({ trigger: 'contract-ended' }) })]),
      );
      if (p === maria) {
        expect(one('joint-assessment.opened')).toEqual(expect.arrayContaining([expect.objectContaining({ causationId: closedBy.events[0].eventId, payload: expect.objectContaining({ trigger: 'plan-ended' }) })]));
      }
    }
    // Health details stay with social services: the company sees that a job adaptation is needed.
    const diagnosisAt = async (api: ReturnType<typeof client>) =>
      ((await api.get(`/cases/${jose.caseId}/timeline`)).body.events as { type: string; payload: Record<string, unknown> }[]).find((e) => e.type === 'case.diagnosis-recorded')!.payload;
    expect(await diagnosisAt(ss)).toMatchObject({ healthDetails: 'lumbar disc herniation' });
    for (const api of [ei, eo]) {
      const seen = await diagnosisAt(api);
      expect(seen).toMatchObject({ jobAdaptationNeeded: true });
      expect(JSON.stringify(seen)).not.toMatch(/lumbar|healthDetails|"health"/);
    }
    const joseTimeline = (await ei.get(`/cases/${jose.caseId}/timeline`)).body.events as { type: string; institutionId: string; causationId: string }[];
    expect(joseTimeline.filter((e) => e.type === 'itinerary.reoriented')).toEqual([expect.objectContaining({ institutionId: SS, causationId: decisionEventId })]);
    // The supervisors' audit trail at the delegation: every institution's events of a case, filtered, paged, exported.
    const trail = await supervisor.get(`/audit/trail?caseId=${jose.caseId}&limit=1000`);
    expect(trail.status).toBe(200);
    const institutions = new Set((trail.body.records as { who: { institutionId: string } }[]).map((r) => r.who.institutionId));
    expect([...institutions].sort()).toEqual([EI, EO, RD, SS].sort());
    expect(trail.body.records).toHaveLength(((await ss.get(`/cases/${jose.caseId}/timeline`)).body.events as unknown[]).length);
    const byCompany = await supervisor.get(`/audit/trail?caseId=${jose.caseId}&institutionId=${EI}&type=incident.reported`);
    expect(byCompany.body.records).toEqual([expect.objectContaining({ type: 'incident.reported', who: expect.objectContaining({ institutionId: EI, userId: 'tutor-luis', role: 'tutor' }) })]);
    const firstPage = await supervisor.get(`/audit/trail?caseId=${jose.caseId}&limit=5`);
    const secondPage = await supervisor.get(`/audit/trail?caseId=${jose.caseId}&limit=5&after=${firstPage.body.next}`);
    expect([...firstPage.body.records, ...secondPage.body.records].map((r: { eventId: string }) => r.eventId)).toEqual(trail.body.records.slice(0, 10).map((r: { eventId: string }) => r.eventId));
    const csv = await fetch(`${services['regional-delegation'].url}/audit/trail?caseId=${jose.caseId}&format=csv`, { headers: { authorization: `Bearer ${await tokenFor(RD, 'sup-marta', 'supervisor')}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const csvLines = (await csv.text()).trim().split('\n');
    expect(csvLines[0]).toMatch(/^eventId,type,occurredAt/);
    expect(csvLines).toHaveLength(trail.body.records.length + 1);
    const jsonl = await fetch(`${services['regional-delegation'].url}/audit/trail?caseId=${jose.caseId}&format=jsonl`, { headers: { authorization: `Bearer ${await tokenFor(RD, 'sup-marta', 'supervisor')}` } });
    expect((await jsonl.text()).trim().split('\n').map((line) => JSON.parse(line).eventId)).toEqual(trail.body.records.map((r: { eventId: string }) => r.eventId));
    expect((await rd.get(`/audit/trail?caseId=${jose.caseId}`)).status).toBe(403);
    for (const name of SERVICE_NAMES) {
      const verification = await client(services[name], { institutionId: RD, userId: 'sup-marta', role: 'supervisor' }).get('/audit/verification');
      expect(verification.body).toMatchObject({ intact: true });
    }

    const trainingOutcomes = await Promise.all(people.map(async (p) => (await eo.get(`/cases/${p.caseId}/employment`)).body.state.trainings.forklift.status));
    expect(trainingOutcomes).toEqual(['completed', 'dropped-out', 'completed']);

    // The delegation's indicators of the programme, folded from all four institutions' events.
    const indicators = async () => (await supervisor.get(`/programmes/${programme}/indicators`)).body;
    await waitFor(async () => {
      const x = await indicators();
      return x.incidents?.resolved === 3 && x.actions?.completed === 1 && x.placements?.ended === 3 && x.trainings?.completed === 2 && x.byCurrentStage?.completed === 1;
    }, 60_000, 'the indicators to include every event of the cycle');
    const x = await indicators();
    expect(x.peopleAttended).toMatchObject({ total: 3, byGender: { female: 2, male: 1 } });
    expect(x.trainings).toEqual({ people: 3, peopleByGender: { female: 2, male: 1 }, started: 3, completed: 2, completedByGender: { female: 2 }, dropped: 1, droppedByGender: { male: 1 } });
    expect(x.placements).toEqual({ started: 3, ended: 3, byEndReason: { 'term-completed': 3 } });
    expect(x.incidents).toEqual({ reported: 3, byKind: { absenteeism: 1, 'health-or-functional-limitation': 1, 'work-family-conciliation': 1 }, resolved: 3, meanDaysToResolution: 6.33, medianDaysToResolution: 7 });
    expect(x.meetings).toEqual({ held: 3, byLevel: { case: 1, programme: 1, project: 1 }, cancelled: 0 });
    expect(x.actions).toEqual({ total: 1, completed: 1, overdue: 0 });
    expect(x.byCurrentStage).toMatchObject({ completed: 1, 'in-progress': 2 });
    // Evaluation cut: one follow-up meeting in six months breaks the monthly rhythm at the company.
    const compliance = (await supervisor.get(`/programmes/${programme}/compliance`)).body;
    const rule = (id: string) => compliance.rules.find((r: { id: string }) => r.id === id);
    expect(rule('placement.follow-up-rhythm').byInstitution).toEqual([{ institutionId: EI, checked: 3, compliant: 0, offending: expect.arrayContaining(people.map((p) => expect.objectContaining({ caseId: p.caseId }))) }]);
    expect(rule('incident.acknowledgement')).toMatchObject({ checked: 3, compliant: 3 });
    expect(rule('table.action-on-time')).toMatchObject({ checked: 1, compliant: 1 });
    // José's risk counts his high-severity incident.
    const risk = (await supervisor.get(`/programmes/${programme}/risk`)).body.cases as { caseId: string; risk: { inputs: { highSeverityIncidents: number } } }[];
    expect(risk.find((c) => c.caseId === jose.caseId)!.risk.inputs.highSeverityIncidents).toBe(1);
  });
});
