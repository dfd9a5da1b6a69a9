import { DataSource, EntityManager } from 'typeorm';

/**
 * Named questions over this store's events that commands and reads ask (the SQL over the
 * events table stays in this lib).
 */
export class EventLookups {
  constructor(private readonly dataSource: DataSource) {}

  /** The person's case still open in a municipality, if any (`open_cases`, kept by the database with the events: migration 1763800000030). */
  async openCaseOfPerson(personId: string, municipality: string, manager?: EntityManager): Promise<string | null> {
    const [open] = await (manager ?? this.dataSource.manager).query(`SELECT case_id FROM open_cases WHERE person_id = $1 AND municipality = $2`, [personId, municipality]);
    return open?.case_id ?? null;
  }

  /** Every case this store opened for a person. */
  async casesOfPerson(personId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { case_id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT case_id FROM events WHERE type = 'case.opened' AND payload->>'personId' = $1 ORDER BY global_position`,
      [personId],
    );
    return rows.map((r) => r.case_id);
  }
}
