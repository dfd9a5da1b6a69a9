import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess, TestNetwork } from '../support/service-process';

/**
 * PACT's proactive detection (seeds/003, docs/pact.md) over HTTP, with the services as their own
 * processes on the real broker and database: the diagnoses social services record raise the
 * case's risk of chronification; the reaction assess-chronification-risk (run from social
 * services' own topic) records each change of band on the case and, on each rise across a
 * threshold, a proactive proposal; the reference technician dismisses one with a reason and
 * accepts the case-table meeting, which the reaction convene-proposed-meeting convenes at the
 * case table. The risk is the owner's to read: the employment office taking part gets 403 and
 * does not see it in the case view.
 */
type Name = 'social-services' | 'employment-office';

describe('PACT proactive detection at social services, through Kafka', () => {
  let network: TestNetwork<Name>;
  let services: Record<Name, ServiceProcess>;
  const run = randomUUID().slice(0, 8);
  const caseId = `case-pact-${run}`;
  const tableId = `mesa-pact-${run}`;
  const SS = 'ss-albacete';
  const EO = 'eo-albacete';
  const today = new Date().toISOString().slice(0, 10);
  const nextWeek = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);

  let ss: ReturnType<typeof client>;
  let ssOtherTech: ReturnType<typeof client>;
  let eo: ReturnType<typeof client>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const risk = async (): Promise<any> => (await ss.get(`/cases/${caseId}/risk`)).body;

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'employment-office'], 'pact');
    services = network.services;
    ss = client(services['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    ssOtherTech = client(services['social-services'], { institutionId: SS, userId: 'tech-luis', role: 'technician' });
    eo = client(services['employment-office'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });

    await ss.ok('/cases', { caseId, personId: `p-pact-${run}`, municipality: 'León', gender: 'male', birthYear: 1975, incidenceGroups: ['long-term-unemployed'], openedOn: today });
    await ss.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' });
    await ss.ok(`/cases/${caseId}/itinerary`, { itineraryId: 'it-pact', steps: [{ stepId: 'orientation', kind: 'training', responsibleInstitution: EO, plannedStart: today, plannedEnd: nextWeek }] });
    await ss.ok('/tables', { tableId, level: 'case', scopeId: caseId, members: [SS, EO].map((institutionId) => ({ institutionId, people: ['x'] })) });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  it('a diagnosis reaching medium records the band change and proposes an itinerary review', async () => {
    const before = await risk();
    expect(before).toMatchObject({ caseId, recorded: null, proposals: [], risk: { formula: 'pact-chronification', version: 1, band: 'low', score: 0 } });
    // mean 7 -> 28, two critical dimensions -> 10: 38, medium.
    const diagnosis = await ss.ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: today, dimensions: [{ dimension: 'employability', score: 8, critical: true }, { dimension: 'resilience', score: 6, critical: true }] });
    await waitFor(async () => (await risk()).recorded?.band === 'medium', 120_000, 'the medium band recorded by the reaction');
    const now = await risk();
    expect(now.risk).toMatchObject({ score: 38, band: 'medium', components: { diagnosis: 38, timeInCare: 0, incidents: 0 } });
    expect(now.proposals).toEqual([expect.objectContaining({ proposalId: 'pp-1', kind: 'itinerary-review', band: 'medium', status: 'open' })]);
    // The band change is caused by the diagnosis (causation id), recorded by the owner with the system as actor.
    const timeline = (await ss.get(`/cases/${caseId}/timeline`)).body.events as { eventId: string; type: string; causationId: string; institutionId: string; payload: Record<string, unknown> }[];
    const changed = timeline.find((e) => e.type === 'case.risk-band-changed')!;
    expect(changed).toMatchObject({ institutionId: SS, payload: { previousBand: 'low', band: 'medium', score: 38 } });
    // Assessed as of its recording: the cause is the diagnosis, or an earlier event of the case whose reaction ran once the diagnosis was stored.
    const cause = timeline.find((e) => e.eventId === changed.causationId)!;
    expect(['case.opened', 'case.diagnosis-recorded']).toContain(cause.type);
    expect(timeline.findIndex((e) => e.eventId === diagnosis.events[0].eventId)).toBeLessThan(timeline.indexOf(changed));
  });

  it('a second diagnosis reaching high proposes a case-table meeting', async () => {
    await ss.ok(`/cases/${caseId}/diagnosis`, {
      diagnosedOn: today,
      dimensions: ['employability', 'resilience', 'life-stage', 'family-and-coexistence'].map((dimension) => ({ dimension, score: 10, critical: true })),
      criticalFactors: ['long-term-unemployment', 'guaranteed-income-recipient', 'no-support-network', 'eviction', 'debts'],
    });
    await waitFor(async () => (await risk()).recorded?.band === 'high', 120_000, 'the high band recorded by the reaction');
    const now = await risk();
    expect(now.risk).toMatchObject({ score: 70, band: 'high' });
    expect(now.proposals).toEqual(expect.arrayContaining([expect.objectContaining({ proposalId: 'pp-2', kind: 'case-table-meeting', band: 'high', status: 'open' })]));
  });

  it('only the reference technician answers; bad input is a 400 naming every problem; the rules answer 422', async () => {
    const other = await ssOtherTech.post(`/cases/${caseId}/proactive-proposals/dismissals`, { proposalId: 'pp-1', dismissedOn: today, reason: 'not mine' });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('PROPOSAL.NOT_REFERENCE_TECHNICIAN');
    const bad = await ss.post(`/cases/${caseId}/proactive-proposals/acceptances`, { proposalId: 'pp 2', acceptedOn: 'soon', meeting: { tableId, date: 'later', agenda: [] } });
    expect(bad.status).toBe(400);
    for (const field of ['proposalId', 'acceptedOn', 'meeting.meetingId', 'meeting.date', 'meeting.agenda']) expect(JSON.stringify(bad.body)).toContain(field);
    const noMeeting = await ss.post(`/cases/${caseId}/proactive-proposals/acceptances`, { proposalId: 'pp-2', acceptedOn: today });
    expect([noMeeting.status, noMeeting.body.code]).toEqual([422, 'PROPOSAL.MEETING_REQUIRED']);
    const unknown = await ss.post(`/cases/${caseId}/proactive-proposals/dismissals`, { proposalId: 'pp-9', dismissedOn: today, reason: 'x' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PROPOSAL.NOT_FOUND']);
  });

  it('the technician dismisses the review with a reason and accepts the meeting: it is convened at the case table', async () => {
    await ss.ok(`/cases/${caseId}/proactive-proposals/dismissals`, { proposalId: 'pp-1', dismissedOn: today, reason: 'superseded by the case-table meeting' });
    const again = await ss.post(`/cases/${caseId}/proactive-proposals/dismissals`, { proposalId: 'pp-1', dismissedOn: today, reason: 'twice' });
    expect([again.status, again.body.code]).toEqual([422, 'PROPOSAL.ALREADY_ANSWERED']);

    const meetingId = `m-risk-${run}`;
    const accepted = await ss.ok(`/cases/${caseId}/proactive-proposals/acceptances`, { proposalId: 'pp-2', acceptedOn: today, meeting: { tableId, meetingId, date: nextWeek, agenda: ['risk of chronification: high'] } });
    await waitFor(async () => (await ss.get(`/tables/${tableId}`)).body?.meetings?.[meetingId] !== undefined, 120_000, 'the meeting convened by the reaction');
    expect((await ss.get(`/tables/${tableId}`)).body.meetings[meetingId]).toMatchObject({ status: 'convened', date: nextWeek });
    const proposals = (await risk()).proposals as { proposalId: string; status: string; dismissReason?: string }[];
    expect(proposals.map((p) => [p.proposalId, p.status])).toEqual([['pp-1', 'dismissed'], ['pp-2', 'accepted']]);
    // At the employment office, a member of the table, the meeting arrives through Kafka, caused by the acceptance.
    await waitFor(async () => (await eo.get(`/tables/${tableId}`)).body?.meetings?.[meetingId] !== undefined, 120_000, 'the meeting at the employment office');
    expect(accepted.events[0].type).toBe('proactive-proposal.accepted');
  });

  it("the risk is the owner's: another institution taking part gets 403 and does not see it in the case view", async () => {
    const refused = await client(services['social-services'], { institutionId: EO, userId: 'orient-eva', role: 'technician' }).get(`/cases/${caseId}/risk`);
    expect(refused.status).toBe(403);
    await waitFor(async () => (await eo.get(`/cases/${caseId}`)).status === 200, 120_000, 'the case at the employment office');
    const seen = (await eo.get(`/cases/${caseId}`)).body;
    expect(seen.itinerary.itineraryId).toBe('it-pact');
    expect(seen).not.toHaveProperty('risk');
    expect(seen).not.toHaveProperty('proactiveProposals');
    // Nor in the timeline: the band changes and proposals are left out for the office, kept for the owner.
    // Read at social services, where the risk events surely are (the owner recorded them there).
    const officeAtOwner = client(services['social-services'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });
    const officeTimeline = (await officeAtOwner.get(`/cases/${caseId}/timeline`)).body.events as { type: string }[];
    expect(officeTimeline.length).toBeGreaterThan(0);
    expect(officeTimeline.filter((e) => /risk-band|proactive-proposal/.test(e.type))).toEqual([]);
    const ownerTimeline = (await ss.get(`/cases/${caseId}/timeline`)).body.events as { type: string }[];
    expect(ownerTimeline.some((e) => e.type === 'case.risk-band-changed')).toBe(true);
    expect((await ss.get(`/cases/${caseId}`)).body.risk).toMatchObject({ band: 'high' });
  });
});
