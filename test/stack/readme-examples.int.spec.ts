import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropSchemas } from '../support/database';
import { ROOT } from '../support/stack';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/**
 * Every shell example of the README runs as written, in order, in one bash session, against
 * social services started as `npm start` starts it (port 3001, the demo institutions of
 * infra/institutions.dev.json and their development keys, topic prefix "inclusion"), with
 * kcat (Debian's package) for the Kafka example. The quick start's own commands (npm start,
 * npm test) are what CI runs.
 */
describe('the README examples', () => {
  const schema = uniqueSchema('readme');
  let service: ServiceProcess;

  const blocks = () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]).filter((block) => !/^npm start/m.test(block));
  };

  beforeAll(async () => {
    execFileSync('kcat', ['-V'], { stdio: 'ignore' }); // fails the suite, with its error, when kcat is missing
    service = await ServiceProcess.start('social-services', {
      PORT: '3001',
      DATABASE_SCHEMA: schema,
      KAFKA_TOPIC_PREFIX: 'inclusion',
      INSTITUTIONS_JSON: undefined,
      INSTITUTIONS_FILE: 'infra/institutions.dev.json',
      EVENT_SIGNING_KEYS_JSON: undefined,
      EVENT_SIGNING_KEYS_DIR: 'infra/dev-keys/events/{service}',
    });
    await service.waitHealthy(90_000);
  });
  afterAll(async () => {
    await service?.stop();
    await dropSchemas(schema);
  });

  it('has the API and Kafka examples', () => expect(blocks().length).toBeGreaterThanOrEqual(2));

  it('runs them as written, and each does what the README says', () => {
    const script = ['set -euo pipefail', ...blocks(), 'sleep 3', "kcat -C -b 127.0.0.1:9092 -t inclusion.social-services.replies.v1 -o beginning -e -f '%k %h %s\\n'"].join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS } });
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, output: run.status === 0 ? 'ok' : output }).toEqual({ status: 0, output: 'ok' });
    // The curl examples: the case opened, then its timeline read for a declared purpose.
    expect(run.stdout).toMatch(/"type":"case\.opened"/);
    expect(run.stdout).toMatch(/"caseId":"case-0001","events":\[/);
    expect(run.stdout).not.toMatch(/"statusCode":4\d\d/);
    // The kcat example: the command decided, the reply keyed like the command.
    expect(run.stdout).toMatch(/case-0001 .*command-id=assign-0001.*outcome=accepted/);
  }, 150_000);
});
