import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event-signing keys come from the network registry (public halves) and a key provider
 * outside the database (private halves): private keys leave PostgreSQL. Each event names the
 * key that signed it (`key_id`); events recorded before are marked `legacy` and keep
 * verifying with the self-minted public key still kept in signing_keys (docs/event-store.md,
 * "Upgrading").
 */
export class RegistrySigningKeys1763800000009 implements MigrationInterface {
  name = 'RegistrySigningKeys1763800000009';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events ADD COLUMN key_id text NOT NULL DEFAULT 'legacy'`);
    // From now on every insert names its key: no default hides a missing one.
    await runner.query(`ALTER TABLE events ALTER COLUMN key_id DROP DEFAULT`);
    await runner.query(`ALTER TABLE signing_keys DROP COLUMN IF EXISTS private_key`);
    await runner.query(`COMMENT ON TABLE signing_keys IS 'legacy: public keys of events recorded before registered keys (key_id = legacy); no new rows'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The private keys are gone for good: a rollback cannot bring them back (nor sign with them).
    await runner.query(`ALTER TABLE signing_keys ADD COLUMN IF NOT EXISTS private_key text`);
    await runner.query(`ALTER TABLE events DROP COLUMN IF EXISTS key_id`);
  }
}
