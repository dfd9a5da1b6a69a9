import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { truncateEverywhere } from '../support/insider';
import { waitFor } from '../support/kafka';
import { ROOT } from '../support/stack';
import { freePort, ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';
import { testInstitutionsJson } from '../support/institutions';

const exec = promisify(execFile);

/**
 * `npm run cli -- verify` holds a service's store against the witnesses' cosigned
 * checkpoints fetched from --witness (or WITNESS_URLS): a truncation whose every local trace
 * was deleted exits 1, naming the witness and the first missing entry.
 */
describe('npm run cli -- verify, against the witnesses', () => {
  const ssSchema = uniqueSchema('cliw_ss');
  const rdSchema = uniqueSchema('cliw_rd');
  let service: ServiceProcess;
  let delegation: ServiceProcess;
  let db: Client;

  beforeAll(async () => {
    const prefix = testTopicPrefix();
    const rdPort = await freePort();
    delegation = await ServiceProcess.start('regional-delegation', { DATABASE_SCHEMA: rdSchema, KAFKA_TOPIC_PREFIX: prefix, PORT: String(rdPort), CHECKPOINT_INTERVAL_MS: '3600000' });
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: ssSchema, KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '3600000' });
    await Promise.all([service.waitHealthy(90_000), delegation.waitHealthy(90_000)]);
    db = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${ssSchema}` });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await Promise.all([service.stop(), delegation.stop()]);
    await dropSchemas(ssSchema, rdSchema);
  });

  const verify = (...args: string[]) =>
    exec(process.execPath, [join(ROOT, 'dist', 'scripts', 'cli.js'), 'verify', '--service', 'social-services', '--schema', ssSchema, '--institution', 'ss-albacete', ...args], {
      env: { ...process.env, INSTITUTIONS_JSON: testInstitutionsJson() },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('intact with the witnessed checkpoints; a truncation with every local trace deleted exits 1, caught by the witness only', async () => {
    const api = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const caseId = `case-${randomUUID()}`;
    await api.ok('/cases', { caseId, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1990, incidenceGroups: [] });
    for (const technicianId of ['tech-a', 'tech-b', 'tech-c']) await api.ok(`/cases/${caseId}/reference-technician`, { technicianId });
    await client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' }).post('/audit/checkpoints', {});
    await waitFor(async () => (await db.query(`SELECT 1 FROM tlog_cosignatures WHERE log_id = 'ss-albacete' AND tree_size = 4`)).rows.length > 0, 30_000, 'the cosignature kept');

    const intact = await verify('--witness', delegation.url);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ intact: true, signedHeadsChecked: 4, witnesses: [{ source: 'kept', checkpoints: 1 }, { source: delegation.url, checkpoints: 1 }] });
    expect(intact.stderr).toMatch(/intact: 4 events, 4 signed tree heads, .* 2 witnessed checkpoints/);

    await truncateEverywhere(db, 'ss-albacete', 2);
    expect((await verify()).code).toBe(0); // without a witness to ask, nothing local shows it
    const caught = await verify('--witness', delegation.url);
    expect(caught.code).toBe(1);
    expect(JSON.parse(caught.stdout)).toMatchObject({ intact: false, firstBroken: { kind: 'truncated', institutionSequence: 3 } });
    expect(caught.stderr).toMatch(/BROKEN at 3: truncated: .*cosigned by witness rd-albacete/);
    // WITNESS_URLS does the same as --witness
    const fromEnv = await exec(process.execPath, [join(ROOT, 'dist', 'scripts', 'cli.js'), 'verify', '--service', 'social-services', '--schema', ssSchema, '--institution', 'ss-albacete'], {
      env: { ...process.env, INSTITUTIONS_JSON: testInstitutionsJson(), WITNESS_URLS: delegation.url },
    }).catch((error: { code: number }) => error);
    expect((fromEnv as { code: number }).code).toBe(1);
  });
});
