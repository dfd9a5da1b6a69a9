import { openDatabase } from '@inclusion/database';
import { DataSource } from 'typeorm';
import { verifyConsistency } from '../merkle/consistency-proof';
import { verifyInclusion } from '../merkle/inclusion-proof';
import { Hash, leafHash, rootOfLeafHashes } from '../merkle/rfc6962-hash';
import { openCheckpoint, signCheckpoint } from '../note/checkpoint';
import { generateNamedKeyPair } from '../note/note-keys';
import { ed25519NoteSigner, ed25519NoteVerifier } from '../note/signed-note';
import { TRANSPARENCY_LOG_MIGRATIONS } from '../migrations';
import { Queryable, SignedTreeHead, TransparencyLogStore, TreeNotStoredError } from './transparency-log-store';

const log2Ceil = (n: number) => Math.ceil(Math.log2(Math.max(n, 1)));

/** Wraps a connection to count the queries made and the rows they returned. */
function counting(db: Queryable) {
  const counter = {
    queries: 0,
    rows: 0,
    reset() {
      counter.queries = 0;
      counter.rows = 0;
    },
    db: {
      query: async (sql: string, parameters?: unknown[]) => {
        const result = await db.query(sql, parameters);
        counter.queries += 1;
        counter.rows += Array.isArray(result) ? result.length : 0;
        return result;
      },
    } as Queryable,
  };
  return counter;
}

describe('TransparencyLogStore (real PostgreSQL)', () => {
  const schema = `t_tlog_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  let dataSource: DataSource;
  let store: TransparencyLogStore;
  const logKey = generateNamedKeyPair('ss-albacete.example/events');
  const signer = ed25519NoteSigner(logKey.name, logKey.privateKey);
  const verifier = ed25519NoteVerifier({ name: logKey.name, publicKey: logKey.publicKey });
  const sign = (head: { treeSize: number; rootHash: Hash }) => signCheckpoint({ origin: logKey.name, ...head }, [signer]);

  beforeAll(async () => {
    dataSource = await openDatabase({
      url: process.env.DATABASE_URL!,
      schema,
      applicationName: 'test-transparency-log',
      migrations: TRANSPARENCY_LOG_MIGRATIONS,
      poolSize: 4,
    });
    store = new TransparencyLogStore(dataSource);
  });
  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  const countNodes = async (logId: string) => Number((await dataSource.query(`SELECT count(*) AS n FROM tlog_nodes WHERE log_id = $1`, [logId]))[0].n);
  let leafCounter = 0;
  const newLeaves = (k: number) => Array.from({ length: k }, () => leafHash(Buffer.from(`event ${leafCounter++}`)));

  describe('one log appended in batches of 1, 3, 7, 100, 1, 16, 128, 2, 255 leaves', () => {
    const logId = 'ss-albacete';
    const leaves: Hash[] = [];
    const heads: SignedTreeHead[] = [];

    beforeAll(async () => {
      for (const k of [1, 3, 7, 100, 1, 16, 128, 2, 255]) {
        const batch = newLeaves(k);
        const before = await countNodes(logId);
        const counter = counting(dataSource);
        const head = await dataSource.transaction(async (tx) => {
          const inTx = counting(tx);
          const committed = await store.commit(inTx.db, logId, batch, sign);
          // Lock, size, frontier (none for an empty log), insert of the new nodes, head: the same few queries whatever the size.
          expect(inTx.queries).toBe(leaves.length === 0 ? 4 : 5);
          // Rows read: the lock, the last leaf index, the frontier (one node per set bit of the old
          // size) and the head's recorded_at.
          const popcount = leaves.length.toString(2).replace(/0/g, '').length;
          expect(inTx.rows).toBe(1 + (leaves.length ? 1 : 0) + popcount + 1);
          expect(popcount).toBeLessThanOrEqual(log2Ceil(leaves.length + 1));
          return committed;
        });
        expect(counter.queries).toBe(0);
        leaves.push(...batch);
        // Written: the k leaves and the inner nodes they complete (fewer than k + log n).
        const written = (await countNodes(logId)) - before;
        expect(written).toBeGreaterThanOrEqual(k);
        expect(written).toBeLessThanOrEqual(2 * k + log2Ceil(leaves.length));
        expect(head.treeSize).toBe(leaves.length);
        expect(head.firstIndex).toBe(leaves.length - k);
        expect(head.rootHash.equals(rootOfLeafHashes(leaves))).toBe(true);
        expect(head.recordedAt).toBeInstanceOf(Date);
        heads.push(head);
      }
    });

    it('stores exactly the complete subtrees of the tree (2n - popcount(n) nodes)', async () => {
      const n = leaves.length;
      const popcount = n.toString(2).replace(/0/g, '').length;
      expect(await countNodes(logId)).toBe(2 * n - popcount);
      expect(await store.treeSize(logId)).toBe(n);
    });

    it('records one signed head per commit, each a checkpoint note the log key verifies, with the root from scratch', async () => {
      const latest = await store.latestHead(logId);
      expect(latest).toMatchObject({ logId, treeSize: leaves.length });
      expect(latest!.recordedAt).toBeInstanceOf(Date);
      for (const head of heads) {
        const stored = await store.headAt(logId, head.treeSize);
        const { checkpoint } = openCheckpoint(stored!.checkpoint, [verifier], logKey.name);
        expect(checkpoint.treeSize).toBe(head.treeSize);
        expect(checkpoint.rootHash.equals(rootOfLeafHashes(leaves.slice(0, head.treeSize)))).toBe(true);
        expect(stored!.rootHash.equals(checkpoint.rootHash)).toBe(true);
      }
      expect(await store.headAt(logId, 2)).toBeUndefined();
    });

    it('serves the root of any past size from O(log n) stored nodes', async () => {
      for (const size of [0, 1, 2, 3, 4, 11, 111, 112, 256, leaves.length]) {
        const counter = counting(dataSource);
        const root = await new TransparencyLogStore(counter.db).rootHash(logId, size);
        expect(root.equals(rootOfLeafHashes(leaves.slice(0, size)))).toBe(true);
        expect(counter.rows).toBeLessThanOrEqual(log2Ceil(size + 1));
      }
    });

    it('serves an inclusion proof of every leaf in the latest tree with one query of at most 2 log n rows', async () => {
      const size = leaves.length;
      const root = rootOfLeafHashes(leaves);
      const counter = counting(dataSource);
      const reader = new TransparencyLogStore(counter.db);
      const failures: number[] = [];
      for (let index = 0; index < size; index++) {
        counter.reset();
        const proof = await reader.inclusionProof(logId, index, size);
        expect(counter.queries).toBeLessThanOrEqual(1);
        expect(counter.rows).toBeLessThanOrEqual(2 * log2Ceil(size));
        if (!verifyInclusion(index, size, leaves[index], proof, root)) failures.push(index);
        if (verifyInclusion(index, size, leafHash(Buffer.from('not an event')), proof, root)) failures.push(-index - 1);
      }
      expect(failures).toEqual([]);
    });

    it('serves inclusion proofs in every published tree, against its signed root', async () => {
      for (const head of heads) {
        for (const index of [0, Math.floor(head.treeSize / 2), head.treeSize - 1]) {
          const proof = await store.inclusionProof(logId, index, head.treeSize);
          expect(verifyInclusion(index, head.treeSize, leaves[index], proof, head.rootHash)).toBe(true);
        }
      }
    });

    it('serves a consistency proof between every two published sizes with one query of O(log n) rows', async () => {
      const counter = counting(dataSource);
      const reader = new TransparencyLogStore(counter.db);
      for (const from of heads) {
        for (const to of heads.filter((h) => h.treeSize >= from.treeSize)) {
          counter.reset();
          const proof = await reader.consistencyProof(logId, from.treeSize, to.treeSize);
          expect(counter.queries).toBeLessThanOrEqual(1);
          expect(counter.rows).toBeLessThanOrEqual(2 * (log2Ceil(to.treeSize) + 1));
          expect(verifyConsistency(from.treeSize, to.treeSize, from.rootHash, to.rootHash, proof)).toBe(true);
          if (from.treeSize < to.treeSize) expect(verifyConsistency(from.treeSize, to.treeSize, leafHash(Buffer.from('forged')), to.rootHash, proof)).toBe(false);
        }
      }
    });

    it('refuses proofs for a tree larger than the one stored', async () => {
      await expect(store.inclusionProof(logId, 0, leaves.length + 1)).rejects.toThrow(TreeNotStoredError);
      await expect(store.consistencyProof(logId, 1, leaves.length + 5)).rejects.toThrow(TreeNotStoredError);
      await expect(store.consistencyProof(logId, leaves.length + 5, leaves.length + 5)).rejects.toThrow(TreeNotStoredError);
      await expect(store.inclusionProof(logId, leaves.length, leaves.length)).rejects.toThrow(RangeError);
    });

    it('refuses a second head for a size already signed (a fork cannot be recorded)', async () => {
      const head = heads[2];
      const forkRoot = leafHash(Buffer.from('fork'));
      await expect(
        dataSource.transaction((tx) => store.recordHead(tx, logId, { treeSize: head.treeSize, rootHash: forkRoot, checkpoint: sign({ treeSize: head.treeSize, rootHash: forkRoot }) })),
      ).rejects.toThrow(/duplicate key/);
      expect((await store.headAt(logId, head.treeSize))!.rootHash.equals(head.rootHash)).toBe(true);
    });
  });

  it('keeps nothing of a commit whose transaction rolls back', async () => {
    const logId = 'rolled-back';
    await dataSource.transaction((tx) => store.commit(tx, logId, newLeaves(3), sign));
    await expect(
      dataSource.transaction(async (tx) => {
        await store.commit(tx, logId, newLeaves(5), sign);
        throw new Error('the events insert failed');
      }),
    ).rejects.toThrow('the events insert failed');
    expect(await store.treeSize(logId)).toBe(3);
    expect((await store.latestHead(logId))!.treeSize).toBe(3);
    expect(await countNodes(logId)).toBe(3 + 1 + 0);
  });

  it('serialises concurrent appends to one log, and keeps logs apart', async () => {
    const logId = 'concurrent';
    const batches = [newLeaves(5), newLeaves(9), newLeaves(1), newLeaves(12)];
    const results = await Promise.all(batches.map((batch) => dataSource.transaction((tx) => store.commit(tx, logId, batch, sign))));
    const ordered = results.map((r, i) => ({ r, batch: batches[i] })).sort((a, b) => a.r.firstIndex - b.r.firstIndex);
    const leaves: Hash[] = [];
    for (const { r, batch } of ordered) {
      expect(r.firstIndex).toBe(leaves.length);
      leaves.push(...batch);
      expect(r.rootHash.equals(rootOfLeafHashes(leaves))).toBe(true);
    }
    expect(await store.treeSize(logId)).toBe(27);
    expect(await store.treeSize('no-such-log')).toBe(0);
    expect(await store.latestHead('no-such-log')).toBeUndefined();
    expect((await store.rootHash(logId, 27)).equals(rootOfLeafHashes(leaves))).toBe(true);
  });

  it('refuses an empty commit and leaf hashes that are not 32 bytes', async () => {
    await expect(dataSource.transaction((tx) => store.commit(tx, 'x', [], sign))).rejects.toThrow(RangeError);
    await expect(dataSource.transaction((tx) => store.appendLeaves(tx, 'x', [Buffer.alloc(31)]))).rejects.toThrow(RangeError);
  });
});
