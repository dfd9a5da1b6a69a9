import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openCasesTriggerSql } from '@inclusion/event-store';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Pool, PoolClient } from 'pg';
import { benchStore, caseOpenedPayload, compare, env, Line, seconds } from './support';

/** The text `COPY (query) TO STDOUT` gives (read outside the timings). */
async function copyOut(client: PoolClient, query: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const copyIn = (client: PoolClient, sql: string, data: Buffer) => pipeline(Readable.from([data]), client.query(copyFrom(sql)));

/** A fresh institution's history for round `round`: NDJSON lines of case openings, each followed by three technician assignments. */
export const importLines = (round: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const caseId = `imp-${round}-${Math.floor(i / 4)}`;
    return JSON.stringify(
      i % 4 === 0
        ? { streamId: `case-${caseId}`, type: 'case.opened', schemaVersion: 2, caseId, payload: caseOpenedPayload(i), occurredAt: '2019-03-01T09:00:00Z' }
        : { streamId: `case-${caseId}`, type: 'case.reference-technician-assigned', schemaVersion: 1, caseId, payload: { technicianId: `tech-${i % 4}` }, occurredAt: '2019-04-01T09:00:00Z' },
    );
  });

/**
 * Bulk import (EventStore.bulkImport: parse and check each NDJSON line against the catalogue,
 * chain, Merkle nodes, one signed tree head per 5000 events, COPY of events, outbox rows with
 * their inclusion proofs and tree nodes, one transaction) vs raw COPY of the same rows (the
 * bytes the import wrote, read back with COPY TO outside the timing) into tables made LIKE
 * events, outbox and tlog_nodes INCLUDING ALL (same indexes, the same open-case trigger), in
 * one transaction. Each round imports a fresh institution's history (case openings and technician assignments).
 */
export async function bulkImportVsRawCopy(perRound = Number(process.env.BENCH_IMPORT_EVENTS ?? 10_000)): Promise<Line[]> {
  const b = await benchStore('import');
  const pool = new Pool({ connectionString: env().databaseUrl, max: 2, options: `-c search_path="${b.schema}"` });
  let round = 0;
  try {
    await b.dataSource.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
    await b.dataSource.query(`CREATE TABLE raw_outbox (LIKE outbox INCLUDING ALL)`);
    await b.dataSource.query(`CREATE TABLE raw_tlog_nodes (LIKE tlog_nodes INCLUDING ALL)`);
    await b.dataSource.query(`CREATE TABLE raw_open_cases (LIKE open_cases INCLUDING ALL)`);
    for (const sql of openCasesTriggerSql('raw_open_cases_track', 'raw_events', `"${b.schema}".raw_open_cases`)) await b.dataSource.query(sql);
    const line = await compare(
      { name: `bulk import (NDJSON lines checked, chained, signed per 5000, COPY; ${perRound} events)`, unit: 'events/s', baselineName: 'raw COPY of the same rows (events, outbox, tree nodes), one transaction', higherIsBetter: true, goal: 0.7 },
      async () => {
        const r = round++;
        const institution = `ss-import-${r + 1}`;
        const lines = importLines(r, perRound);
        let report: Awaited<ReturnType<typeof b.store.bulkImport>> | undefined;
        const importSeconds = await seconds(async () => (report = await b.store.bulkImport(institution, lines)));
        const client = await pool.connect();
        try {
          const events = await copyOut(client, `SELECT * FROM events WHERE institution_id = '${institution}' ORDER BY global_position`);
          const outbox = await copyOut(client, `SELECT * FROM outbox WHERE global_position BETWEEN ${report!.firstPosition} AND ${report!.lastPosition} ORDER BY global_position`);
          const nodes = await copyOut(client, `SELECT * FROM tlog_nodes WHERE log_id = '${institution}'`);
          const rawSeconds = await seconds(async () => {
            await client.query('BEGIN');
            await copyIn(client, 'COPY raw_events FROM STDIN', events);
            await copyIn(client, 'COPY raw_outbox FROM STDIN', outbox);
            await copyIn(client, 'COPY raw_tlog_nodes FROM STDIN', nodes);
            await client.query('COMMIT');
          });
          return { value: report!.events / importSeconds, baseline: perRound / rawSeconds };
        } finally {
          client.release();
        }
      },
    );
    return [line];
  } finally {
    await pool.end();
    await b.drop();
  }
}
