import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's key belongs to the institution that first recorded their data (the holder):
 * only it may erase them, and another institution cannot open a case for them. Existing keys
 * get the institution that opened the person's first case as holder.
 */
export class PersonKeyHolders1763800000010 implements MigrationInterface {
  name = 'PersonKeyHolders1763800000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE person_keys ADD COLUMN holder text`);
    await runner.query(
      `UPDATE person_keys k SET holder = (SELECT e.institution_id FROM events e WHERE e.type = 'case.opened' AND e.payload->>'personId' = k.person_id ORDER BY e.global_position LIMIT 1)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE person_keys DROP COLUMN holder`);
  }
}
