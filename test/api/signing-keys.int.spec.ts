import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { eventKeyOf, pemOf, TEST_EVENT_KEY_FROM, TEST_EVENT_KEY_ID, testInstitutionsJson } from '../support/institutions';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

const keysJson = (...keys: { institutionId: string; keyId: string; privateKey: string }[]) => JSON.stringify(keys);
const testKey = (institutionId: string) => ({ institutionId, keyId: TEST_EVENT_KEY_ID, privateKey: pemOf(eventKeyOf(institutionId).privateKey) });
const newCase = () => ({ caseId: `case-${randomUUID()}`, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] });

/**
 * A service signs only for the institutions whose private keys it was given (from outside the
 * database), and a key rotation keeps every event verifiable, at the service and at the
 * services that receive its events.
 */
describe('event-signing keys of a service: hosted institutions and rotation', () => {
  const schemas = { ss: uniqueSchema('keys_ss'), rd: uniqueSchema('keys_rd') };
  const prefix = testTopicPrefix();
  const services: ServiceProcess[] = [];
  let db: Client;
  const start = async (name: 'social-services' | 'regional-delegation', env: Record<string, string>) => {
    const service = await ServiceProcess.start(name, { DATABASE_SCHEMA: name === 'social-services' ? schemas.ss : schemas.rd, KAFKA_TOPIC_PREFIX: prefix, CHECKPOINT_INTERVAL_MS: '3600000', ...env });
    services.push(service);
    return service;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await db.end();
    await dropSchemas(schemas.ss, schemas.rd);
  });

  const firstCase = newCase();
  const secondCase = newCase();
  // the switch to the new key: set once the first service has recorded with the old one
  let rotation: Date;
  const newKey = generateKeyPairSync('ed25519');

  it('answers 403 ACCESS.NOT_HOSTED_HERE for an institution whose key it does not hold, and writes nothing', async () => {
    // social services hosting ss-albacete only (ss-hellin runs its own deployment)
    const service = await start('social-services', { EVENT_SIGNING_KEYS_JSON: keysJson(testKey('ss-albacete')) });
    await service.waitHealthy();
    const albacete = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const hellin = client(service, { institutionId: 'ss-hellin', userId: 'tech-pau', role: 'technician' });

    const opened = await albacete.ok('/cases', firstCase);
    expect(opened.events[0]).toMatchObject({ institutionId: 'ss-albacete', keyId: TEST_EVENT_KEY_ID });
    const before = await count(`SELECT count(*) AS n FROM "${schemas.ss}".events`);
    const outbox = await count(`SELECT count(*) AS n FROM "${schemas.ss}".outbox`);

    const refused = await hellin.post('/cases', newCase(), { 'idempotency-key': randomUUID() });
    expect(refused).toEqual({
      status: 403,
      body: { statusCode: 403, error: 'Forbidden', code: 'ACCESS.NOT_HOSTED_HERE', message: "institution ss-hellin is not hosted by this service: record this at ss-hellin's own service (social-services)" },
    });
    expect(await count(`SELECT count(*) AS n FROM "${schemas.ss}".events`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM "${schemas.ss}".outbox`)).toBe(outbox);
    expect(await count(`SELECT count(*) AS n FROM "${schemas.ss}".events WHERE institution_id = 'ss-hellin'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "${schemas.ss}".chain_heads WHERE institution_id = 'ss-hellin'`)).toBe(0);
    await service.stop();
  });

  it('refuses to start holding a key whose period ended, or a key of another kind, naming the problem', async () => {
    rotation = new Date();
    const rotated = testInstitutionsJson({
      'ss-albacete': [
        { keyId: TEST_EVENT_KEY_ID, publicKey: pemOf(eventKeyOf('ss-albacete').publicKey), validFrom: TEST_EVENT_KEY_FROM, validUntil: rotation.toISOString() },
        { keyId: 'rotated-2', publicKey: pemOf(newKey.publicKey), validFrom: rotation.toISOString() },
      ],
    });
    const expired = await start('social-services', { INSTITUTIONS_JSON: rotated, EVENT_SIGNING_KEYS_JSON: keysJson(testKey('ss-albacete')) });
    expect(await expired.exited(60_000)).toBe(1);
    expect(expired.log).toContain(`key ${TEST_EVENT_KEY_ID} of ss-albacete: it expired on ${rotation.toISOString()}`);

    const foreign = await start('social-services', { EVENT_SIGNING_KEYS_JSON: keysJson(testKey('ss-albacete'), testKey('eo-albacete')) });
    expect(await foreign.exited(60_000)).toBe(1);
    expect(foreign.log).toContain('key test-1 of eo-albacete: eo-albacete is a employment-office, hosted by the employment-office service, not by social-services');
  });

  it('rotation: restarted with the new key (the old one expired), it signs with it and every old and new event verifies, there and at the delegation', async () => {
    const rotated = testInstitutionsJson({
      'ss-albacete': [
        { keyId: TEST_EVENT_KEY_ID, publicKey: pemOf(eventKeyOf('ss-albacete').publicKey), validFrom: TEST_EVENT_KEY_FROM, validUntil: rotation.toISOString() },
        { keyId: 'rotated-2', publicKey: pemOf(newKey.publicKey), validFrom: rotation.toISOString() },
      ],
    });
    const [service, delegation] = await Promise.all([
      start('social-services', { INSTITUTIONS_JSON: rotated, EVENT_SIGNING_KEYS_JSON: keysJson({ institutionId: 'ss-albacete', keyId: 'rotated-2', privateKey: pemOf(newKey.privateKey) }) }),
      start('regional-delegation', { INSTITUTIONS_JSON: rotated }),
    ]);
    await Promise.all([service.waitHealthy(), delegation.waitHealthy()]);
    const albacete = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    const opened = await albacete.ok('/cases', secondCase);
    expect(opened.events[0]).toMatchObject({ keyId: 'rotated-2' });

    const supervisor = client(service, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    const report = await supervisor.get('/audit/verification?institutionId=ss-albacete');
    expect(report.body).toMatchObject({ intact: true, reports: [{ institutionId: 'ss-albacete', intact: true }] });
    expect(report.body.reports[0].eventsChecked).toBe(await count(`SELECT count(*) AS n FROM "${schemas.ss}".events WHERE institution_id = 'ss-albacete'`));
    expect(Number((await db.query(`SELECT count(DISTINCT key_id) AS n FROM "${schemas.ss}".events WHERE institution_id = 'ss-albacete'`)).rows[0].n)).toBe(2);

    // the delegation received the events signed before and after the rotation and verifies both
    const rd = client(delegation, { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    for (const { caseId } of [firstCase, secondCase]) {
      let entries: { verification: { status: string } }[] = [];
      await waitFor(async () => {
        const timeline = await rd.get(`/supervision/cases/${caseId}/timeline`);
        entries = timeline.status === 200 ? timeline.body.entries : [];
        return entries.length > 0;
      }, 60_000, `the delegation's timeline of ${caseId}`);
      expect(entries.map((entry) => entry.verification.status)).toEqual(entries.map(() => 'verified'));
    }
    expect(await count(`SELECT count(*) AS n FROM "${schemas.rd}".network_log WHERE institution_id = 'ss-albacete'`)).toBeGreaterThanOrEqual(2);
  });
});
