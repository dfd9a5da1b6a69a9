import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { TestNetwork } from '../support/service-process';

/**
 * Mandates (issue 15, seeds/002 "Aziende Speciali dei Comuni per la gestione dei servizi in
 * delega"), two services as their own processes on the real broker and database: a
 * municipality's social services (ss-hellin) grants an institution hosted elsewhere
 * (ei-solidaria, at the insertion-company service) a dated mandate in its own log; the
 * mandate reaches the agent's service through Kafka, and only while it is in force does a
 * command sent there with X-On-Behalf-Of: ss-hellin pass (recorded in the agent's own log,
 * naming whom it acted for). No mandate, one not yet in force, or a revoked one: 403 naming
 * the rule, nothing written.
 */
type Name = 'social-services' | 'insertion-company';

describe('mandates: acting on behalf of a municipality needs its mandate in force', () => {
  let network: TestNetwork<Name>;
  const run = randomUUID().slice(0, 8);
  const SS = 'ss-hellin';
  const EI = 'ei-solidaria';
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const mandate = { mandateId: `m-sad-${run}`, agentInstitutionId: EI, services: 'servizio di assistenza domiciliare', basis: 'delibera 14/2026', validFrom: day(-30), validUntil: day(365) };

  let ss: ReturnType<typeof client>;
  let ssTech: ReturnType<typeof client>;
  let ssAlbacete: ReturnType<typeof client>;
  let ei: ReturnType<typeof client>;

  /** A command the agent can send at its own service: a programme-level table with itself as member. */
  const table = () => ({ tableId: `t-${randomUUID().slice(0, 8)}`, level: 'programme', scopeId: `prog-${run}`, members: [{ institutionId: EI, people: ['eva'] }] });
  const actFor = (grantor: string, body = table()) => ei.post('/tables', body, { 'x-on-behalf-of': grantor });
  const received = async () => (await ei.get<{ received: { mandateId: string; status: string }[] }>('/mandates')).body.received.filter((m) => m.mandateId.endsWith(run));

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'insertion-company'], 'mandates');
    ss = client(network.services['social-services'], { institutionId: SS, userId: 'coord-pau', role: 'coordinator' });
    ssTech = client(network.services['social-services'], { institutionId: SS, userId: 'tech-rosa', role: 'technician' });
    ssAlbacete = client(network.services['social-services'], { institutionId: 'ss-albacete', userId: 'coord-ana', role: 'coordinator' });
    ei = client(network.services['insertion-company'], { institutionId: EI, userId: 'coord-eva', role: 'coordinator' });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  it('without a mandate, acting on behalf of the municipality is refused and writes nothing', async () => {
    const body = table();
    const refused = await actFor(SS, body);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'MANDATE.NONE', message: expect.stringContaining('ss-hellin granted it no mandate') });
    // Nothing was written: the same table, created by the company for itself (which needs no mandate), is the stream's first event.
    expect(await ei.post('/tables', body)).toMatchObject({ status: 201, body: { version: 1 } });
  });

  it('refuses a bad mandate with every problem named, a technician, an unknown agent and a backwards period', async () => {
    const bad = await ss.post('/mandates', { mandateId: 'm x', validFrom: 'soon' });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.body);
    for (const field of ['mandateId', 'agentInstitutionId', 'services', 'basis', 'validFrom', 'validUntil']) expect(text).toContain(field);
    expect(await ssTech.post('/mandates', mandate)).toMatchObject({ status: 403, body: { code: 'ACCESS.COORDINATORS_ONLY' } });
    expect(await ss.post('/mandates', { ...mandate, agentInstitutionId: 'nobody-here' })).toMatchObject({ status: 422, body: { code: 'MANDATE.UNKNOWN_AGENT' } });
    expect(await ss.post('/mandates', { ...mandate, validUntil: day(-31) })).toMatchObject({ status: 422, body: { code: 'MANDATE.BAD_PERIOD' } });
  });

  it('with the mandate received through Kafka, the agent acts on behalf of the municipality, in its own log', async () => {
    const granted = await ss.post('/mandates', mandate);
    expect(granted.status).toBe(201);
    expect(granted.body.events[0]).toMatchObject({ type: 'mandate.granted', institutionId: SS, streamId: `mandates-${SS}` });
    expect(await ss.post('/mandates', mandate)).toMatchObject({ status: 409, body: { code: 'MANDATE.ALREADY_GRANTED' } });

    let reply = await actFor(SS);
    await waitFor(async () => {
      if (reply.status === 201) return true;
      expect(reply.body.code).toBe('MANDATE.NONE');
      reply = await actFor(SS);
      return reply.status === 201;
    }, 60_000, 'the mandate to reach the insertion-company service');
    expect(reply.body.events[0]).toMatchObject({ type: 'table.created', institutionId: EI, actor: { userId: 'coord-eva', onBehalfOf: SS } });
    expect(await received()).toEqual([expect.objectContaining({ mandateId: mandate.mandateId, grantor: SS, agent: EI, status: 'in-force' })]);

    // A mandate of one municipality is not a mandate of another.
    expect(await actFor('ss-albacete')).toMatchObject({ status: 403, body: { code: 'MANDATE.NONE' } });
  });

  it('a mandate not yet in force does not count', async () => {
    const later = { ...mandate, mandateId: `m-later-${run}`, validFrom: day(10), validUntil: day(100) };
    expect((await ssAlbacete.post('/mandates', later)).status).toBe(201);
    await waitFor(async () => (await received()).some((m) => m.mandateId === later.mandateId && m.status === 'not-yet'), 60_000, 'the later mandate to arrive');
    expect(await actFor('ss-albacete')).toMatchObject({ status: 403, body: { code: 'MANDATE.NOT_IN_FORCE', message: expect.stringContaining(later.validFrom) } });
  });

  it('once revoked, the agent may no longer act on its behalf', async () => {
    expect(await ssTech.post(`/mandates/${mandate.mandateId}/revocations`, { revokedOn: day(0), reason: 'servizio reinternalizzato' })).toMatchObject({ status: 403 });
    const revoked = await ss.post(`/mandates/${mandate.mandateId}/revocations`, { revokedOn: day(0), reason: 'servizio reinternalizzato' });
    expect(revoked.status).toBe(201);
    expect(await ss.post(`/mandates/${mandate.mandateId}/revocations`, { revokedOn: day(0), reason: 'again' })).toMatchObject({ status: 409, body: { code: 'MANDATE.ALREADY_REVOKED' } });
    expect(await ss.post(`/mandates/m-none-${run}/revocations`, { revokedOn: day(0), reason: 'x' })).toMatchObject({ status: 404, body: { code: 'MANDATE.NOT_FOUND' } });
    await waitFor(async () => (await received()).some((m) => m.mandateId === mandate.mandateId && m.status === 'revoked'), 60_000, 'the revocation to arrive');
    const body = table();
    expect(await actFor(SS, body)).toMatchObject({ status: 403, body: { code: 'MANDATE.REVOKED' } });
    expect(await ei.post('/tables', body)).toMatchObject({ status: 201, body: { version: 1 } });
    const own = (await ss.get<{ granted: { mandateId: string; status: string; revocationReason: string }[] }>('/mandates')).body.granted;
    expect(own.find((m) => m.mandateId === mandate.mandateId)).toMatchObject({ status: 'revoked', revocationReason: 'servizio reinternalizzato' });
  });
});
