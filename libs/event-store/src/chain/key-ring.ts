import { KeyObject } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { generateSigningKeyPair, privateKeyOf, publicKeyOf } from './event-hash';

/**
 * Each institution's Ed25519 key pair, kept in this service's signing_keys table and
 * created on the institution's first event. Verification needs only the public keys.
 * (In production the private half belongs in a KMS/HSM; this table is the local stand-in.)
 */
export class KeyRing {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  async privateKeyFor(institutionId: string, manager: EntityManager): Promise<KeyObject> {
    const cached = this.privateKeys.get(institutionId);
    if (cached) return cached;
    const generated = generateSigningKeyPair();
    await manager.query(
      `INSERT INTO signing_keys (institution_id, public_key, private_key) VALUES ($1, $2, $3) ON CONFLICT (institution_id) DO NOTHING`,
      [institutionId, generated.publicKeyPem, generated.privateKeyPem],
    );
    const [row] = await manager.query(`SELECT private_key FROM signing_keys WHERE institution_id = $1`, [institutionId]);
    const key = privateKeyOf(row.private_key);
    this.privateKeys.set(institutionId, key);
    return key;
  }

  async publicKeyFor(institutionId: string, manager: EntityManager): Promise<KeyObject | undefined> {
    const cached = this.publicKeys.get(institutionId);
    if (cached) return cached;
    const [row] = await manager.query(`SELECT public_key FROM signing_keys WHERE institution_id = $1`, [institutionId]);
    if (!row) return undefined;
    const key = publicKeyOf(row.public_key);
    this.publicKeys.set(institutionId, key);
    return key;
  }

  async publicKeyPem(institutionId: string, manager: EntityManager): Promise<string | undefined> {
    const [row] = await manager.query(`SELECT public_key FROM signing_keys WHERE institution_id = $1`, [institutionId]);
    return row?.public_key;
  }
}
