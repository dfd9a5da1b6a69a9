import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { openDatabase } from '@inclusion/database';
import { InstitutionRegistry } from '@inclusion/access';
import { DataSource } from 'typeorm';
import { caseOpened, context } from '../../../test/support/event-store';
import { dropSchemas } from '../../../test/support/database';
import { institutionEntry, pemOf } from '../../../test/support/institutions';
import { uniqueSchema } from '../../../test/support/service-process';
import { hashEvent, signHash } from './chain/event-hash';
import { KeyRing } from './chain/key-ring';
import { StaticSigningKeyProvider } from './chain/key-provider';
import { NoSigningKeyError } from './errors';
import { EventStore } from './event-store';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import { verifyInstitutionLog } from './verification';

const pair = () => generateKeyPairSync('ed25519');
const note = (caseId: string, text: string) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { text } });

/** Private keys from the provider, never the database; public keys from the registry (real PostgreSQL). */
describe('event store: signing with registered keys held outside the database', () => {
  const schemas: string[] = [];
  const sources: DataSource[] = [];
  const open = async (name: string, migrations = EVENT_STORE_MIGRATIONS, schema = uniqueSchema(name)) => {
    if (!schemas.includes(schema)) schemas.push(schema);
    const dataSource = await openDatabase({ url: process.env.DATABASE_URL!, schema, applicationName: `test-${name}`, migrations: migrations as never, poolSize: 4 });
    sources.push(dataSource);
    return { dataSource, schema };
  };
  const storeOf = (dataSource: DataSource, registry: InstitutionRegistry, keys: { institutionId: string; keyId: string; privateKey: KeyObject }[], now = new Date()) =>
    new EventStore(dataSource, { topic: 'test.keys', catalogue: EVENT_CATALOGUE, keyRing: new KeyRing(new StaticSigningKeyProvider(keys, registry, 'social-services', 'test', now), registry) });
  afterAll(async () => {
    for (const source of sources) if (source.isInitialized) await source.destroy();
    await dropSchemas(...schemas);
  });

  it('appends only for institutions whose key it holds: another one throws NoSigningKeyError naming its service, and nothing is written', async () => {
    const ss = pair();
    const registry = InstitutionRegistry.parse(
      JSON.stringify({
        institutions: [
          institutionEntry('ss-albacete', 'social-services', [{ keyId: 'k1', publicKey: pemOf(ss.publicKey), validFrom: '2020-01-01T00:00:00Z' }]),
          institutionEntry('eo-albacete', 'employment-office'),
        ],
      }),
      'test',
    );
    const { dataSource } = await open('hosted');
    const store = storeOf(dataSource, registry, [{ institutionId: 'ss-albacete', keyId: 'k1', privateKey: ss.privateKey }]);

    const caseId = randomUUID();
    const { events } = await store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', context('ss-albacete'));
    expect(events[0].keyId).toBe('k1');

    const other = randomUUID();
    const refused = store.append(`case-${other}`, [caseOpened(other)], 'no-stream', context('eo-albacete'));
    await expect(refused).rejects.toBeInstanceOf(NoSigningKeyError);
    await expect(refused).rejects.toMatchObject({
      code: 'ACCESS.NOT_HOSTED_HERE',
      message: "institution eo-albacete is not hosted by this service: record this at eo-albacete's own service (employment-office)",
    });
    await expect(store.append(`case-${other}`, [caseOpened(other)], 'no-stream', context('eo-nowhere'))).rejects.toThrow('institution eo-nowhere is not hosted by this service: it is in no registry of the network');
    const counts = await dataSource.query(
      `SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM streams)::int AS streams, (SELECT count(*) FROM chain_heads)::int AS heads, (SELECT count(*) FROM signing_keys)::int AS keys`,
    );
    expect(counts).toEqual([{ events: 1, outbox: 1, streams: 1, heads: 1, keys: 0 }]);
    // no private key column left to put one in
    const columns = await dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'signing_keys'`);
    expect(columns.map((c: { column_name: string }) => c.column_name)).not.toContain('private_key');
  });

  it('rotation: events signed before and after the switch keep verifying, each with its own key', async () => {
    const k1 = pair();
    const k2 = pair();
    const switchAt = new Date(Date.now() + 1_500);
    const registry = InstitutionRegistry.parse(
      JSON.stringify({
        institutions: [
          institutionEntry('ss-albacete', 'social-services', [
            { keyId: 'k1', publicKey: pemOf(k1.publicKey), validFrom: '2020-01-01T00:00:00Z', validUntil: switchAt.toISOString() },
            { keyId: 'k2', publicKey: pemOf(k2.publicKey), validFrom: switchAt.toISOString() },
          ]),
        ],
      }),
      'test',
    );
    const { dataSource } = await open('rotation');
    // the service holds the coming key ahead of the switch
    const store = storeOf(dataSource, registry, [
      { institutionId: 'ss-albacete', keyId: 'k1', privateKey: k1.privateKey },
      { institutionId: 'ss-albacete', keyId: 'k2', privateKey: k2.privateKey },
    ]);
    const caseId = randomUUID();
    const before = await store.append(`case-${caseId}`, [caseOpened(caseId), note(caseId, 'before')], 'no-stream', context('ss-albacete'));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, switchAt.getTime() - Date.now() + 50)));
    const after = await store.append(`case-${caseId}`, [note(caseId, 'after')], 2, context('ss-albacete'));

    expect(before.events.map((e) => e.keyId)).toEqual(['k1', 'k1']);
    expect(after.events.map((e) => e.keyId)).toEqual(['k2']);
    expect(await verifyInstitutionLog(store, 'ss-albacete')).toMatchObject({ intact: true, eventsChecked: 3 });
    // an event re-labelled with the other key: that key was not valid when it was recorded
    await dataSource.query(`UPDATE events SET key_id = 'k2' WHERE institution_sequence = 1`);
    expect(await verifyInstitutionLog(store, 'ss-albacete')).toMatchObject({
      intact: false,
      firstBroken: { kind: 'unknown-key', institutionSequence: 1, detail: expect.stringMatching(/key k2 of ss-albacete is valid from .* not at .* when the event says it was recorded/) },
    });
    // and re-labelled with its own key's id but the content changed: altered
    await dataSource.query(`UPDATE events SET key_id = 'k1', payload = '{"personId":"someone-else"}' WHERE institution_sequence = 1`);
    expect(await verifyInstitutionLog(store, 'ss-albacete')).toMatchObject({ intact: false, firstBroken: { kind: 'altered', institutionSequence: 1 } });
  });

  it('upgrade: a store recorded with self-minted keys keeps verifying (legacy key), loses its private keys, and new events chain on with a registered key', async () => {
    const before = EVENT_STORE_MIGRATIONS.filter((m) => Number(/\d{13}/.exec(m.name)![0]) < 1763800000009);
    const { dataSource: old, schema } = await open('upgrade', before);
    // as the store recorded before: key pair in signing_keys, events hashed without keyId
    const legacy = pair();
    await old.query(`INSERT INTO signing_keys (institution_id, public_key, private_key) VALUES ('ss-albacete', $1, $2)`, [pemOf(legacy.publicKey), pemOf(legacy.privateKey)]);
    const caseId = randomUUID();
    let previousHash = '0'.repeat(64);
    for (const [index, text] of ['one', 'two'].entries()) {
      const event = {
        eventId: randomUUID(), type: 'case.note', schemaVersion: 1, streamId: `case-${caseId}`, streamVersion: index + 1, globalPosition: index + 1, institutionId: 'ss-albacete',
        institutionSequence: index + 1, actor: { userId: 'tech-ana', role: 'technician' as const, onBehalfOf: null }, occurredAt: '2025-06-01T10:00:00.000Z',
        recordedAt: '2025-06-01T10:00:00.000Z', correlationId: randomUUID(), causationId: null, caseId, projectId: null, programmeId: null, payload: { text }, metadata: {}, previousHash,
      };
      const hash = hashEvent(event);
      await old.query(
        `INSERT INTO events (global_position, event_id, stream_id, stream_version, type, schema_version, institution_id, institution_sequence, actor_user_id, actor_role, on_behalf_of,
           occurred_at, recorded_at, correlation_id, causation_id, case_id, project_id, programme_id, payload, metadata, previous_hash, hash, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13, NULL, $14, NULL, NULL, $15, '{}', $16, $17, $18)`,
        [event.globalPosition, event.eventId, event.streamId, event.streamVersion, event.type, 1, event.institutionId, event.institutionSequence, 'tech-ana', 'technician',
          event.occurredAt, event.recordedAt, event.correlationId, caseId, JSON.stringify(event.payload), previousHash, hash, signHash(hash, legacy.privateKey)],
      );
      previousHash = hash;
    }
    await old.query(`SELECT setval('events_global_position_seq', 2)`);
    await old.query(`INSERT INTO streams (stream_id, version) VALUES ($1, 2)`, [`case-${caseId}`]);
    await old.query(`INSERT INTO chain_heads (institution_id, sequence, head_hash) VALUES ('ss-albacete', 2, $1)`, [previousHash]);
    await old.destroy();

    // the upgraded service: every migration, keys from the registry and the provider
    const { dataSource } = await open('upgrade', EVENT_STORE_MIGRATIONS, schema);
    const current = pair();
    const registry = InstitutionRegistry.parse(JSON.stringify({ institutions: [institutionEntry('ss-albacete', 'social-services', [{ keyId: 'events-2026', publicKey: pemOf(current.publicKey), validFrom: '2025-01-01T00:00:00Z' }])] }), 'test');
    const store = storeOf(dataSource, registry, [{ institutionId: 'ss-albacete', keyId: 'events-2026', privateKey: current.privateKey }]);
    expect(await dataSource.query(`SELECT DISTINCT key_id FROM events`)).toEqual([{ key_id: 'legacy' }]);
    expect((await dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'signing_keys'`)).map((c: { column_name: string }) => c.column_name)).not.toContain('private_key');
    expect(await verifyInstitutionLog(store, 'ss-albacete')).toMatchObject({ intact: true, eventsChecked: 2 });

    const { events } = await store.append(`case-${caseId}`, [note(caseId, 'three')], 2, context('ss-albacete'));
    expect(events[0]).toMatchObject({ keyId: 'events-2026', institutionSequence: 3, previousHash });
    expect(await verifyInstitutionLog(store, 'ss-albacete')).toMatchObject({ intact: true, eventsChecked: 3, headSequence: 3 });
    // a legacy event is verified with the kept public key only: replacing that key breaks it
    await dataSource.query(`UPDATE signing_keys SET public_key = $1`, [pemOf(pair().publicKey)]);
    expect(await verifyInstitutionLog(new EventStore(dataSource, { topic: 't', catalogue: EVENT_CATALOGUE, keyRing: new KeyRing(undefined, registry) }), 'ss-albacete')).toMatchObject({
      intact: false,
      firstBroken: { kind: 'bad-signature', institutionSequence: 1 },
    });
  });
});
