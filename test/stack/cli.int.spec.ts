import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureTopics } from '@inclusion/messaging';
import { caseOpened, context, openTestStore, TestStore } from '../support/event-store';
import { collectTopic, testKafka, uniqueTopic, waitFor } from '../support/kafka';
import { ROOT } from '../support/stack';
import { institutionEntry, pemOf, testEventSigningKeysJson, testInstitutionsJson } from '../support/institutions';

const exec = promisify(execFile);
// The registry of the test network (the test store signs with its event keys) and social services' private event keys (erase records an event).
const cliEnv = () => ({ ...process.env, INSTITUTIONS_JSON: testInstitutionsJson(), EVENT_SIGNING_KEYS_JSON: testEventSigningKeysJson('social-services') });
const cliWith = (env: Record<string, string>, ...args: string[]) =>
  exec(process.execPath, [join(ROOT, 'dist', 'scripts', 'cli.js'), ...args], { env: { ...cliEnv(), ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
const cli = (...args: string[]) => cliWith({}, ...args);

/** The operators' command line against a real store and broker. */
describe('npm run cli', () => {
  let t: TestStore;
  const caseId = randomUUID();
  const personId = `p-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    t = await openTestStore('cli');
    await t.store.append(`case-${caseId}`, [{ ...caseOpened(caseId, { personId, identity: { name: 'Ana Ruiz' } }), personId }], 'no-stream', context('ss-albacete'));
    await t.store.append(`case-${caseId}`, [{ type: 'case.reference-technician-assigned', schemaVersion: 1, caseId, payload: { technicianId: 'tech-ana' } }], 1, context('ss-albacete'));
  });
  afterAll(() => t.close());

  it('prints usage and exits 2 without a command', async () => {
    const result = await cli();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run cli -- <command>/);
  });

  it('verify: intact exits 0 with a report per institution and progress; tampering exits 1 naming the break', async () => {
    const ok = await cli('verify', '--service', 'social-services', '--schema', t.schema);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ intact: true, institutionId: 'ss-albacete', eventsChecked: 2 });
    expect(ok.stderr).toMatch(/\[1\/1\] verifying ss-albacete/);

    await t.dataSource.query(`UPDATE events SET payload = '{"technicianId":"tech-x"}' WHERE stream_id = $1 AND stream_version = 2`, [`case-${caseId}`]);
    const broken = await cli('verify', '--service', 'social-services', '--schema', t.schema);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout.trim())).toMatchObject({ intact: false, firstBroken: { kind: 'altered', institutionSequence: 2 } });
  });

  it('verify checks signatures with the registry\'s keys: a registry without the key that signed reports unknown-key', async () => {
    const stranger = generateKeyPairSync('ed25519').publicKey;
    const otherRegistry = JSON.stringify({
      institutions: [institutionEntry('ss-albacete', 'social-services', [{ keyId: 'test-1', publicKey: pemOf(stranger), validFrom: '2020-01-01T00:00:00Z' }])],
    });
    const result = await cliWith({ INSTITUTIONS_JSON: otherRegistry }, 'verify', '--service', 'social-services', '--schema', t.schema);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ intact: false, firstBroken: { kind: 'bad-signature', institutionSequence: 1 } });
    const unregistered = JSON.stringify({ institutions: [institutionEntry('ss-albacete', 'social-services', [{ keyId: 'other-key', publicKey: pemOf(stranger), validFrom: '2020-01-01T00:00:00Z' }])] });
    const unknown = await cliWith({ INSTITUTIONS_JSON: unregistered }, 'verify', '--service', 'social-services', '--schema', t.schema);
    expect(JSON.parse(unknown.stdout.trim())).toMatchObject({ intact: false, firstBroken: { kind: 'unknown-key', institutionSequence: 1, detail: expect.stringContaining('key test-1 is not a registered signing key of ss-albacete') } });
  });

  it('export-trail writes a case trail as CSV or JSON Lines', async () => {
    const csv = await cli('export-trail', '--service', 'social-services', '--schema', t.schema, '--case', caseId, '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"case.opened"');
    const jsonl = await cli('export-trail', '--service', 'social-services', '--schema', t.schema, '--case', caseId);
    expect(jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line).type)).toEqual(['case.opened', 'case.reference-technician-assigned']);
    expect(jsonl.stderr).toMatch(/done: 2 records/);
  });

  it('erase destroys the person key and records person.erased', async () => {
    const result = await cli('erase', '--service', 'social-services', '--schema', t.schema, '--person', personId, '--institution', 'ss-albacete', '--reason', 'court order');
    expect(result.code).toBe(0);
    const [key] = await t.dataSource.query(`SELECT key, erased_at FROM person_keys WHERE person_id = $1`, [personId]);
    expect(key).toMatchObject({ key: null });
    const [opened] = await t.store.readStream(`case-${caseId}`);
    expect(opened.payload.identity).toEqual({ $erased: true, person: personId });
    expect((await t.store.readStream(`person-${personId}`))[0]).toMatchObject({ type: 'person.erased', payload: { reason: 'court order' } });
  });

  it('import loads an NDJSON history with a progress bar, chained and verifiable; a bad line rejects the file and writes nothing', async () => {
    const store = await openTestStore('cli_import');
    try {
      const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
      const history = Array.from({ length: 6 }, (_, c) => [
        { streamId: `case-hist-${c}`, ...caseOpened(`hist-${c}`), occurredAt: '2019-03-01T09:00:00Z' },
        { streamId: `case-hist-${c}`, type: 'case.reference-technician-assigned', schemaVersion: 1, caseId: `hist-${c}`, payload: { technicianId: 'tech-1' }, occurredAt: '2019-04-01T09:00:00Z' },
      ]).flat();
      // a small file: read whole while the import connects (readline emits its lines at once)
      const file = join(dir, 'history.ndjson');
      writeFileSync(file, history.map((line) => JSON.stringify(line)).join('\n') + '\n');
      const done = await cli('import', 'ss-albacete', file, '--schema', store.schema);
      expect(done.code).toBe(0);
      expect(JSON.parse(done.stdout.trim())).toMatchObject({ institutionId: 'ss-albacete', events: 12, signedHeads: 1 });
      expect(done.stderr).toMatch(/100%\s+12\/12 lines\s+12 events/);
      expect(await cli('verify', '--service', 'social-services', '--schema', store.schema)).toMatchObject({ code: 0 });

      const bad = join(dir, 'bad.ndjson');
      writeFileSync(bad, [JSON.stringify({ ...history[0], streamId: 'case-other' }), '{"streamId": "case-x", "type": "case.vanished", "schemaVersion": 1, "payload": {}}'].join('\n'));
      const refused = await cli('import', 'ss-albacete', bad, '--schema', store.schema);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/import rejected, nothing written: line 2: case\.vanished v1 is not an event type of the catalogue/);
      expect(Number((await store.dataSource.query(`SELECT count(*) AS n FROM events`))[0].n)).toBe(12);
    } finally {
      await store.close();
    }
  });

  it('replay-dead-letter republishes a dead letter to its source topic without the dead-letter headers', async () => {
    const kafka = testKafka();
    const source = uniqueTopic('replay-source');
    const dlt = uniqueTopic('replay-dlt');
    await ensureTopics(kafka, [source, dlt], 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: dlt, messages: [{ key: 'k1', value: '{"fixed":"later"}', headers: { 'event-type': 'x', 'dlt-reason': 'handler failed', 'dlt-source-topic': source, 'dlt-source-partition': '0', 'dlt-source-offset': '7' } }] });
    await producer.disconnect();
    const collected = await collectTopic(kafka, source);

    const result = await cli('replay-dead-letter', '--topic', dlt, '--partition', '0', '--offset', '0');
    expect(result.code).toBe(0);
    await waitFor(() => collected.messages.length === 1, 30_000, 'the replayed message');
    await collected.stop();
    const [message] = collected.messages;
    expect(message.value!.toString()).toBe('{"fixed":"later"}');
    expect(Object.keys(message.headers!).sort()).toEqual(['event-type', 'replayed-from']);
    expect(String(message.headers!['replayed-from'])).toBe(`${dlt}/0@0`);
  });
});
