import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { TestNetwork } from '../support/service-process';

/**
 * Partners with no service of their own kind (issue 15 "Who takes part"): a third-sector entity
 * (ts-caritas-albacete) and a health service (hs-sescam-albacete) are institutions of the
 * registry hosted by the social-services service, which holds their event keys and acts only
 * for them. Two services as their own processes, on the real broker and database: the
 * delegation leads a territorial plan naming the partners; a partner records its finding at its
 * host, signed with its own registered key; the finding reaches the delegation through Kafka,
 * where the signature is verified against the registry, and counts in the plan. A partner
 * writes only where members write (tables, steps, plans, mandates), never as its host's kind,
 * and nowhere but at its host.
 */
type Name = 'social-services' | 'regional-delegation';

describe('partners hosted by a service: members like any other, only for themselves', () => {
  let network: TestNetwork<Name>;
  const run = randomUUID().slice(0, 8);
  const planId = `plis-partners-${run}`;
  const TS = 'ts-caritas-albacete';
  const HS = 'hs-sescam-albacete';
  let rd: ReturnType<typeof client>;
  let caritasAtHost: ReturnType<typeof client>;
  let healthAtHost: ReturnType<typeof client>;
  let caritasAtDelegation: ReturnType<typeof client>;

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'regional-delegation'], 'partners');
    rd = client(network.services['regional-delegation'], { institutionId: 'rd-albacete', userId: 'coord-marta', role: 'coordinator' });
    caritasAtHost = client(network.services['social-services'], { institutionId: TS, userId: 'coord-lucia', role: 'coordinator' });
    healthAtHost = client(network.services['social-services'], { institutionId: HS, userId: 'tech-jorge', role: 'technician' });
    caritasAtDelegation = client(network.services['regional-delegation'], { institutionId: TS, userId: 'coord-lucia', role: 'coordinator' });
    await rd.ok('/programmes', { programmeId: `prog-${run}`, name: 'Plan local', periodStart: '2026-01-01', periodEnd: '2028-12-31', lines: ['employment', 'health'], budget: 1000 });
    await rd.ok('/territorial-plans', { planId, name: 'PLIS Albacete', territory: 'Albacete', programmeId: `prog-${run}`, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [TS, HS] });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  it('a partner records its finding at its host, in its own log, and the delegation counts it', async () => {
    const finding = { findingId: `f-caritas-${run}`, line: 'housing', affectedGroup: 'families at risk of eviction', text: 'rising evictions in the districts we serve' };
    let reply = await caritasAtHost.post(`/territorial-plans/${planId}/findings`, finding);
    await waitFor(async () => {
      if (reply.status === 201) return true;
      expect([403, 404]).toContain(reply.status); // the plan has not reached the host yet
      reply = await caritasAtHost.post(`/territorial-plans/${planId}/findings`, finding);
      return reply.status === 201;
    }, 60_000, 'the plan to reach the social-services service');
    expect(reply.body.events[0]).toMatchObject({ type: 'territorial-plan.finding-recorded', institutionId: TS, streamId: `territorial-plan-${planId}@social-services` });

    // Received, verified against ts-caritas-albacete's registered key, and counted by the lead.
    await waitFor(async () => {
      const plan = await rd.get<{ diagnosis: { findings: { findingId: string; recordedBy?: string; institutionId?: string }[] } }>(`/territorial-plans/${planId}`);
      return plan.status === 200 && plan.body.diagnosis.findings.some((f) => f.findingId === finding.findingId);
    }, 60_000, "the partner's finding at the delegation");
  });

  it('a partner is not its host: it cannot open a case or record social-services facts', async () => {
    const opened = await healthAtHost.post('/cases', { caseId: `case-${run}`, personId: `p-${run}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [], openedOn: '2026-02-01' });
    expect(opened).toMatchObject({ status: 403, body: { code: 'ACCESS.WRONG_INSTITUTION_KIND', message: expect.stringContaining('health-service') } });
  });

  it('a health service refers a person to social services from its host, in its own log (PACT referrals)', async () => {
    const referral = { referralId: `ref-${run}`, toInstitution: 'ss-albacete', personId: `p-ref-${run}`, municipality: 'Albacete', signals: ['health-deterioration'], urgency: 'high', sentOn: '2026-03-01', situation: 'missed three appointments' };
    const sent = await healthAtHost.post('/referrals', referral);
    expect(sent).toMatchObject({ status: 201, body: { events: [expect.objectContaining({ type: 'referral.sent', institutionId: HS })] } });
    // Only social services answer a referral: a partner hosted at their service cannot accept it.
    expect((await caritasAtHost.post(`/referrals/${referral.referralId}/acceptance`, { caseId: `case-x-${run}`, acceptedOn: '2026-03-02' })).status).toBe(403);
  });

  it('a partner writes only at the service that hosts it', async () => {
    const table = { tableId: `t-${run}`, level: 'programme', scopeId: `prog-${run}`, members: [{ institutionId: TS, people: ['lucia'] }] };
    expect(await caritasAtDelegation.post('/tables', table)).toMatchObject({ status: 403, body: { code: 'ACCESS.WRONG_INSTITUTION_KIND' } });
    const atHost = await caritasAtHost.post('/tables', table);
    expect(atHost).toMatchObject({ status: 201, body: { events: [expect.objectContaining({ type: 'table.created', institutionId: TS })] } });
  });
});
