import { EntityManager } from 'typeorm';

/**
 * A fixed statement that writes many rows at once: its parameters are one array per column
 * (`INSERT ... SELECT * FROM unnest($1::text[], $2::text[]) ...`), prepared once per connection
 * under `name`.
 */
export interface RowsStatement {
  name: string;
  sql: string;
}

/** A row that must commit with an append (a person's key claimed, an Idempotency-Key's answer). */
export interface BatchedRow {
  statement: RowsStatement;
  /** The row's values, in the statement's column order. */
  values: unknown[];
}

/**
 * Writes rows with one statement per RowsStatement (the rows of a whole group-committed batch
 * in one round trip each, instead of one per append under the batch's lock), in the order each
 * statement first appears. `run` executes a statement with its column arrays.
 */
export async function writeBatchedRows(rows: BatchedRow[], run: (statement: RowsStatement, columns: unknown[][]) => Promise<unknown>): Promise<void> {
  const byStatement = new Map<string, { statement: RowsStatement; rows: unknown[][] }>();
  for (const { statement, values } of rows) {
    const group = byStatement.get(statement.name) ?? { statement, rows: [] };
    group.rows.push(values);
    byStatement.set(statement.name, group);
  }
  for (const { statement, rows: group } of byStatement.values()) {
    const columns = group[0].map((_, c) => group.map((row) => row[c]));
    await run(statement, columns);
  }
}

/** Runs batched rows in a transaction through TypeORM (the in-transaction path: a reaction's rows). */
export const writeRowsIn = (tx: EntityManager, rows: BatchedRow[]) => writeBatchedRows(rows, (statement, columns) => tx.query(statement.sql, columns));
