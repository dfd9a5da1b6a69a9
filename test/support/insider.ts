import { KeyObject } from 'node:crypto';
import { Client } from 'pg';
import { logOriginOf } from '@inclusion/contracts';
import { envelopeOfRow, EventRow, GENESIS_HASH, hashEvent, leafOfEventHash } from '@inclusion/event-store';
import { ed25519NoteSigner, signCheckpoint as signTreeHead, TransparencyLogStore } from '@inclusion/transparency-log';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The event as stored, with the insider's payload and chain link (the store's own row mapping). */
const envelopeOf = (row: Row, payload: unknown, previousHash: string) => ({ ...envelopeOfRow(row as EventRow), payload: payload as EventRow['payload'], previousHash });

/**
 * What an insider who controls a service and took the institution's private key (from its
 * key provider) does to rewrite history without leaving a local trace: changes the payload of
 * event `sequence` (`rewrite(payload)`), re-hashes and re-chains every later event, rebuilds
 * the institution's transparency log (tree nodes, one re-signed tree head per old head size)
 * with the stolen key, and deletes the checkpoints and cosignatures the service kept.
 */
export async function rewriteWithStolenKey(db: Client, institutionId: string, sequence: number, rewrite: (payload: Row) => Row, privateKey: KeyObject): Promise<void> {
  const rows: Row[] = (await db.query(`SELECT * FROM events WHERE institution_id = $1 ORDER BY institution_sequence`, [institutionId])).rows;
  await db.query('BEGIN');
  try {
    let previousHash = sequence > 1 ? rows[sequence - 2].hash : GENESIS_HASH;
    const hashes: string[] = rows.slice(0, sequence - 1).map((row) => row.hash);
    for (const row of rows.slice(sequence - 1)) {
      const payload = Number(row.institution_sequence) === sequence ? rewrite(row.payload) : row.payload;
      const hash = hashEvent(envelopeOf(row, payload, previousHash) as never);
      await db.query(`UPDATE events SET payload = $2, previous_hash = $3, hash = $4 WHERE event_id = $1`, [row.event_id, JSON.stringify(payload), previousHash, hash]);
      hashes.push(hash);
      previousHash = hash;
    }
    await db.query(`UPDATE chain_heads SET head_hash = $2 WHERE institution_id = $1`, [institutionId, previousHash]);
    const sizes: number[] = (await db.query(`SELECT tree_size FROM tlog_heads WHERE log_id = $1 ORDER BY tree_size`, [institutionId])).rows.map((r: Row) => Number(r.tree_size));
    await db.query(`DELETE FROM tlog_nodes WHERE log_id = $1`, [institutionId]);
    await db.query(`DELETE FROM tlog_heads WHERE log_id = $1`, [institutionId]);
    const tree = new TransparencyLogStore({ query: async (text: string, params?: unknown[]) => (await db.query(text, params)).rows });
    const origin = logOriginOf(institutionId);
    const signer = ed25519NoteSigner(origin, privateKey);
    let done = 0;
    for (const size of sizes) {
      await tree.commit({ query: async (text: string, params?: unknown[]) => (await db.query(text, params)).rows }, institutionId, hashes.slice(done, size).map(leafOfEventHash), (head) =>
        signTreeHead({ origin, ...head }, [signer]),
      );
      done = size;
    }
    await db.query(`DELETE FROM audit_checkpoints WHERE institution_id = $1`, [institutionId]);
    await db.query(`DELETE FROM tlog_cosignatures WHERE log_id = $1`, [institutionId]);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/** Deletes an institution's events after `keep`, and every trace of them the service itself kept (heads, tree nodes, checkpoints, cosignatures). */
export async function truncateEverywhere(db: Client, institutionId: string, keep: number): Promise<void> {
  await db.query(`DELETE FROM events WHERE institution_id = $1 AND institution_sequence > $2`, [institutionId, keep]);
  const [head] = (await db.query(`SELECT hash FROM events WHERE institution_id = $1 AND institution_sequence = $2`, [institutionId, keep])).rows;
  await db.query(`UPDATE chain_heads SET sequence = $2, head_hash = $3 WHERE institution_id = $1`, [institutionId, keep, head.hash]);
  await db.query(`DELETE FROM tlog_heads WHERE log_id = $1 AND tree_size > $2`, [institutionId, keep]);
  // the complete subtrees that reach past the kept leaves
  await db.query(`DELETE FROM tlog_nodes WHERE log_id = $1 AND (idx + 1) * (1::bigint << level) > $2`, [institutionId, keep]);
  await db.query(`DELETE FROM tlog_publications WHERE log_id = $1`, [institutionId]);
  await db.query(`DELETE FROM audit_checkpoints WHERE institution_id = $1`, [institutionId]);
  await db.query(`DELETE FROM tlog_cosignatures WHERE log_id = $1`, [institutionId]);
}
