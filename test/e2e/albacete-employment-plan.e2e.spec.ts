import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { waitFor } from '../support/kafka';
import { SERVICE_NAMES, ServiceName, ServiceProcess, TestNetwork } from '../support/service-process';

/**
 * What every institution taking part sees alike: the case's risk of chronification and its
 * proactive proposals are the owner's (and supervisors') only (access-policy.ts assertMaySeeRisk),
 * so they are left out before comparing views and timelines across institutions.
 */
const RISK = /^(case\.risk-band-changed|proactive-proposal\.)/;
const sharedIds = (events: { eventId: string; type: string }[] = []) => events.filter((e) => !RISK.test(e.type)).map((e) => e.eventId).join(',');
const sharedView = (view: Record<string, unknown>) => {
  const { risk: _risk, proactiveProposals: _proposals, ...shared } = view; // eslint-disable-line @typescript-eslint/no-unused-vars
  return shared;
};

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

    // Cases opened, diagnosed, accredited, technician, itinerary, agreement signed by social services and the person (with its evidence).
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
      await ss.ok(`/cases/${p.caseId}/agreement-signatures`, { agreementId: agreementOf(p.caseId), companyInstitution: EI, signedBy: 'tech-ana', signedOn: '2026-01-25' });
      await ss.ok(`/cases/${p.caseId}/agreement-signatures/person`, {
        agreementId: agreementOf(p.caseId),
        companyInstitution: EI,
        signedOn: '2026-01-25',
        evidence: { documentRef: `agreement-${p.caseId}.pdf`, documentSha256: 'e'.repeat(64), method: 'handwritten', witnessedBy: 'tech-ana' },
      });
      await rd.ok(`/programmes/${programme}/enrolments`, { projectId: project, caseId: p.caseId, enrolledOn: '2026-01-26' });
    }

    // Joint assembly with the selected people (project table).
    await rd.ok('/tables', { tableId: id('project-table'), level: 'project', scopeId: project, members });
    await rd.ok(`/tables/${id('project-table')}/meetings`, { meetingId: 'assembly', date: '2026-01-30', agenda: ['joint assembly with the selected people'] });
    await rd.ok(`/tables/${id('project-table')}/held-meetings`, { meetingId: 'assembly', heldOn: '2026-01-30', attendees: [{ institutionId: SS, person: 'ana' }, { institutionId: EI, person: 'luis' }], minutes: 'Joint assembly held' });

    // The company signs each agreement in its own log, at its own service, once social services' signature reached it.
    for (const p of people) {
      const signature = { agreementId: agreementOf(p.caseId), signedBy: 'coord-eva', signedOn: '2026-01-26' };
      let reply = await ei.post(`/cases/${p.caseId}/agreement-signatures`, signature);
      await waitFor(async () => {
        if (reply.status === 201) return true;
        expect([403, 404]).toContain(reply.status); // only "not known yet" (no part yet, no agreement yet) may be retried
        reply = await ei.post(`/cases/${p.caseId}/agreement-signatures`, signature);
        return reply.status === 201;
      }, 60_000, `the company's signature of ${p.caseId}`);
      expect(reply.body.events[0]).toMatchObject({ type: 'agreement.signed', institutionId: EI, streamId: `agreement-signatures-${p.caseId}@insertion-company`, payload: { party: 'company', companyInstitution: EI } });
    }
    // Placements: the company knows the accreditation and the three signatures once social services' events arrive.
    for (const p of people) {
      const body = { caseId: p.caseId, placementId: placementOf(p.caseId), agreementId: agreementOf(p.caseId), contractStart: '2026-02-01', position: 'green-spaces operator', weeklyHours: 30, tutorId: 'tutor-luis' };
      let reply = await ei.post('/placements', body);
      await waitFor(async () => {
        if (reply.status === 201) return true;
        // only "not known yet" may be retried: the case, or the person's signature, not received yet
        expect(reply.status === 404 || reply.body?.code === 'PLACEMENT.AGREEMENT_NOT_SIGNED').toBe(true);
        reply = await ei.post('/placements', body);
        return reply.status === 201;
      }, 60_000, `placement of ${p.caseId}`);
    }
    // Social services see the agreement complete once the company's signature arrives through Kafka.
    await waitFor(async () => (await ss.get(`/cases/${people[0].caseId}`)).body?.agreements?.[agreementOf(people[0].caseId)]?.complete === true, 60_000, "the company's signature at social services");
    expect((await ss.get(`/cases/${people[0].caseId}`)).body.agreements[agreementOf(people[0].caseId)].signatures).toMatchObject({
      'social-services': { recordedBy: SS, signedBy: 'tech-ana' },
      person: { recordedBy: SS, signedBy: people[0].personId, evidence: { method: 'handwritten', witnessedBy: 'tech-ana' } },
      company: { recordedBy: EI, signedBy: 'coord-eva' },
    });
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
        await eo.ok(`/cases/${p.caseId}/steps/completed`, { itineraryId: itineraryOf(p.caseId), stepId: 'training', completedOn: '2026-03-20', result: 'achieved' });
      } else {
        await eo.ok(`/cases/${p.caseId}/training-drop-outs`, { trainingId: 'forklift', droppedOn: '2026-02-25', reason: 'childcare' });
      }
      // The company may not complete the employment office's step.
      const notMine = await ei.post(`/cases/${p.caseId}/steps/completed`, { itineraryId: itineraryOf(p.caseId), stepId: 'training', completedOn: '2026-03-21', result: 'achieved' });
      expect(notMine.status).toBe(403);
    }

    // Follow-up meetings with the tutor; incidents of several kinds.
    const [maria, jose, lucia] = people;
    for (const p of people) {
      await ei.ok(`/placements/${placementOf(p.caseId)}/follow-up-meetings`, { meetingId: 'fu-1', heldOn: '2026-03-01', tutorId: 'tutor-luis', notes: 'adapting well', scores });
    }
    await ei.ok(`/placements/${placementOf(maria.caseId)}/incidents`, { incidentId: 'inc-absent', kind: 'absenteeism', severity: 'medium', observedOn: '2026-03-03', description: 'Three days absent' });
    await ei.ok(`/placements/${placementOf(jose.caseId)}/incidents`, { incidentId: 'inc-health', kind: 'health-or-functional-limitation', severity: 'high', observedOn: '2026-03-04', description: 'Back pain: cannot lift loads' });
    await ei.ok(`/placements/${placementOf(jose.caseId)}/job-adaptations`, { placementId: placementOf(jose.caseId), adaptedOn: '2026-03-05', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' });
    await ei.ok(`/placements/${placementOf(lucia.caseId)}/incidents`, { incidentId: 'inc-conciliation', kind: 'work-family-conciliation', severity: 'low', observedOn: '2026-03-06', description: 'School hours' });
    // The placement is the path's: a body that names it too is refused, naming the field; the event still carries it.
    for (const [path, body] of [
      ['follow-up-meetings', { meetingId: 'fu-x', heldOn: '2026-03-02', tutorId: 'tutor-luis', notes: 'x', scores }],
      ['incidents', { incidentId: 'inc-x', kind: 'other', severity: 'low', observedOn: '2026-03-06', description: 'x' }],
      ['contract-end', { endedOn: '2026-07-31', reason: 'term-completed' }],
    ] as const) {
      const twice = await ei.post(`/placements/${placementOf(maria.caseId)}/${path}`, { ...body, placementId: placementOf(maria.caseId) });
      expect({ path, status: twice.status, problems: twice.body.problems }).toEqual({ path, status: 400, problems: [{ field: 'placementId', problems: [expect.stringContaining('placementId')] }] });
    }
    const reported = await ei.get(`/placements/${placementOf(maria.caseId)}`);
    expect(reported.body.state.incidents).toContain('inc-absent');

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
      await ei.ok(`/placements/${placementOf(p.caseId)}/contract-end`, { endedOn: '2026-07-31', reason: 'term-completed' });
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
        const ids = timelines.map((t) => sharedIds(t.body.events));
        return ids.every((x) => x === ids[0]);
      }, 60_000, `the same timeline of ${p.caseId} everywhere`);
      views = await Promise.all(apis.map(async (api) => (await api.get(`/cases/${p.caseId}`)).body));
      views.forEach((view) => expect(sharedView(view as Record<string, unknown>)).toEqual(sharedView(views[0] as Record<string, unknown>)));
      // The office and the company never see the case's risk, in the view or the timeline.
      for (const api of [eo, ei]) {
        expect((await api.get(`/cases/${p.caseId}`)).body).not.toHaveProperty('risk');
        expect(((await api.get(`/cases/${p.caseId}/timeline`)).body.events as { type: string }[]).filter((e) => RISK.test(e.type))).toEqual([]);
      }

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
      // the placement of the path is in the recorded payloads (the bodies no longer name it)
      for (const type of ['placement.follow-up-meeting-held', 'incident.reported', 'placement.contract-ended']) {
        expect(one(type).map((e) => ({ type, placementId: e.payload.placementId }))).toEqual([{ type, placementId: placementOf(p.caseId) }]);
      }
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
  /**
   * The municipal Plan de Empleo's own path (seeds/001, "a cuatro bandas"): the municipal
   * employment service (its own registry entry, hosted by the insertion-company service) opens
   * the plan and holds the preparatory meeting; social services propose people, the employer
   * selects them, holds the joint start assembly with them and hires them with a tutor; the
   * employment office gives orientation talks; tutors follow up; incidents reach the reference
   * technician; a job adaptation is agreed by social services and applied by the employer,
   * linked to its incident; final evaluations are passed to the reference technician; each
   * contract's end opens the joint assessment, where the office records its part and social
   * services the agreed decision (close with integral support kept, or reorient); results
   * meeting at the delegation. No accreditation nor insertion agreement anywhere.
   */
  it('runs the municipal Plan de Empleo across the four institutions through Kafka', async () => {
    const SME = 'sme-albacete';
    const sme = client(services['insertion-company'], { institutionId: SME, userId: 'tutor-marta', role: 'tutor' });
    const planId = id('pe-municipal');
    const programmeId = id('prog-pe-municipal');
    const ana = { caseId: id('case-ana'), personId: id('p-ana'), itineraryId: id('it-ana'), contractId: id('c-ana') };
    const pedro = { caseId: id('case-pedro'), personId: id('p-pedro'), itineraryId: id('it-pedro'), contractId: id('c-pedro') };
    const both = [ana, pedro];
    const retry = async (send: () => Promise<{ status: number; body: any }>, retryOn: number[], what: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      let reply = await send();
      await waitFor(async () => {
        if (reply.status === 201) return true;
        expect(retryOn).toContain(reply.status); // only "not received yet" may be retried
        reply = await send();
        return reply.status === 201;
      }, 60_000, what);
      return reply.body;
    };

    await rd.ok('/programmes', { programmeId, name: 'Plan de Empleo municipal Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 900000 });

    // The employer opens the plan; bad input is answered 400 naming every problem; nobody else records on it.
    const badPlan = await sme.post('/employment-plans', { planId: '!!', name: '', periodStart: '2026-02-30', periodEnd: '2026-07-31', socialServices: [], employmentOffices: [EO], positions: 0 });
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['name', 'periodStart', 'planId', 'positions', 'socialServices']);
    const backwards = await sme.post('/employment-plans', { planId, name: 'x', periodStart: '2026-07-31', periodEnd: '2026-02-01', socialServices: [SS], employmentOffices: [EO], positions: 2 });
    expect([backwards.status, backwards.body.code]).toEqual([422, 'DATES.BACKWARDS']);
    await sme.ok('/employment-plans', { planId, name: 'Plan de Empleo 2026', periodStart: '2026-02-01', periodEnd: '2026-07-31', socialServices: [SS], employmentOffices: [EO], delegation: RD, programmeId, positions: 2 });
    const prep = { meetingId: 'prep-1', heldOn: '2026-01-15', attendees: [{ institutionId: SS, person: 'ana' }, { institutionId: SME, person: 'marta' }, { institutionId: EO, person: 'eva' }, { institutionId: RD, person: 'rosa' }], agreements: ['coordination channels', 'technical tools', 'calendar'] };
    expect((await ei.post(`/employment-plans/${planId}/preparatory-meetings`, prep)).status).toBe(403);
    expect((await ss.post(`/employment-plans/${planId}/preparatory-meetings`, prep)).status).toBe(404); // social services' service serves no plan
    await sme.ok(`/employment-plans/${planId}/preparatory-meetings`, prep);
    expect((await ei.get(`/employment-plans/${planId}`)).status).toBe(403);

    // Social services open the cases and propose the people; the employer's step is part of the itinerary.
    for (const p of both) {
      await ss.ok('/cases', { caseId: p.caseId, personId: p.personId, municipality: 'Albacete', gender: p === ana ? 'female' : 'male', birthYear: 1975, incidenceGroups: ['long-term-unemployed'], openedOn: '2026-01-10' });
      await ss.ok(`/cases/${p.caseId}/reference-technician`, { technicianId: 'tech-ana' });
      await ss.ok(`/cases/${p.caseId}/itinerary`, {
        itineraryId: p.itineraryId,
        steps: [
          { stepId: 'orientation', kind: 'training', responsibleInstitution: EO, plannedStart: '2026-02-01', plannedEnd: '2026-07-31' },
          { stepId: 'plan-contract', kind: 'employment-plan-contract', responsibleInstitution: SME, plannedStart: '2026-02-01', plannedEnd: '2026-07-31' },
        ],
      });
      const badProposal = await ss.post(`/cases/${p.caseId}/employment-plan-proposals`, { planId, employerInstitution: SME, proposedOn: 'soon' });
      expect(badProposal.status).toBe(400);
      expect(badProposal.body.problems.map((x: { field: string }) => x.field).sort()).toEqual(['proposedOn', 'reason']);
      await ss.ok(`/cases/${p.caseId}/employment-plan-proposals`, { planId, employerInstitution: SME, proposedOn: '2026-01-20', reason: 'long-term unemployed' });
    }

    // The employer selects the proposed people once the proposals arrive: 403 until the case
    // reaches it (no part in it yet), 422 while it knows the case (its itinerary step gives it a
    // part) but not yet the proposal, which may come a moment later.
    for (const p of both) {
      await retry(() => sme.post(`/employment-plans/${planId}/selections`, { planId, caseId: p.caseId, selectedOn: '2026-01-25', proposedBy: SS }), [403, 422], `selection of ${p.caseId}`);
    }
    const notProposedBy = await sme.post(`/employment-plans/${planId}/selections`, { planId, caseId: ana.caseId, selectedOn: '2026-01-25', proposedBy: 'ss-hellin' });
    expect([notProposedBy.status, notProposedBy.body.code]).toEqual([422, 'PLAN.NOT_PROPOSED']);
    const strangerAtAssembly = await sme.post(`/employment-plans/${planId}/start-assemblies`, { assemblyId: 'start', heldOn: '2026-01-30', attendingCases: [ana.caseId, 'case-nobody'], institutions: [{ institutionId: SS, person: 'ana' }], topics: ['rules'] });
    expect([strangerAtAssembly.status, strangerAtAssembly.body.code]).toEqual([422, 'PLAN.NOT_SELECTED']);
    await sme.ok(`/employment-plans/${planId}/start-assemblies`, { assemblyId: 'start', heldOn: '2026-01-30', attendingCases: both.map((p) => p.caseId), institutions: [{ institutionId: SS, person: 'ana' }, { institutionId: SME, person: 'marta' }, { institutionId: EO, person: 'eva' }], topics: ['the rules', "social services' part during the process", 'training'] });
    expect((await sme.get(`/employment-plans/${planId}`)).body.state).toMatchObject({ selected: { [ana.caseId]: SS, [pedro.caseId]: SS }, assemblies: ['start'], meetings: ['prep-1'] });

    // Contracts with a tutor at the municipal employment service; an insertion company cannot hire under the plan.
    for (const p of both) {
      const contract = { caseId: p.caseId, contractId: p.contractId, planId, contractStart: '2026-02-01', contractEnd: '2026-07-31', position: 'green-spaces operator', weeklyHours: 35, tutorId: 'tutor-marta' };
      expect((await ei.post('/plan-contracts', { ...contract, contractId: id('c-x') })).status).toBe(403);
      await sme.ok('/plan-contracts', contract);
      expect((await ei.post(`/plan-contracts/${p.contractId}/tutor-follow-ups`, { contractId: p.contractId, meetingId: 'fu-x', heldOn: '2026-03-01', tutorId: 't', notes: 'x', scores })).status).toBe(403);
    }

    // Orientation talks by the employment office; tutors' follow-ups; incidents.
    for (const p of both) {
      await retry(() => eo.post(`/cases/${p.caseId}/orientation-sessions`, { sessionId: 'talk-1', heldOn: '2026-02-10', topic: 'Job search after the plan' }), [403], `orientation of ${p.caseId}`);
      await sme.ok(`/plan-contracts/${p.contractId}/tutor-follow-ups`, { contractId: p.contractId, meetingId: 'fu-1', heldOn: '2026-03-01', tutorId: 'tutor-marta', notes: 'continuous evaluation', scores });
    }
    await sme.ok(`/plan-contracts/${ana.contractId}/incidents`, { incidentId: 'inc-ana', contractId: ana.contractId, kind: 'absenteeism', severity: 'medium', observedOn: '2026-03-03', description: 'Two days absent' });
    await sme.ok(`/plan-contracts/${pedro.contractId}/incidents`, { incidentId: 'inc-pedro', contractId: pedro.contractId, kind: 'health-or-functional-limitation', severity: 'high', observedOn: '2026-03-04', description: 'Cannot lift loads' });
    for (const [p, incidentId] of [[ana, 'inc-ana'], [pedro, 'inc-pedro']] as const) {
      await waitFor(async () => (await ss.get(`/cases/${p.caseId}`)).body?.incidents?.[incidentId]?.status === 'open', 60_000, `follow-up of ${incidentId}`);
      await ss.ok(`/cases/${p.caseId}/incident-acknowledgements`, { incidentId, acknowledgedOn: '2026-03-05' });
    }

    // Cambio de tajo: the employer cannot adapt alone; social services agree it, linked to the incident; the employer applies it.
    const adaptation = { adaptationId: 'ad-1', contractId: pedro.contractId, incidentId: 'inc-pedro', adaptedOn: '2026-03-07', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' };
    const alone = await sme.post(`/plan-contracts/${pedro.contractId}/job-adaptations`, adaptation);
    expect([alone.status, alone.body.code]).toEqual([422, 'ADAPTATION.NOT_AGREED']);
    const unknownIncident = await ss.post(`/cases/${pedro.caseId}/job-adaptation-agreements`, { ...adaptation, adaptedOn: undefined, agreedOn: '2026-03-06', incidentId: 'inc-none' });
    expect([unknownIncident.status, unknownIncident.body.code]).toEqual([404, 'INCIDENT.NOT_FOUND']);
    await ss.ok(`/cases/${pedro.caseId}/job-adaptation-agreements`, { adaptationId: 'ad-1', contractId: pedro.contractId, incidentId: 'inc-pedro', agreedOn: '2026-03-06', reason: 'health', fromTask: 'loading', toTask: 'irrigation control' });
    await retry(() => sme.post(`/plan-contracts/${pedro.contractId}/job-adaptations`, adaptation), [422], 'the adaptation once social services agreed');
    await ss.ok(`/cases/${pedro.caseId}/incident-resolutions`, { incidentId: 'inc-pedro', resolvedOn: '2026-03-08', resolution: 'Job adapted (cambio de tajo)' });

    // Final evaluation with the tutors, passed to the reference technician; the contracts end.
    for (const p of both) {
      await sme.ok(`/plan-contracts/${p.contractId}/final-evaluation`, { contractId: p.contractId, evaluatedOn: '2026-07-20', tutorId: 'tutor-marta', scores, recommendation: p === ana ? 'continue-itinerary' : 'reorient-itinerary', summary: 'final evaluation with the tutor' });
      await sme.ok(`/plan-contracts/${p.contractId}/contract-end`, { contractId: p.contractId, endedOn: '2026-07-31', reason: 'term-completed' });
      await waitFor(async () => ((await ss.get(`/cases/${p.caseId}`)).body?.evaluationsPassed ?? []).includes(p.contractId), 60_000, `the final evaluation of ${p.caseId} passed`);
    }

    // The joint assessment: the office records its part, social services the agreed decision with theirs.
    const assessmentOf = (p: typeof ana) => `ja-${p.contractId}`;
    for (const p of both) {
      await waitFor(async () => (await eo.get(`/cases/${p.caseId}/employment`)).body?.state?.assessments?.[assessmentOf(p)]?.status === 'open', 60_000, `joint assessment of ${p.caseId}`);
      const badPart = await eo.post(`/cases/${p.caseId}/joint-assessment-parts`, { assessmentId: assessmentOf(p), recordedOn: '2026-08-01', proposal: 'maybe', assessment: '' });
      expect(badPart.status).toBe(400);
      expect(badPart.body.problems.map((x: { field: string }) => x.field).sort()).toEqual(['assessment', 'keepIntegralSupport', 'proposal']);
      await eo.ok(`/cases/${p.caseId}/joint-assessment-parts`, { assessmentId: assessmentOf(p), recordedOn: '2026-08-01', proposal: p === ana ? 'close' : 'reorient', keepIntegralSupport: p === ana, assessment: 'orientation completed' });
    }
    const anaAgreement = { assessmentId: assessmentOf(ana), itineraryId: ana.itineraryId, agreedOn: '2026-08-05', decision: 'close', keepIntegralSupport: true, socialServicesAssessment: 'housing still fragile: keep integral support', employmentOffice: EO };
    await retry(() => ss.post(`/cases/${ana.caseId}/joint-assessment-agreements`, anaAgreement), [404, 422], "ana's agreed decision once the office's part arrives");
    const pedroSteps = [{ stepId: 'pre-labour', kind: 'pre-labour-project', responsibleInstitution: SS, plannedStart: '2026-09-01', plannedEnd: '2026-12-31' }];
    const pedroAgreement = { assessmentId: assessmentOf(pedro), itineraryId: pedro.itineraryId, agreedOn: '2026-08-05', decision: 'continue', keepIntegralSupport: false, socialServicesAssessment: 'health limitation', employmentOffice: EO };
    await waitFor(async () => (await ss.post(`/cases/${pedro.caseId}/joint-assessment-agreements`, pedroAgreement)).body?.code === 'ASSESSMENT.NOT_AGREED', 60_000, "pedro's part at social services");
    await ss.ok(`/cases/${pedro.caseId}/joint-assessment-agreements`, { ...pedroAgreement, decision: 'reorient', steps: pedroSteps });
    expect((await eo.post(`/cases/${ana.caseId}/joint-assessment-agreements`, anaAgreement)).status).toBe(404); // the office's service records no agreement: social services do

    await rd.ok(`/programmes/${programmeId}/results-meeting`, { heldOn: '2026-12-15', summary: '2 people hired by the municipal employment service', improvements: ['earlier health screening'] });

    // Every service that takes part ends with the same view and timeline; each effect follows its cause.
    const smeOnCases = client(services['insertion-company'], { institutionId: SME, userId: 'tutor-marta', role: 'tutor' });
    for (const p of both) {
      const apis = [ss, eo, smeOnCases];
      await waitFor(async () => {
        const timelines = await Promise.all(apis.map((api) => api.get(`/cases/${p.caseId}/timeline`)));
        const ids = timelines.map((t) => sharedIds(t.body?.events));
        return ids.every((x) => x === ids[0]) && ids[0].split(',').length > 10;
      }, 60_000, `the same timeline of ${p.caseId} everywhere`);
      const views = await Promise.all(apis.map(async (api) => (await api.get(`/cases/${p.caseId}`)).body));
      views.forEach((view) => expect(sharedView(view)).toEqual(sharedView(views[0])));
      const timeline = (await ss.get(`/cases/${p.caseId}/timeline`)).body.events as { eventId: string; type: string; institutionId: string; causationId: string | null }[];
      const one = (type: string) => timeline.filter((e) => e.type === type);
      expect(one('placement.started')).toEqual([]);
      expect(one('agreement.signed')).toEqual([]);
      expect(one('case.exclusion-accredited')).toEqual([]);
      expect(one('employment-plan.person-selected')).toEqual([expect.objectContaining({ institutionId: SME })]);
      expect(one('plan-contract.signed')).toEqual([expect.objectContaining({ institutionId: SME })]);
      expect(one('orientation.session-attended')).toEqual([expect.objectContaining({ institutionId: EO })]);
      expect(one('incident.follow-up-opened')).toEqual([expect.objectContaining({ institutionId: SS, causationId: one('plan-contract.incident-reported')[0].eventId })]);
      expect(one('final-evaluation.passed')).toEqual([expect.objectContaining({ institutionId: SS, causationId: one('plan-contract.final-evaluation-recorded')[0].eventId })]);
      expect(one('joint-assessment.opened')).toEqual([expect.objectContaining({ institutionId: EO, causationId: one('plan-contract.ended')[0].eventId })]);
      expect(one('joint-assessment.part-recorded')).toEqual([expect.objectContaining({ institutionId: EO })]);
      expect(one('joint-assessment.agreed')).toEqual([expect.objectContaining({ institutionId: SS })]);
      // The plan-level events that concern the case: its plan's opening and preparatory meeting, the assembly it attended (with no other attendee shown).
      expect(one('employment-plan.opened')).toEqual([expect.objectContaining({ institutionId: SME })]);
      expect(one('employment-plan.preparatory-meeting-held')).toEqual([expect.objectContaining({ institutionId: SME })]);
      expect(one('employment-plan.start-assembly-held')).toEqual([expect.objectContaining({ institutionId: SME, payload: expect.objectContaining({ attendingCases: [p.caseId] }) })]);
    }
    const anaView = (await ss.get(`/cases/${ana.caseId}`)).body;
    expect(anaView).toMatchObject({ status: 'open', integralSupport: true, itinerary: { status: 'closed' }, jointAssessments: { [assessmentOf(ana)]: { status: 'agreed', decision: 'close', parts: { [EO]: { proposal: 'close' } } } } });
    const pedroView = (await ss.get(`/cases/${pedro.caseId}`)).body;
    expect(pedroView).toMatchObject({ integralSupport: false, itinerary: { status: 'active', reorientations: 1 }, jobAdaptations: { 'ad-1': { status: 'applied', incidentId: 'inc-pedro' } } });
    // The agreed closure opened no second joint assessment at the office.
    expect(Object.keys((await eo.get(`/cases/${ana.caseId}/employment`)).body.state.assessments)).toEqual([assessmentOf(ana)]);
    // Health details never reach the employer: it sees the incident and the adaptation, not the diagnosis.
    expect(JSON.stringify((await smeOnCases.get(`/cases/${pedro.caseId}/timeline`)).body)).not.toMatch(/healthDetails/);
  });
});
