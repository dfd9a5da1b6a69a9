import { EntityManager } from 'typeorm';
import { BatchedRow, RowsStatement } from '../batched-rows';
import { newPersonKey } from './field-cipher';

/**
 * Claims of many persons' data in one statement (claimRow): a key created for the holder, or
 * the holder already recorded kept. The same person claimed twice in a batch: the first claim's
 * institution, as one after the other would leave it.
 */
const CLAIM_ROWS: RowsStatement = {
  name: 'person-keys-claim',
  sql: `INSERT INTO person_keys (person_id, key, holder)
        SELECT DISTINCT ON (c.person_id) c.person_id, c.key, c.holder FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS c(person_id, key, holder, n)
        ORDER BY c.person_id, c.n
        ON CONFLICT (person_id) DO UPDATE SET holder = coalesce(person_keys.holder, EXCLUDED.holder)`,
};

/** Personal data for an erased person cannot be recorded again (their key is gone). */
export class PersonErasedError extends Error {
  readonly code = 'PERSON.ERASED';
  constructor(readonly personId: string) {
    super(`person ${personId} was erased: no personal data can be recorded for them`);
  }
}

/**
 * One AES-256 key per person, in this service's person_keys table (social services: the
 * owner of personal data). Erasure destroys the key: every copy of the person's encrypted
 * fields, here and in every other service, becomes unreadable, while hashes still verify.
 */
export class PersonKeys {
  // No cache: an erasure by another process (another instance, the CLI) must take effect at once.

  async keyForWriting(personId: string, manager: EntityManager): Promise<Buffer> {
    const known = await this.keyFor(personId, manager);
    if (known) return known;
    const [erased] = await manager.query(`SELECT erased_at FROM person_keys WHERE person_id = $1`, [personId]);
    if (erased?.erased_at) throw new PersonErasedError(personId);
    await manager.query(`INSERT INTO person_keys (person_id, key) VALUES ($1, $2) ON CONFLICT (person_id) DO NOTHING`, [personId, newPersonKey().toString('base64')]);
    return (await this.keyFor(personId, manager))!;
  }

  /** The institution that holds the person's data (it first recorded them), or null when none does here. */
  async holderOf(personId: string, manager: EntityManager): Promise<string | null> {
    const [row] = await manager.query(`SELECT holder FROM person_keys WHERE person_id = $1`, [personId]);
    return row?.holder ?? null;
  }

  /**
   * Makes an institution the holder of a person's data: creates their key for it, or keeps the
   * holder already recorded (a key written before holders were recorded gets this one). A row
   * written with the rest of a group-committed batch (an append's `rows`). The access policy
   * decides whether another holder may act.
   */
  claimRow(personId: string, institutionId: string): BatchedRow {
    return { statement: CLAIM_ROWS, values: [personId, newPersonKey().toString('base64'), institutionId] };
  }

  /** The key, or null when the person was erased or this service never held one. */
  async keyFor(personId: string, manager: EntityManager): Promise<Buffer | null> {
    const [row] = await manager.query(`SELECT key FROM person_keys WHERE person_id = $1`, [personId]);
    return row?.key ? Buffer.from(row.key, 'base64') : null;
  }

  async isErased(personId: string, manager: EntityManager): Promise<boolean> {
    const [row] = await manager.query(`SELECT erased_at FROM person_keys WHERE person_id = $1`, [personId]);
    return !!row?.erased_at;
  }

  /** Destroys the key (the row stays, as proof of erasure). Returns false if there was none. */
  async erase(personId: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.query(
      `INSERT INTO person_keys (person_id, key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (person_id) DO UPDATE SET key = NULL, erased_at = coalesce(person_keys.erased_at, now()) RETURNING (xmax <> 0) AS existed`,
      [personId],
    );
    return !!result[0]?.existed;
  }
}
