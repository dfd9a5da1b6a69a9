import { DataSource, EntityManager } from 'typeorm';

/**
 * Named questions over this store's events that commands and reads ask (the SQL over the
 * events table stays in this lib).
 */
export class EventLookups {
  constructor(private readonly dataSource: DataSource) {}

  /** The person's case still open in a municipality, if any. */
  async openCaseOfPerson(personId: string, municipality: string, manager?: EntityManager): Promise<string | null> {
    const [open] = await (manager ?? this.dataSource.manager).query(
      `SELECT o.case_id FROM events o WHERE o.type = 'case.opened' AND o.payload->>'personId' = $1 AND o.payload->>'municipality' = $2
         AND NOT EXISTS (SELECT 1 FROM events c WHERE c.type = 'case.closed' AND c.case_id = o.case_id) LIMIT 1`,
      [personId, municipality],
    );
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
