import { dropSchemas } from '../support/database';
import { SERVICE_NAMES, ServiceProcess, uniqueSchema } from '../support/service-process';

describe('each service, started as its own process', () => {
  const started: ServiceProcess[] = [];
  const schemas: string[] = [];

  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
    await dropSchemas(...schemas);
  });

  it.each(SERVICE_NAMES)('%s boots and its health endpoint reports PostgreSQL and Kafka up', async (name) => {
    const schema = uniqueSchema(name);
    schemas.push(schema);
    const service = await ServiceProcess.start(name, { DATABASE_SCHEMA: schema });
    started.push(service);

    const health = await service.waitHealthy();

    expect(health).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, kafka: { status: 'up', brokers: 1 }, outbox: { status: 'up', unpublished: 0 } },
    });
    const docs = await fetch(`${service.url}/docs/json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { paths: object }).paths).toHaveProperty('/health');
  });

  it('a service given a bad configuration exits with a message naming each bad variable', async () => {
    const service = await ServiceProcess.start('insertion-company', { PORT: 'eighty', KAFKA_BROKERS: '', DATABASE_URL: 'not-a-url' });

    expect(await service.exited()).toBe(1);
    expect(service.log).toContain('[insertion-company] cannot start. Invalid configuration:');
    expect(service.log).toContain('PORT must be an integer TCP port between 1 and 65535 (got "eighty")');
    expect(service.log).toContain('KAFKA_BROKERS is not set');
    expect(service.log).toContain('DATABASE_URL must be a PostgreSQL URL');
  });

  it('a service whose database is unreachable exits and says so', async () => {
    const service = await ServiceProcess.start('employment-office', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/inclusion',
      DATABASE_SCHEMA: uniqueSchema('unreachable'),
    });

    expect(await service.exited(60_000)).toBe(1);
    expect(service.log).toContain('[employment-office] failed to start');
  });
});
