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

  it('records the acting user and role from the token, and an explicit representation', async () => {
    const reply = await albacete.ok(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' }, { 'x-on-behalf-of': 'ss-hellin' });
    expect(reply.events[0]).toMatchObject({ institutionId: 'ss-albacete', actor: { userId: 'tech-ana', role: 'technician', onBehalfOf: 'ss-hellin' } });
  });
});
