import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { signHash } from './chain/event-hash';
import { verifyInstitutionLog, verifyStore, verifyStream } from './verification';
import { caseOpened, context, openTestStore, TestStore } from '../../../test/support/event-store';

const note = (caseId: string, text: string) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { text } });

/** Tampering done the way an insider would: directly in SQL, behind the application's back. */
describe('tamper evidence: hash chain and signed tree heads (real PostgreSQL)', () => {
  let t: TestStore;
  let institution: string;
  let caseId: string;

  beforeEach(async () => {
    t = await openTestStore('verify');
    institution = `ss-${randomUUID().slice(0, 8)}`;
    caseId = randomUUID();
    await t.store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', context(institution));
    for (let i = 1; i <= 5; i++) await t.store.append(`case-${caseId}`, [note(caseId, `visit ${i}`)], i, context(institution));
    // another institution's chain in the same store stays intact throughout
    const other = randomUUID();
    await t.store.append(`case-${other}`, [caseOpened(other)], 'no-stream', context('ss-other'));
  });
  afterEach(() => t.close());

  const sql = (query: string, params: unknown[] = []) => t.dataSource.query(query, params);

  it('reports an untouched log as intact, with its head', async () => {
    const report = await verifyInstitutionLog(t.store, institution);
    expect(report).toMatchObject({ intact: true, eventsChecked: 6, headSequence: 6 });
    expect((await verifyStore(t.store)).intact).toBe(true);
    expect(await verifyStream(t.store, `case-${caseId}`)).toEqual({ intact: true, streamId: `case-${caseId}`, eventsChecked: 6 });
  });

  it('catches an altered payload at the altered event', async () => {
    await sql(`UPDATE events SET payload = '{"text":"visit never happened"}' WHERE institution_id = $1 AND institution_sequence = 3`, [institution]);

    const report = await verifyInstitutionLog(t.store, institution);
    expect(report).toMatchObject({ intact: false, firstBroken: { kind: 'altered', institutionSequence: 3 } });
    expect(await verifyStream(t.store, `case-${caseId}`)).toMatchObject({ intact: false, kind: 'altered' });
  });

  it('catches an altered envelope field (the actor) too', async () => {
    await sql(`UPDATE events SET actor_user_id = 'someone-else' WHERE institution_id = $1 AND institution_sequence = 2`, [institution]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, firstBroken: { kind: 'altered', institutionSequence: 2 } });
  });

  it('catches a deleted event as missing', async () => {
    await sql(`DELETE FROM events WHERE institution_id = $1 AND institution_sequence = 4`, [institution]);

    const report = await verifyInstitutionLog(t.store, institution);
    expect(report).toMatchObject({ intact: false, eventsChecked: 3, firstBroken: { kind: 'missing', institutionSequence: 4 } });
    expect(await verifyStream(t.store, `case-${caseId}`)).toMatchObject({ intact: false, kind: 'missing' });
  });

  it('catches two swapped events as reordered', async () => {
    await sql(`UPDATE events SET institution_sequence = 1000 WHERE institution_id = $1 AND institution_sequence = 2`, [institution]);
    await sql(`UPDATE events SET institution_sequence = 2 WHERE institution_id = $1 AND institution_sequence = 5`, [institution]);
    await sql(`UPDATE events SET institution_sequence = 5 WHERE institution_id = $1 AND institution_sequence = 1000`, [institution]);

    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, firstBroken: { kind: 'reordered', institutionSequence: 2 } });
  });

  it('catches a rewritten event whose hash was recomputed, by the signed tree head that no longer matches, located at the event', async () => {
    // The insider recomputes a valid-looking hash but cannot sign a tree head with the institution's key.
    const { hashEvent } = await import('./chain/event-hash');
    const [event] = await t.store.readInstitutionLog(institution, 5, 1);
    const forged = { ...event, payload: { text: 'rewritten' } };
    await sql(`UPDATE events SET payload = $2, hash = $3 WHERE event_id = $1`, [event.eventId, JSON.stringify(forged.payload), hashEvent(forged)]);

    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, firstBroken: { kind: 'rewritten', institutionSequence: 6, eventId: event.eventId } });
  });

  it('catches a per-event signature that is not the institution\'s (an event claiming to be from before the transparency log)', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const [first] = await t.store.readInstitutionLog(institution, 0, 1);
    await sql(`UPDATE events SET signature = $2 WHERE institution_id = $1 AND institution_sequence = 1`, [institution, signHash(first.hash, stranger)]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, firstBroken: { kind: 'bad-signature', institutionSequence: 1 } });
  });

  it('leaves the other institution intact when one is tampered with', async () => {
    await sql(`DELETE FROM events WHERE institution_id = $1 AND institution_sequence = 2`, [institution]);
    const { intact, reports } = await verifyStore(t.store);
    expect(intact).toBe(false);
    expect(reports.find((r) => r.institutionId === 'ss-other')).toMatchObject({ intact: true });
  });
});
