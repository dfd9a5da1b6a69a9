import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigger function that keeps `open_cases` (one row per person and municipality with an open
 * case) in step with the events table: a `case.opened` inserts the row (a second open case of
 * the person in the municipality raises a unique violation on `open_cases_pkey`, in the
 * appending transaction; the same case's opening restored by SQL does not), a `case.closed`
 * deletes it. `table` names the table (the bench gives its raw copy its own).
 */
export const openCasesTriggerSql = (fn: string, eventsTable: string, table: string) => [
  `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.type = 'case.opened' THEN
       IF NEW.payload->>'personId' IS NOT NULL AND NEW.payload->>'municipality' IS NOT NULL THEN
         INSERT INTO ${table} (person_id, municipality, case_id) VALUES (NEW.payload->>'personId', NEW.payload->>'municipality', NEW.case_id)
         ON CONFLICT DO NOTHING;
         -- The same case again (its events restored by SQL) is no second case; another open case of the person is.
         IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM ${table} WHERE person_id = NEW.payload->>'personId' AND municipality = NEW.payload->>'municipality' AND case_id IS NOT DISTINCT FROM NEW.case_id) THEN
           RAISE EXCEPTION 'the person already has an open case in %', NEW.payload->>'municipality'
             USING ERRCODE = 'unique_violation', CONSTRAINT = 'open_cases_pkey';
         END IF;
       END IF;
     ELSE
       DELETE FROM ${table} WHERE case_id = NEW.case_id;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER ${fn} AFTER INSERT ON ${eventsTable} FOR EACH ROW WHEN (NEW.type IN ('case.opened', 'case.closed')) EXECUTE FUNCTION ${fn}()`,
];

/**
 * One open case per person and municipality, enforced by the database in the appending
 * transaction (no query under the append lock): `open_cases` has the person and municipality
 * as primary key, kept by a trigger on events. Existing stores are backfilled with their open
 * cases (the first one opened, should a store hold two).
 */
export class OpenCasePerPerson1763800000030 implements MigrationInterface {
  name = 'OpenCasePerPerson1763800000030';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS open_cases (
        person_id    text NOT NULL,
        municipality text NOT NULL,
        case_id      text,
        PRIMARY KEY (person_id, municipality)
      )`);
    await runner.query(`CREATE INDEX IF NOT EXISTS open_cases_case_idx ON open_cases (case_id)`);
    await runner.query(`
      INSERT INTO open_cases (person_id, municipality, case_id)
      SELECT o.payload->>'personId', o.payload->>'municipality', o.case_id
        FROM events o
       WHERE o.type = 'case.opened' AND o.payload->>'personId' IS NOT NULL AND o.payload->>'municipality' IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM events c WHERE c.type = 'case.closed' AND c.case_id = o.case_id)
       ORDER BY o.global_position
      ON CONFLICT DO NOTHING`);
    await runner.query(`DROP TRIGGER IF EXISTS open_cases_track ON events`);
    // The function names its table with the schema: it writes there whatever the caller's search_path.
    const [{ schema }] = await runner.query(`SELECT quote_ident(current_schema()) AS schema`);
    for (const sql of openCasesTriggerSql('open_cases_track', 'events', `${schema}.open_cases`)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER IF EXISTS open_cases_track ON events`);
    await runner.query(`DROP FUNCTION IF EXISTS open_cases_track()`);
    await runner.query(`DROP TABLE IF EXISTS open_cases`);
  }
}
