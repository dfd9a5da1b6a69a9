import { dropSchemas } from '../support/database';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/** GET /health answers from the last background check (HEALTH_REFRESH_MS), not by checking PostgreSQL and Kafka on every poll. */
describe('readiness from a snapshot', () => {
  const schema = uniqueSchema('readiness');
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await ServiceProcess.start('employment-office', { DATABASE_SCHEMA: schema, HEALTH_REFRESH_MS: '60000' });
    await service.waitHealthy(90_000);
  });
  afterAll(async () => {
    await service?.stop();
    await dropSchemas(schema);
  });

  it('answers many polls from one check, saying when it was made', async () => {
    const polls = await Promise.all(Array.from({ length: 20 }, async () => (await fetch(`${service.url}/health`)).json() as Promise<{ status: string; checkedAt: string }>));
    expect(new Set(polls.map((poll) => poll.status))).toEqual(new Set(['ok']));
    expect(new Set(polls.map((poll) => poll.checkedAt)).size).toBe(1);
    expect(Date.parse(polls[0].checkedAt)).toBeLessThanOrEqual(Date.now());
  });
});
