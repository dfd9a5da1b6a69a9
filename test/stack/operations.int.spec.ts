import { randomUUID } from 'node:crypto';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** What operators get from a running service: metrics, readiness with lags, JSON logs with correlation ids. */
describe('operating a service', () => {
  const schema = uniqueSchema('ops');
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema, LOG_LEVEL: 'log' });
    await service.waitHealthy();
  });
  afterAll(async () => {
    await service.stop();
    await dropSchemas(schema);
  });

  it('exposes Prometheus metrics of appends, publishing, consumers and lags', async () => {
    const ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    await ss.ok('/cases', { caseId: `case-${randomUUID()}`, personId: 'p-ops-1', municipality: 'Albacete', gender: 'male', birthYear: 1980, incidenceGroups: [] });
    let text = '';
    await waitFor(async () => {
      text = await (await fetch(`${service.url}/metrics`)).text();
      return /inclusion_events_published_total\{service="social-services"\} [1-9]/.test(text);
    }, 30_000, 'the published counter');
    /** The value of the sample of `name` whose labels include all of `labels` (label order does not matter). */
    const sample = (name: string, labels: string[]) =>
      text.split('\n').find((line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)))?.split(' ').pop();
    expect(sample('inclusion_events_appended_total', ['type="case.opened"'])).toBe('1');
    expect(sample('inclusion_append_duration_seconds_count', [])).toBe('1');
    expect(sample('inclusion_outbox_unpublished', [])).toBe('0');
    expect(sample('inclusion_consumer_lag_messages', ['.social-services.network"'])).toMatch(/^\d+$/);
    expect(sample('inclusion_http_request_duration_seconds_count', ['method="POST"', 'route="/cases"', 'status="201"'])).toBe('1');
    expect(text).toMatch(/process_resident_memory_bytes/);
  });

  it('reports consumer lag in readiness and logs each request as JSON with its correlation id', async () => {
    const health = (await (await fetch(`${service.url}/health`)).json()) as { details: { consumers: { status: string; running: number } } };
    expect(health.details.consumers).toMatchObject({ status: 'up', running: 2 });

    const correlationId = randomUUID();
    const ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const reply = await ss.post('/cases', { caseId: `case-${randomUUID()}`, personId: 'p-ops-2', municipality: 'Albacete', gender: 'male', birthYear: 1980, incidenceGroups: [] }, { 'x-correlation-id': correlationId });
    expect(reply.body.events[0].correlationId).toBe(correlationId);
    await waitFor(() => service.log.includes(correlationId), 10_000, 'the request log line');
    const line = service.log.split('\n').find((l) => l.includes(correlationId))!;
    expect(JSON.parse(line)).toMatchObject({ level: 'log', context: 'HTTP', message: { method: 'POST', route: '/cases', status: 201, correlationId } });
  });
});
