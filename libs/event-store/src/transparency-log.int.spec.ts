import { randomUUID } from 'node:crypto';
import { EventEnvelope, logOriginOf } from '@inclusion/contracts';
import {
  cosignCheckpoint,
  ed25519NoteSigner,
  generateNamedKeyPair,
  openCheckpoint,
  peekCheckpoint,
  signCheckpoint as signTreeHead,
  TransparencyLogStore,
  verifyConsistency,
  verifyInclusion,
} from '@inclusion/transparency-log';
import { authenticityByRegistry } from '@inclusion/messaging';
import { GENESIS_HASH, hashEvent, signHash } from './chain/event-hash';
import { leafOfEventHash, logKeyVerifiers, openCosigned, WitnessedCheckpoint } from './chain/transparency';
import { verifyInstitutionLog } from './verification';
import { caseOpened, context, openTestStore, TestStore, testKeyBook } from '../../../test/support/event-store';
import { eventKeyOf } from '../../../test/support/institutions';

const note = (caseId: string, text: string) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { text } });

/**
 * Each institution's log is an RFC 9162 transparency log: one signed tree head per commit,
 * in the append's transaction, and an inclusion proof on every outbox row (real PostgreSQL).
 */
describe('the transparency log of each institution (real PostgreSQL)', () => {
  let t: TestStore;
  let institution: string;
  let caseId: string;
  const sql = (query: string, params: unknown[] = []) => t.dataSource.query(query, params);

  beforeEach(async () => {
    t = await openTestStore('tlog');
    institution = `ss-${randomUUID().slice(0, 8)}`;
    caseId = randomUUID();
    await t.store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', context(institution));
    // one commit of three events, then two commits of one
    await t.store.append(`case-${caseId}`, [note(caseId, 'a'), note(caseId, 'b'), note(caseId, 'c')], 1, context(institution));
    for (let i = 5; i <= 6; i++) await t.store.append(`case-${caseId}`, [note(caseId, `visit ${i}`)], i - 1, context(institution));
  });
  afterEach(() => t.close());

  it('signs one tree head per commit, over leaves that are the events, and drops per-event signatures', async () => {
    const heads = await sql(`SELECT tree_size, checkpoint FROM tlog_heads WHERE log_id = $1 ORDER BY tree_size`, [institution]);
    expect(heads.map((h: { tree_size: string }) => Number(h.tree_size))).toEqual([1, 4, 5, 6]);
    const origin = logOriginOf(institution);
    const verifiers = logKeyVerifiers(testKeyBook, institution, origin, new Date());
    for (const head of heads) expect(openCheckpoint(head.checkpoint, verifiers, origin).checkpoint.treeSize).toBe(Number(head.tree_size));
    expect(heads[3].checkpoint).toMatch(new RegExp(`^${origin}\\n6\\n[A-Za-z0-9+/]{43}=\\n\\n— ${origin} `));

    const events = await t.store.readInstitutionLog(institution);
    expect(events.map((e) => e.signature)).toEqual(['', '', '', '', '', '']);
    const tree = new TransparencyLogStore(t.dataSource);
    const root = peekCheckpoint(heads[3].checkpoint).rootHash;
    for (const event of events) {
      const proof = await tree.inclusionProof(institution, event.institutionSequence - 1, 6);
      expect(verifyInclusion(event.institutionSequence - 1, 6, leafOfEventHash(event.hash), proof, root)).toBe(true);
    }
    const root4 = peekCheckpoint(heads[1].checkpoint).rootHash;
    expect(verifyConsistency(4, 6, root4, root, await tree.consistencyProof(institution, 4, 6))).toBe(true);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true, eventsChecked: 6, signedHeadsChecked: 4 });
  });

  it('puts on each outbox row the signed checkpoint of its commit and its inclusion proof, which a consumer verifies', async () => {
    const rows: { value: string }[] = await sql(`SELECT value FROM outbox ORDER BY id`);
    const sent = rows.map((r) => JSON.parse(r.value) as EventEnvelope).filter((e) => e.institutionId === institution);
    expect(sent.map((e) => [e.institutionSequence, e.proof?.treeSize, e.proof?.leafIndex])).toEqual([
      [1, 1, 0],
      [2, 4, 1],
      [3, 4, 2],
      [4, 4, 3],
      [5, 5, 4],
      [6, 6, 5],
    ]);
    const check = authenticityByRegistry(testKeyBook);
    for (const event of sent) expect(await check(event)).toBeNull();
    // the stored event does not carry it (it can be served again: GET /audit/log/inclusion/:eventId)
    expect((await t.store.readInstitutionLog(institution))[0]).not.toHaveProperty('proof');
  });

  it('catches events no signed tree head covers (the insider dropped the newest head)', async () => {
    await sql(`DELETE FROM tlog_heads WHERE log_id = $1 AND tree_size = 6`, [institution]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, firstBroken: { kind: 'unsigned', institutionSequence: 6 } });
  });

  it("catches a truncated tail by the service's own signed heads", async () => {
    await sql(`DELETE FROM events WHERE institution_id = $1 AND institution_sequence > 4`, [institution]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, eventsChecked: 4, firstBroken: { kind: 'truncated', institutionSequence: 5 } });
  });

  it('catches a rewrite with a rebuilt tree but an unsigned head, and locates the first rewritten event', async () => {
    // rewrite event 2 (first of the 3-event commit), re-chain 2..6, rebuild the tree nodes; the heads' signatures cannot be redone
    await rewriteFrom(2, { withKey: false });
    const report = await verifyInstitutionLog(t.store, institution);
    expect(report).toMatchObject({ intact: false, firstBroken: { kind: 'rewritten', institutionSequence: 2 } });
  });

  it("a rewrite re-signed with the stolen key verifies locally; the witnesses' cosigned checkpoints catch it, located at the first cosigned size that differs", async () => {
    const witness = generateNamedKeyPair('rd-witness');
    const cosignedBefore = await witnessedHeads(witness, [1, 4, 6]);
    await rewriteFrom(5, { withKey: true });
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true, signedHeadsChecked: 4 });
    const report = await verifyInstitutionLog(t.store, institution, { witnessed: cosignedBefore });
    expect(report).toMatchObject({ intact: false, witnessedChecked: 2, firstBroken: { kind: 'rewritten', institutionSequence: 5 } });
    expect(report.intact === false && report.firstBroken.detail).toMatch(/does not have the root witness rd-witness cosigned/);
  });

  it("a truncation that also deleted the service's own heads: the witnesses' checkpoints catch it", async () => {
    const cosigned = await witnessedHeads(generateNamedKeyPair('rd-witness'), [6]);
    await sql(`DELETE FROM events WHERE institution_id = $1 AND institution_sequence > 4`, [institution]);
    await sql(`DELETE FROM tlog_heads WHERE log_id = $1 AND tree_size > 4`, [institution]);
    await sql(`DELETE FROM tlog_nodes WHERE log_id = $1 AND ((level = 0 AND idx >= 4) OR (level = 1 AND idx >= 2))`, [institution]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true });
    expect(await verifyInstitutionLog(t.store, institution, { witnessed: cosigned })).toMatchObject({ intact: false, firstBroken: { kind: 'truncated', institutionSequence: 5 } });
  });

  it('opens a cosigned note only with a witness cosignature and the institution signature', async () => {
    const witness = generateNamedKeyPair('rd-witness');
    const [head] = await sql(`SELECT checkpoint FROM tlog_heads WHERE log_id = $1 AND tree_size = 6`, [institution]);
    const cosigned = cosignCheckpoint(head.checkpoint, witness, 1_790_000_000);
    const directory = { signingKeysOf: (id: string) => (id === 'rd-witness' ? { institutionId: id, kind: 'regional-delegation', keys: [{ keyId: 'w', publicKey: witness.publicKey, validFrom: new Date(0) }] } : testKeyBook.signingKeysOf(id)) };
    const options = { directory, institutionId: institution, origin: logOriginOf(institution), witnessIds: ['rd-witness'], source: 'test' };
    expect(openCosigned(cosigned, options)).toMatchObject({ ok: true, checkpoints: [{ witness: 'rd-witness', treeSize: 6, cosignedAt: new Date(1_790_000_000_000).toISOString() }] });
    expect(openCosigned(head.checkpoint, options)).toMatchObject({ ok: false });
    const stranger = generateNamedKeyPair('rd-witness');
    expect(openCosigned(cosignCheckpoint(head.checkpoint, stranger, 1_790_000_000), options)).toMatchObject({ ok: false });
  });

  it('upgrade: a log recorded with per-event signatures before the transparency log keeps verifying; its tree is backfilled at first boot and covers the whole log', async () => {
    // the database as the previous version left it: every event signed on its own, no tree, no heads
    const key = eventKeyOf(institution).privateKey;
    for (const event of await t.store.readInstitutionLog(institution)) await sql(`UPDATE events SET signature = $2 WHERE event_id = $1`, [event.eventId, signHash(event.hash, key)]);
    await sql(`DELETE FROM tlog_nodes WHERE log_id = $1`, [institution]);
    await sql(`DELETE FROM tlog_heads WHERE log_id = $1`, [institution]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true, eventsChecked: 6, signedHeadsChecked: 0 });

    // first boot (Checkpoints.backfill): the tree gets the six old events, one signed head over them
    const added = await t.dataSource.transaction(async (tx) => {
      await t.store.lockForAppend(tx);
      return t.store.logs.backfill(tx, institution, key);
    });
    expect(added).toBe(6);
    expect(await t.store.logs.tree.treeSize(institution)).toBe(6);
    // new events go on from there, under signed heads, with proofs
    await t.store.append(`case-${caseId}`, [note(caseId, 'after the upgrade')], 6, context(institution));
    const report = await verifyInstitutionLog(t.store, institution);
    expect(report).toMatchObject({ intact: true, eventsChecked: 7, signedHeadsChecked: 2 });
    const [sent] = (await sql(`SELECT value FROM outbox ORDER BY id DESC LIMIT 1`)).map((r: { value: string }) => JSON.parse(r.value) as EventEnvelope);
    expect(sent).toMatchObject({ institutionSequence: 7, signature: '', proof: { leafIndex: 6, treeSize: 7 } });
    expect(await authenticityByRegistry(testKeyBook)(sent)).toBeNull();
    // an old event altered after the upgrade is still caught (its own signature, and the signed head over it)
    await sql(`UPDATE events SET payload = '{"text":"changed"}' WHERE institution_id = $1 AND institution_sequence = 3`, [institution]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: false, firstBroken: { kind: 'altered', institutionSequence: 3 } });
  });

  it('upgrade without a backfill: the first append after it adds the old events to the tree in its own commit', async () => {
    await sql(`DELETE FROM tlog_nodes WHERE log_id = $1`, [institution]);
    await sql(`DELETE FROM tlog_heads WHERE log_id = $1`, [institution]);
    const key = eventKeyOf(institution).privateKey;
    for (const event of await t.store.readInstitutionLog(institution)) await sql(`UPDATE events SET signature = $2 WHERE event_id = $1`, [event.eventId, signHash(event.hash, key)]);
    await t.store.append(`case-${caseId}`, [note(caseId, 'first after the upgrade')], 6, context(institution));
    expect(await sql(`SELECT tree_size FROM tlog_heads WHERE log_id = $1`, [institution])).toEqual([{ tree_size: '7' }]);
    expect(await verifyInstitutionLog(t.store, institution)).toMatchObject({ intact: true, eventsChecked: 7, signedHeadsChecked: 1 });
  });

  /** What a witness would have cosigned, at the given sizes, of the log as it is now. */
  async function witnessedHeads(witness: ReturnType<typeof generateNamedKeyPair>, sizes: number[]): Promise<WitnessedCheckpoint[]> {
    const heads: { tree_size: string; checkpoint: string }[] = await sql(`SELECT tree_size, checkpoint FROM tlog_heads WHERE log_id = $1 AND tree_size = ANY($2)`, [institution, sizes]);
    return heads.map((head) => {
      const cosigned = cosignCheckpoint(head.checkpoint, witness, 1_790_000_000);
      return { witness: witness.name, treeSize: Number(head.tree_size), rootHash: peekCheckpoint(cosigned).rootHash, cosignedAt: new Date().toISOString(), source: 'test' };
    });
  }

  /**
   * The insider rewrites event `from` (its text), re-chains every later event, rebuilds the
   * tree nodes and heads from `from` on, and re-signs the heads with the institution's key
   * (stolen) or leaves the old signed notes in place.
   */
  async function rewriteFrom(from: number, { withKey }: { withKey: boolean }) {
    const events = await t.store.readInstitutionLog(institution);
    let previousHash = events[from - 2]?.hash ?? GENESIS_HASH;
    for (const event of events.slice(from - 1)) {
      const payload = event.institutionSequence === from ? { text: 'rewritten' } : event.payload;
      const hash = hashEvent({ ...event, payload, previousHash });
      await sql(`UPDATE events SET payload = $2, previous_hash = $3, hash = $4 WHERE event_id = $1`, [event.eventId, JSON.stringify(payload), previousHash, hash]);
      previousHash = hash;
    }
    await sql(`UPDATE chain_heads SET head_hash = $2 WHERE institution_id = $1`, [institution, previousHash]);
    // rebuild the whole tree from the (rewritten) events with the library, as the insider would
    const rewritten = await t.store.readInstitutionLog(institution);
    const oldHeads: { tree_size: string; checkpoint: string }[] = await sql(`SELECT tree_size, checkpoint FROM tlog_heads WHERE log_id = $1 ORDER BY tree_size`, [institution]);
    await sql(`DELETE FROM tlog_nodes WHERE log_id = $1`, [institution]);
    await sql(`DELETE FROM tlog_heads WHERE log_id = $1`, [institution]);
    const tree = new TransparencyLogStore(t.dataSource);
    const origin = logOriginOf(institution);
    const signer = ed25519NoteSigner(origin, eventKeyOf(institution).privateKey);
    let done = 0;
    for (const old of oldHeads) {
      const size = Number(old.tree_size);
      const leaves = rewritten.slice(done, size).map((e) => leafOfEventHash(e.hash));
      await t.dataSource.transaction(async (tx) => {
        if (withKey || size < from) await tree.commit(tx, institution, leaves, (head) => signTreeHead({ origin, ...head }, [signer]));
        else {
          const appended = await tree.appendLeaves(tx, institution, leaves);
          await tree.recordHead(tx, institution, { ...appended, checkpoint: old.checkpoint });
        }
      });
      done = size;
    }
  }
});
