import { randomUUID } from 'node:crypto';
import { signToken } from '@inclusion/access';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { strangerKey, tokenFor } from '../support/institutions';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** Identity and write rights: signed tokens per institution, kinds, participation. */
describe('access to a service', () => {
  const schema = uniqueSchema('access');
  let service: ServiceProcess;
  let albacete: ReturnType<typeof client>;
  let hellin: ReturnType<typeof client>;
  let company: ReturnType<typeof client>;
  const caseId = `case-${randomUUID()}`;

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema });
    await service.waitHealthy();
    albacete = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    hellin = client(service, { institutionId: 'ss-hellin', userId: 'tech-pau', role: 'technician' });
    company = client(service, { institutionId: 'ei-solidaria', userId: 'tutor-luis', role: 'tutor' });
    await albacete.ok('/cases', { caseId, personId: 'p-access-1', municipality: 'Albacete', gender: 'male', birthYear: 1970, incidenceGroups: [] });
  });
  afterAll(async () => {
    await service.stop();
    await dropSchemas(schema);
  });

  const raw = async (path: string, authorization?: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
  };

  it('answers 401 without a token, on reads and writes; health stays open', async () => {
    expect(await raw(`/cases/${caseId}`)).toMatchObject({ status: 401, body: { code: 'AUTH.MISSING_TOKEN' } });
    expect(await raw('/cases', undefined, 'POST', {})).toMatchObject({ status: 401, body: { code: 'AUTH.MISSING_TOKEN' } });
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  });

  it('answers 401 to a forged token (signed with a key that is not the institution’s)', async () => {
    const forged = await signToken('ss-albacete', strangerKey(), { userId: 'tech-ana', role: 'technician' });
    expect(await raw(`/cases/${caseId}`, `Bearer ${forged}`)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_TOKEN' } });
  });

  it('answers 401 to an expired token and to an institution outside the network', async () => {
    const expired = await tokenFor('ss-albacete', 'tech-ana', 'technician', Math.floor(Date.now() / 1000) - 60);
    expect(await raw(`/cases/${caseId}`, `Bearer ${expired}`)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_TOKEN', message: 'the token has expired' } });
    const outsider = await signToken('ss-nowhere', strangerKey(), { userId: 'x', role: 'technician' });
    expect(await raw(`/cases/${caseId}`, `Bearer ${outsider}`)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_TOKEN' } });
    expect(await raw(`/cases/${caseId}`, 'Bearer not-a-jwt')).toMatchObject({ status: 401 });
  });

  it("answers 403 to another institution's case exactly as to a case that does not exist", async () => {
    const other = await hellin.get(`/cases/${caseId}`);
    const missing = await hellin.get(`/cases/case-${randomUUID()}`);
    expect(other.status).toBe(403);
    expect(other.body).toEqual(missing.body);
    expect((await hellin.get(`/cases/${caseId}/timeline`)).status).toBe(403);
    const write = await hellin.post(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-pau' });
    expect(write.status).toBe(403);
    expect(write.body).toEqual((await hellin.post(`/cases/case-${randomUUID()}/reference-technician`, { technicianId: 'tech-pau' })).body);
  });

  it("answers 403 when an institution records another kind's events", async () => {
    const reply = await company.post('/cases', { caseId: `case-${randomUUID()}`, personId: 'p-company', municipality: 'Albacete', gender: 'male', birthYear: 1970, incidenceGroups: [] });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'ACCESS.WRONG_INSTITUTION_KIND' });
  });

  it('answers 400 to a read of case data that names no purpose, and logs the attempt', async () => {
    const token = await tokenFor('ss-albacete', 'tech-ana', 'technician');
    expect(await raw(`/cases/${caseId}`, `Bearer ${token}`)).toMatchObject({ status: 400, body: { code: 'ACCESS.PURPOSE_REQUIRED' } });
    expect((await albacete.get(`/cases/${caseId}`, { 'x-purpose': 'supervision' })).body).toMatchObject({ code: 'ACCESS.PURPOSE_NOT_ALLOWED' });
  });

  it('records every read of personal data, granted or denied, in an append-only access log that supervisors query', async () => {
    const correlationId = randomUUID();
    await albacete.get(`/cases/${caseId}/timeline`, { 'x-purpose': 'assessment', 'x-correlation-id': correlationId });
    await hellin.get(`/cases/${caseId}`);
    const supervisor = client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    expect((await albacete.get(`/access-log?caseId=${caseId}`)).status).toBe(403);

    const log = await supervisor.get(`/access-log?caseId=${caseId}&limit=1000`);
    expect(log.status).toBe(200);
    expect(log.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician', purpose: 'assessment', resource: 'case-timeline', outcome: 'granted', correlationId }),
        expect.objectContaining({ institutionId: 'ss-hellin', purpose: 'follow-up', resource: 'case', outcome: 'denied', reason: 'no part in the case' }),
        expect.objectContaining({ institutionId: 'ss-albacete', purpose: null, outcome: 'denied', reason: 'no valid purpose' }),
      ]),
    );
    const report = await supervisor.get('/access-log/persons/p-access-1');
    expect(report.body).toMatchObject({ personId: 'p-access-1', cases: [caseId] });
    expect(report.body.entries.length).toBe(log.body.entries.length);

    const paged = await supervisor.get(`/access-log?caseId=${caseId}&limit=1`);
    expect(paged.body.entries).toHaveLength(1);
    expect(paged.body.next).toBe(paged.body.entries[0].id);

    const { Client } = await import('pg');
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await expect(db.query(`DELETE FROM "${schema}".access_log`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE "${schema}".access_log SET outcome = 'granted'`)).rejects.toThrow(/append-only/);
    await db.end();
  });

  it("stops sharing with an institution for a purpose once the person withdraws consent, from then on", async () => {
    const office = client(service, { institutionId: 'eo-albacete', userId: 'orient-eva', role: 'technician' });
    const shared = `case-${randomUUID()}`;
    await albacete.ok('/cases', { caseId: shared, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1992, incidenceGroups: [] });
    expect((await office.get(`/cases/${shared}`)).status).toBe(403); // not (yet) taking part
    await albacete.ok(`/cases/${shared}/itinerary`, { itineraryId: 'it-1', steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] });
    expect((await office.get(`/cases/${shared}`)).status).toBe(200);

    await albacete.ok(`/cases/${shared}/consent-withdrawals`, { institutionId: 'eo-albacete', purpose: 'follow-up', on: '2026-11-22' });
    const refused = await office.get(`/cases/${shared}/timeline`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS.CONSENT_WITHDRAWN' });
    expect((await office.get(`/cases/${shared}`, { 'x-purpose': 'assessment' })).status).toBe(200);
    expect((await albacete.get(`/cases/${shared}`)).status).toBe(200); // the owner keeps its own record

    await albacete.ok(`/cases/${shared}/consents`, { institutionId: 'eo-albacete', purpose: 'follow-up', on: '2026-11-23' });
    expect((await office.get(`/cases/${shared}`)).status).toBe(200);
  });

  it('records the acting user and role from the token, and an explicit representation backed by a mandate', async () => {
    // Without ss-hellin's mandate, acting on its behalf is refused (libs/domain/src/mandate).
    expect(await albacete.post(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' }, { 'x-on-behalf-of': 'ss-hellin' })).toMatchObject({ status: 403, body: { code: 'MANDATE.NONE' } });
    const hellinCoordinator = client(service, { institutionId: 'ss-hellin', userId: 'coord-pau', role: 'coordinator' });
    await hellinCoordinator.ok('/mandates', { mandateId: `m-${caseId}`, agentInstitutionId: 'ss-albacete', services: 'social services', basis: 'agreement', validFrom: '2026-01-01', validUntil: '2099-12-31' });
    const reply = await albacete.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' }, { 'x-on-behalf-of': 'ss-hellin' });
    expect(reply.events[0]).toMatchObject({ institutionId: 'ss-albacete', actor: { userId: 'tech-ana', role: 'technician', onBehalfOf: 'ss-hellin' } });
  });
});
