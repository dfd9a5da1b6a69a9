import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess, TestNetwork } from '../support/service-process';

/**
 * PACT's proactive path (seeds/003, docs/pact.md) across services through the real broker and
 * database: the employment office detects a situation and refers the person to social services
 * (referral.sent, the situation encrypted with the person's key); the referral reaches social
 * services through Kafka, which open a case for the person and accept the referral on it; the
 * office sees the answer when it comes back through Kafka; the diagnosis raises the risk of
 * chronification, whose band change social services record on the case by reaction, with a
 * proactive proposal of a case-table meeting; the reference technician accepts it, and the
 * meeting is convened at the case table and reaches the office, a member, through Kafka.
 * A second referral is declined with a reason, and the office sees that too.
 */
type Name = 'social-services' | 'employment-office';

describe('PACT proactive path, end to end: referral -> case -> risk -> proposal -> meeting', () => {
  let network: TestNetwork<Name>;
  let services: Record<Name, ServiceProcess>;
  const run = randomUUID().slice(0, 8);
  const SS = 'ss-albacete';
  const EO = 'eo-albacete';
  const referralId = `ref-${run}`;
  const declinedId = `ref-declined-${run}`;
  const personId = `p-pact-e2e-${run}`;
  const caseId = `case-pact-e2e-${run}`;
  const tableId = `mesa-pact-e2e-${run}`;
  const today = new Date().toISOString().slice(0, 10);
  const nextWeek = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);

  let ss: ReturnType<typeof client>;
  let eo: ReturnType<typeof client>;

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'employment-office'], 'pacte2e');
    services = network.services;
    ss = client(services['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    eo = client(services['employment-office'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  it('runs the proactive path across the two services', async () => {
    // 1. The employment office refers the person: bad input is a 400 naming every problem; a referral to a non-social-services institution is 422.
    const bad = await eo.post('/referrals', { referralId: 'r x', toInstitution: SS, personId: 'p', municipality: '', signals: ['bored'], urgency: 'soon', sentOn: 'today' });
    expect(bad.status).toBe(400);
    for (const field of ['referralId', 'personId', 'municipality', 'signals', 'urgency', 'sentOn']) expect(JSON.stringify(bad.body)).toContain(field);
    const wrong = await eo.post('/referrals', { referralId: `ref-wrong-${run}`, toInstitution: 'ei-solidaria', personId, municipality: 'Albacete', signals: ['income-loss'], urgency: 'low', sentOn: today, situation: 'x' });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'REFERRAL.NOT_SOCIAL_SERVICES']);
    const sent = await eo.ok('/referrals', {
      referralId, toInstitution: SS, personId, municipality: 'Albacete', signals: ['long-term-unemployment', 'training-drop-out'], urgency: 'high', sentOn: today, situation: 'dropped two courses; no income since spring',
    });
    // The situation is stored encrypted with the person's key (personal data), not in clear.
    expect(JSON.stringify(sent.events[0].payload ?? {})).not.toContain('dropped two courses');
    await eo.ok('/referrals', { referralId: declinedId, toInstitution: SS, personId: `${personId}-b`, municipality: 'Albacete', signals: ['income-loss'], urgency: 'low', sentOn: today, situation: 'lost the job' });

    // 2. Social services receive it through Kafka, open the case and accept the referral on it.
    await waitFor(async () => (await ss.get(`/referrals/${referralId}`)).body?.status === 'sent', 120_000, 'the referral at social services');
    expect((await ss.get(`/referrals/${referralId}`)).body).toMatchObject({ from: EO, toInstitution: SS, personId, urgency: 'high', signals: ['long-term-unemployment', 'training-drop-out'] });
    await ss.ok('/cases', { caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1979, incidenceGroups: ['long-term-unemployed'], openedOn: today });
    await ss.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' });
    const byOffice = await client(services['social-services'], { institutionId: EO, userId: 'orient-eva', role: 'technician' }).post(`/referrals/${referralId}/acceptance`, { acceptedOn: today, caseId });
    expect(byOffice.status).toBe(403);
    const accepted = await ss.ok(`/referrals/${referralId}/acceptance`, { acceptedOn: today, caseId, note: 'taken in; diagnosis booked' });
    expect(accepted.events[0]).toMatchObject({ type: 'referral.accepted' });
    expect((await ss.get(`/cases/${caseId}`)).body.referrals).toEqual({ [referralId]: { referralId, referredBy: EO, acceptedOn: today } });
    await waitFor(async () => (await ss.get(`/referrals/${declinedId}`)).body?.status === 'sent', 120_000, 'the second referral at social services');
    await ss.ok(`/referrals/${declinedId}/decline`, { declinedOn: today, reason: 'the person lives in another municipality' });

    // 3. The office sees both answers, through Kafka.
    await waitFor(async () => (await eo.get(`/referrals/${referralId}`)).body?.status === 'accepted', 120_000, 'the acceptance at the employment office');
    expect((await eo.get(`/referrals/${referralId}`)).body).toMatchObject({ status: 'accepted', caseId, answeredOn: today });
    await waitFor(async () => (await eo.get(`/referrals/${declinedId}`)).body?.status === 'declined', 120_000, 'the decline at the employment office');
    expect((await eo.get(`/referrals/${declinedId}`)).body).toMatchObject({ reason: 'the person lives in another municipality' });

    // 4. The diagnosis raises the risk to high: the band change and a case-table meeting proposal, recorded by reaction.
    await ss.ok(`/cases/${caseId}/itinerary`, { itineraryId: 'it-pact', steps: [{ stepId: 'orientation', kind: 'training', responsibleInstitution: EO, plannedStart: today, plannedEnd: nextWeek }] });
    await ss.ok('/tables', { tableId, level: 'case', scopeId: caseId, members: [SS, EO].map((institutionId) => ({ institutionId, people: ['x'] })) });
    await ss.ok(`/cases/${caseId}/diagnosis`, {
      diagnosedOn: today,
      dimensions: ['employability', 'resilience', 'life-stage', 'family-and-coexistence', 'income'].map((dimension) => ({ dimension, score: 9, critical: true })),
      criticalFactors: ['long-term-unemployment', 'guaranteed-income-recipient', 'training-drop-out'],
    });
    await waitFor(async () => (await ss.get(`/cases/${caseId}/risk`)).body?.recorded?.band === 'high', 120_000, 'the high band recorded');
    const risk = (await ss.get(`/cases/${caseId}/risk`)).body;
    // diagnosis min(40, 36) + min(20, 25) + min(10, 6) = 62: high.
    expect(risk.risk).toMatchObject({ score: 62, band: 'high', components: { diagnosis: 62 } });
    expect(risk.proposals).toEqual([expect.objectContaining({ proposalId: 'pp-1', kind: 'case-table-meeting', status: 'open' })]);

    // 5. The reference technician accepts: the meeting is convened at the case table, and reaches the office through Kafka.
    const meetingId = `m-risk-${run}`;
    await ss.ok(`/cases/${caseId}/proactive-proposals/acceptances`, { proposalId: 'pp-1', acceptedOn: today, meeting: { tableId, meetingId, date: nextWeek, agenda: ['high risk of chronification: integral support'] } });
    await waitFor(async () => (await eo.get(`/tables/${tableId}`)).body?.meetings?.[meetingId]?.status === 'convened', 120_000, 'the meeting at the employment office');

    // The case's timeline at social services tells the story in causal order.
    const timeline = (await ss.get(`/cases/${caseId}/timeline`)).body.events as { type: string; eventId: string; causationId?: string }[];
    const types = timeline.map((e) => e.type);
    for (const [before, after] of [['case.opened', 'referral.accepted'], ['case.diagnosis-recorded', 'case.risk-band-changed'], ['proactive-proposal.recorded', 'proactive-proposal.accepted']]) {
      expect(types.indexOf(before)).toBeGreaterThanOrEqual(0);
      expect(types.indexOf(before)).toBeLessThan(types.indexOf(after));
    }
    // The band change is caused by one of the case's events, recorded by the owner's reaction.
    const changed = timeline.find((e) => e.type === 'case.risk-band-changed')!;
    expect(timeline.some((e) => e.eventId === changed.causationId)).toBe(true);
  }, 900_000);
});
