import { randomUUID } from 'node:crypto';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { waitFor } from '../support/kafka';
import { MetricsPort } from '../support/metrics';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** What operators get from a running service: metrics, readiness with lags, pino JSON logs with correlation ids. */
describe('operating a service', () => {
  const schema = uniqueSchema('ops');
  let service: ServiceProcess;
  let metrics: MetricsPort;

  beforeAll(async () => {
    metrics = await MetricsPort.free();
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema, LOG_LEVEL: 'debug', ...metrics.env });
    await service.waitHealthy();
    // /health is up before the backbone has started its consumers (the relay starts first).
    await waitFor(async () => ((await (await fetch(`${service.url}/health`)).json()) as { details: { consumers: { running: number } } }).details.consumers.running === 2, 60_000, 'both consumers running');
  });
  afterAll(async () => {
    await service.stop();
    await dropSchemas(schema);
  });

  it('exposes Prometheus metrics of appends, publishing, consumers and lags on the metrics port (METRICS_PORT)', async () => {
    const ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    await ss.ok('/cases', { caseId: `case-${randomUUID()}`, personId: 'p-ops-1', municipality: 'Albacete', gender: 'male', birthYear: 1980, incidenceGroups: [] });
    let text = '';
    await waitFor(async () => {
      text = await metrics.scrape();
      return /inclusion_events_published_total\{service="social-services"\} [1-9]/.test(text);
    }, 30_000, 'the published counter');
    /** The value of the sample of `name` whose labels include all of `labels` (label order does not matter). */
    const sample = (name: string, labels: string[]) =>
      text.split('\n').find((line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)))?.split(' ').pop();
    expect(sample('inclusion_events_appended_total', ['type="case.opened"'])).toBe('1');
    expect(sample('inclusion_append_duration_seconds_count', [])).toBe('1');
    // its group commit: one batch of one append
    expect(sample('inclusion_group_commit_appends_count', [])).toBe('1');
    expect(sample('inclusion_group_commit_appends_sum', [])).toBe('1');
    expect(sample('inclusion_group_commit_duration_seconds_count', [])).toBe('1');
    // the first batch of a process has no commit of its own to be computed on
    expect(sample('inclusion_group_commit_computed_ahead_total', ['outcome="not-tried"'])).toBe('1');
    expect(sample('inclusion_outbox_unpublished', [])).toBe('0');
    expect(sample('inclusion_consumer_lag_messages', ['.social-services.network"'])).toMatch(/^\d+$/);
    // counters show from the start, at 0: no consumer was replaced, none dead-lettered
    expect(sample('inclusion_consumer_restarts_total', ['.social-services.network"'])).toBe('0');
    expect(sample('inclusion_events_consumed_total', ['.social-services.network"', 'outcome="deadLettered"'])).toBe('0');
    expect(sample('inclusion_http_request_duration_seconds_count', ['method="POST"', 'route="/cases"', 'status="201"'])).toBe('1');
    expect(text).toMatch(/process_resident_memory_bytes/);
  });

  it('serves no metrics on the API port, with or without a token; the metrics port serves nothing else', async () => {
    const token = await tokenFor('ss-albacete', 'tech-ana', 'technician');
    for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const response = await fetch(`${service.url}/metrics`, { headers });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('inclusion_events_appended_total');
    }
    expect((await fetch(`http://127.0.0.1:${metrics.port}/health`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metrics.port}/cases`, { method: 'POST' })).status).toBe(404);
  });

  it('reports consumer lag in readiness and logs each request as pino JSON with its correlation id, as every line written while handling it', async () => {
    const health = (await (await fetch(`${service.url}/health`)).json()) as { details: { consumers: { status: string; running: number } } };
    expect(health.details.consumers).toMatchObject({ status: 'up', running: 2 });

    const correlationId = randomUUID();
    const ss = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const reply = await ss.post('/cases', { caseId: `case-${randomUUID()}`, personId: 'p-ops-2', municipality: 'Albacete', gender: 'male', birthYear: 1980, incidenceGroups: [] }, { 'x-correlation-id': correlationId });
    expect(reply.body.events[0].correlationId).toBe(correlationId);
    await waitFor(() => service.log.split('\n').some((l) => l.includes(correlationId) && l.includes('"context":"HTTP"')), 10_000, 'the request log line');
    const lines = service.log
      .split('\n')
      .filter((l) => l.includes(correlationId))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // The request line: pino's level name and ISO time, the service, the correlation id.
    const request = lines.find((l) => l.context === 'HTTP')!;
    expect(request).toMatchObject({ level: 'info', msg: 'request', service: 'social-services', method: 'POST', route: '/cases', status: 201, correlationId });
    expect(new Date(String(request.time)).toISOString()).toBe(request.time);
    expect(request.pid).toBe(service.child.pid);
    // A line the command handler (the command loop) wrote while handling it carries the same id,
    // though nothing passed it along: it comes from the request's log context.
    const command = lines.find((l) => l.context === 'CommandRunner')!;
    expect(command).toMatchObject({ level: 'debug', msg: 'command recorded', service: 'social-services', correlationId, command: 'POST /cases', events: ['case.opened'], version: 1 });
    expect(command.streamId).toBe(reply.body.streamId);
    expect(Date.parse(String(command.time))).toBeLessThanOrEqual(Date.parse(String(request.time)));
    // Every line is one JSON object with a level, a time and the service.
    for (const raw of service.log.split('\n').filter((l) => l.trim())) expect(JSON.parse(raw)).toMatchObject({ level: expect.any(String), time: expect.any(String), service: 'social-services' });
  });
});
