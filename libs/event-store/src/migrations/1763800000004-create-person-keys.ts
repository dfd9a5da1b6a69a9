import { MigrationInterface, QueryRunner } from 'typeorm';

/** One encryption key per person; a NULL key with erased_at is an erased person. */
export class CreatePersonKeys1763800000004 implements MigrationInterface {
  name = 'CreatePersonKeys1763800000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE person_keys (
        person_id  text PRIMARY KEY,
        key        text,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at  timestamptz,
        CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS person_keys`);
  }
}
