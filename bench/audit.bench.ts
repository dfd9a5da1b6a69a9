import { createHash } from 'node:crypto';
import { canonicalJson, hashedFieldsOf, verifyInstitutionLog } from '@inclusion/event-store';
import { evolveCase, fold, initialCaseView } from '@inclusion/domain';
import { toRecorded } from '@inclusion/platform';
import { benchStore, caseOpenedPayload, Line } from './support';

const context = (institutionId: string) => ({ institutionId, actor: { userId: 'bench', role: 'technician' as const }, correlationId: '0190a000-0000-7000-8000-000000000001' });

/** Verification (hash chain + Ed25519 signatures, read from PostgreSQL) vs raw SHA-256 over the same bytes. */
export async function verificationVsRawSha256(total = 5000): Promise<Line[]> {
  const b = await benchStore('verify');
  try {
    for (let k = 0; k < total / 100; k++) {
      await b.store.append(`case-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${k}-${j}`, payload: caseOpenedPayload(j) })), 'no-stream', context('ss-bench'));
    }
    const began = process.hrtime.bigint();
    const report = await verifyInstitutionLog(b.store, 'ss-bench');
    const verifySeconds = Number(process.hrtime.bigint() - began) / 1e9;
    if (!report.intact || report.eventsChecked !== total) throw new Error('the bench log does not verify');

    const events = await b.store.readInstitutionLog('ss-bench', 0, total);
    const bytes = events.map((e) => canonicalJson(hashedFieldsOf(e)));
    const rawBegan = process.hrtime.bigint();
    for (const text of bytes) createHash('sha256').update(text).digest('hex');
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;
    return [{ name: 'verification (read + hash + Ed25519 verify)', value: total / verifySeconds, unit: 'events/s', baselineName: 'raw SHA-256 over the same bytes', baseline: total / rawSeconds, higherIsBetter: true }];
  } finally {
    await b.drop();
  }
}

/** Rebuilding every case view from the log vs a raw sequential read of the events table. */
export async function caseViewRebuildVsRawRead(cases = 500, eventsPerCase = 8): Promise<Line[]> {
  const b = await benchStore('rebuild');
  try {
    for (let c = 0; c < cases; c++) {
      await b.store.append(
        `case-${c}`,
        [
          { type: 'case.opened', schemaVersion: 2, caseId: `c-${c}`, payload: caseOpenedPayload(c) },
          ...Array.from({ length: eventsPerCase - 1 }, (_, j) => ({ type: 'case.reference-technician-assigned', schemaVersion: 1, caseId: `c-${c}`, payload: { technicianId: `tech-${j}` } })),
        ],
        'no-stream',
        context('ss-bench'),
      );
    }
    const total = cases * eventsPerCase;
    const began = process.hrtime.bigint();
    const views = new Map<string, ReturnType<typeof initialCaseView>>();
    let after = 0;
    for (;;) {
      const page = await b.store.readAll(after, 1000);
      if (page.events.length === 0) break;
      for (const event of page.events) views.set(event.caseId!, fold(evolveCase, views.get(event.caseId!) ?? initialCaseView(), [toRecorded(event)]));
      after = page.lastPosition;
    }
    const rebuildSeconds = Number(process.hrtime.bigint() - began) / 1e9;
    if (views.size !== cases) throw new Error('rebuild lost cases');

    const rawBegan = process.hrtime.bigint();
    let rows = 0;
    let position = 0;
    for (;;) {
      const page: { global_position: string }[] = await b.dataSource.query(`SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT 1000`, [position]);
      if (page.length === 0) break;
      rows += page.length;
      position = Number(page[page.length - 1].global_position);
    }
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;
    return [{ name: 'case views rebuilt from the log (read, upcast, fold)', value: total / rebuildSeconds, unit: 'events/s', baselineName: 'raw sequential read of the events table', baseline: rows / rawSeconds, higherIsBetter: true }];
  } finally {
    await b.drop();
  }
}
