import { randomUUID } from 'node:crypto';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** The HTTP contract of a command service, against the real service process, PostgreSQL and Kafka. */
describe('social-services HTTP API', () => {
  const schema = uniqueSchema('ss_http');
  let service: ServiceProcess;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema });
    await service.waitHealthy();
    api = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
  });
  afterAll(async () => {
    await service.stop();
    await dropSchemas(schema);
  });

  const person = () => `p-${randomUUID().slice(0, 8)}`;
  const openCase = (caseId: string, personId = person()) => ({ caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1981, incidenceGroups: ['minimum-income-recipient'] });

  it('records a command and returns the resulting events and the new stream version', async () => {
    const caseId = `case-${randomUUID()}`;
    const reply = await api.post('/cases', openCase(caseId));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ streamId: `case-${caseId}`, version: 1, events: [{ type: 'case.opened', streamVersion: 1, institutionId: 'ss-albacete', caseId, actor: { userId: 'tech-ana', role: 'technician' } }] });
    const state = await api.get(`/cases/${caseId}`);
    expect(state.body).toMatchObject({ status: 'open', municipality: 'Albacete' });
  });

  it('answers 400 naming every invalid field and header, and writes nothing', async () => {
    const reply = await api.post('/cases', { caseId: 'bad id!', personId: 'x', municipality: '', gender: 'robot', birthYear: 1700, incidenceGroups: ['pirates'], extra: true });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ statusCode: 400, code: 'REQUEST.INVALID' });
    const fields = reply.body.problems.map((p: { field: string }) => p.field).sort();
    expect(fields).toEqual(['birthYear', 'caseId', 'extra', 'gender', 'incidenceGroups', 'municipality', 'personId']);
    expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.js|stack/i);

    const badHeaders = await api.post('/cases', openCase(`case-${randomUUID()}`), { 'x-expected-version': 'latest', 'x-correlation-id': 'nope' });
    expect(badHeaders.status).toBe(400);
    expect(badHeaders.body.problems.map((p: { field: string }) => p.field)).toEqual(['X-Correlation-Id', 'X-Expected-Version']);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const reply = await api.post('/cases', '{"caseId": ');
    expect(reply).toEqual({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) } });
  });

  it('answers 403 for a command on an unknown case, as for a case of another institution (existence is not revealed)', async () => {
    const reply = await api.post(`/cases/case-${randomUUID()}/reference-technician`, { technicianId: 'tech-ana' });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'ACCESS.DENIED' });
  });

  it('answers 403 for a table the institution is not a member of, or that does not exist', async () => {
    const reply = await api.get(`/tables/table-${randomUUID()}`);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'ACCESS.DENIED' });
  });

  it('answers 422 with the violated rule: one open case per person and municipality', async () => {
    const personId = person();
    await api.ok('/cases', openCase(`case-${randomUUID()}`, personId));
    const reply = await api.post('/cases', openCase(`case-${randomUUID()}`, personId));
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ code: 'CASE.PERSON_ALREADY_OPEN', message: expect.stringContaining('already has an open case') });
  });

  it('refuses the second of two concurrent openings for the same person', async () => {
    const personId = person();
    const replies = await Promise.all([1, 2, 3].map(() => api.post('/cases', openCase(`case-${randomUUID()}`, personId))));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422, 422]);
  });

  it('answers 409 when the expected version is not the stream version', async () => {
    const caseId = `case-${randomUUID()}`;
    await api.ok('/cases', openCase(caseId));
    const first = await api.post(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-ana' }, { 'x-expected-version': '1' });
    expect(first.status).toBe(201);
    const stale = await api.post(`/cases/${caseId}/reference-technician`, { technicianId: 'tech-eva' }, { 'x-expected-version': '1' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STREAM.WRONG_EXPECTED_VERSION', message: expect.stringContaining('is at version 2, expected 1') });
  });

  it('makes retries safe with an Idempotency-Key: same response, one effect; another body with the same key is 409', async () => {
    const caseId = `case-${randomUUID()}`;
    const body = openCase(caseId);
    const key = randomUUID();
    const first = await api.post('/cases', body, { 'idempotency-key': key });
    const retry = await api.post('/cases', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const timeline = await api.get(`/cases/${caseId}/timeline`);
    expect(timeline.body.events).toHaveLength(1);
    const reused = await api.post('/cases', { ...body, birthYear: 1990 }, { 'idempotency-key': key });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('stores injection-like text literally and rejects oversized input', async () => {
    const caseId = `case-${randomUUID()}`;
    await api.ok('/cases', openCase(caseId));
    const sly = `'); DROP TABLE events; -- <script>alert(1)</script> {{7*7}} \${process.env}`;
    const reply = await api.post(`/cases/${caseId}/accreditation`, { validFrom: '2026-01-01', validUntil: '2026-12-31', basis: sly });
    expect(reply.status).toBe(201);
    const timeline = await api.get(`/cases/${caseId}/timeline`);
    expect(timeline.body.events[1].payload.basis).toBe(sly);
    expect((await api.post(`/cases/${caseId}/accreditation`, { validFrom: '2026-01-01', validUntil: '2026-12-31', basis: 'x'.repeat(501) })).status).toBe(400);
    const huge = await api.post(`/cases/${caseId}/accreditation`, { validFrom: '2026-01-01', validUntil: '2026-12-31', basis: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413 });
    expect((await api.post(`/cases/${caseId}'%20OR%201=1/diagnosis`, { diagnosedOn: '2026-01-20', dimensions: [] })).status).toBe(400);
  });

  it('publishes the OpenAPI document with the command bodies generated from their validation rules', async () => {
    const docs = (await (await fetch(`${service.url}/docs/json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: object }> } };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/cases', '/cases/{caseId}/diagnosis', '/cases/{caseId}/timeline', '/tables/{tableId}/decisions', '/cases/{caseId}/steps/started']));
    expect(Object.keys(docs.components.schemas.OpenCaseBody.properties ?? {})).toEqual(expect.arrayContaining(['caseId', 'personId', 'incidenceGroups']));
  });
});
