import { MigrationInterface, QueryRunner } from 'typeorm';

/** Opening a case looks up the person's open cases (one per municipality): index it. */
export class IndexCasePersons1763800000005 implements MigrationInterface {
  name = 'IndexCasePersons1763800000005';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX events_case_person_idx ON events ((payload->>'personId'), (payload->>'municipality')) WHERE type = 'case.opened'`);
    await runner.query(`CREATE INDEX events_case_closed_idx ON events (case_id) WHERE type = 'case.closed'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS events_case_person_idx`);
    await runner.query(`DROP INDEX IF EXISTS events_case_closed_idx`);
  }
}
