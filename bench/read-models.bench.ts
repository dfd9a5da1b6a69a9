import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { NetworkLog } from '@inclusion/network-log';
import { albaceteProgramme } from '../libs/read-models/src/testing/scenario';
import { benchStore, Line } from './support';

/**
 * The regional delegation's read models: a rebuild of every projection from the log against a
 * raw sequential read of the network_log table, and live recording (append + fold into every
 * projection, one transaction per event, as the consumer does) against raw INSERTs of the
 * same rows.
 */
export async function readModelRebuildVsRawRead(programmes = 8): Promise<Line[]> {
  const b = await benchStore('readmodels');
  try {
    const log = new NetworkLog(b.dataSource, `network_log_${b.schema}`, EVENT_CATALOGUE);
    const events = Array.from({ length: programmes }, (_, p) => albaceteProgramme(undefined, `programme-${p}`).events.map((e) => ({
      ...e,
      eventId: `${e.eventId.slice(0, 24)}${String(p).padStart(4, '0')}${e.eventId.slice(28)}`,
      caseId: e.caseId ? `${e.caseId}-p${p}` : null,
      payload: e.type === 'programme.case-enrolled' ? { ...e.payload, caseId: `${(e.payload as { caseId: string }).caseId}-p${p}` } : e.payload,
    }))).flat();

    const liveBegan = process.hrtime.bigint();
    for (const event of events) await b.dataSource.transaction((tx) => log.record(event, tx));
    const liveSeconds = Number(process.hrtime.bigint() - liveBegan) / 1e9;

    const began = process.hrtime.bigint();
    const reports = await log.rebuild();
    const rebuildSeconds = Number(process.hrtime.bigint() - began) / 1e9;
    if (reports[0].documents !== programmes * 71) throw new Error(`rebuild gave ${reports[0].documents} case documents, expected ${programmes * 71}`);

    const rawBegan = process.hrtime.bigint();
    let rows = 0;
    for (let position = 0; ; ) {
      const page: { position: string }[] = await b.dataSource.query(`SELECT * FROM network_log WHERE position > $1 ORDER BY position LIMIT 1000`, [position]);
      if (page.length === 0) break;
      rows += page.length;
      position = Number(page[page.length - 1].position);
    }
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;
    if (rows !== events.length) throw new Error(`network log holds ${rows} events, expected ${events.length}`);
    const raw = rows / rawSeconds;

    // Baseline of live recording: the same rows inserted as they are, one transaction per event, no lock, no fold.
    await b.dataSource.query(`CREATE TABLE network_log_raw (LIKE network_log INCLUDING ALL)`);
    const insertBegan = process.hrtime.bigint();
    for (const [index, event] of events.entries()) {
      await b.dataSource.transaction((tx) =>
        tx.query(
          `INSERT INTO network_log_raw (position, event_id, type, institution_id, case_id, project_id, programme_id, recorded_at, envelope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [index + 1, event.eventId, event.type, event.institutionId, event.caseId, event.projectId, event.programmeId, event.recordedAt, JSON.stringify(event)],
        ),
      );
    }
    const insertSeconds = Number(process.hrtime.bigint() - insertBegan) / 1e9;
    return [
      { name: `read models rebuilt from the network log (${events.length} events, 3 projections)`, value: events.length / rebuildSeconds, unit: 'events/s', baselineName: 'raw sequential read of network_log', baseline: raw, higherIsBetter: true },
      { name: 'live recording into the network log (lock, append, fold into 3 projections; one transaction per event)', value: events.length / liveSeconds, unit: 'events/s', baselineName: 'raw INSERT of the same rows, one transaction per event', baseline: events.length / insertSeconds, higherIsBetter: true },
    ];
  } finally {
    await b.drop();
  }
}
