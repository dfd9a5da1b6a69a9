import { randomUUID } from 'node:crypto';
import { serviceClient } from '@inclusion/api-client';
import { dropSchemas } from '../support/database';
import { tokenFor } from '../support/institutions';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** The typed client generated from docs/openapi (openapi-typescript + openapi-fetch), against a real social-services process. */
describe('the typed client of the OpenAPI documents', () => {
  const schema = uniqueSchema('ss_client');
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema });
    await service.waitHealthy();
  });
  afterAll(async () => {
    await service.stop();
    await dropSchemas(schema);
  });

  const api = () => serviceClient('social-services', service.url, { token: () => tokenFor('ss-albacete', 'tech-ana', 'technician') });

  it('opens a case and reads it back, typed end to end', async () => {
    const caseId = `case-${randomUUID()}`;
    const opened = await api().POST('/cases', {
      body: { caseId, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['long-term-unemployed'] },
      params: { header: { 'Idempotency-Key': `open-${caseId}` } },
    });
    expect(opened.response.status).toBe(201);
    expect(opened.data).toMatchObject({ streamId: `case-${caseId}`, version: 1, events: [{ type: 'case.opened', caseId }] });

    const read = await api().GET('/cases/{caseId}', { params: { path: { caseId }, header: { 'X-Purpose': 'follow-up' } } });
    expect(read.response.status).toBe(200);
    const view = read.data!;
    expect(view.status).toBe('open');
    expect(view.municipality).toBe('Albacete');
    expect(view.openedBy).toBe('ss-albacete');

    const timeline = await api().GET('/cases/{caseId}/timeline', { params: { path: { caseId }, header: { 'X-Purpose': 'follow-up' } } });
    expect(timeline.data?.events.map((e) => e.type)).toEqual(['case.opened']);
  });

  it('gives the error body of the document on a refusal', async () => {
    const refused = await api().POST('/cases/{caseId}/reference-technician', { params: { path: { caseId: `case-${randomUUID()}` } }, body: { technicianId: 'tech-ana' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ statusCode: 403, code: 'ACCESS.DENIED' });

    const invalid = await api().POST('/cases', { body: { caseId: 'bad id!', personId: 'x', municipality: '', gender: 'female', birthYear: 1984, incidenceGroups: [] } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.code).toBe('REQUEST.INVALID');
    expect(invalid.error?.problems?.length).toBeGreaterThan(0);
  });
});
