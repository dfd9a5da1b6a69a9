import { createHash, createPublicKey } from 'node:crypto';
import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { canonicalJson, EventStore, hashedFieldsOf, KeyRing, leafOfEventHash, verifyInstitutionLog } from '@inclusion/event-store';
import { verifyInclusion } from '@inclusion/transparency-log';
import { evolveCase, fold, initialCaseView } from '@inclusion/domain';
import { toRecorded } from '@inclusion/commands';
import { benchStore, caseOpenedPayload, Line } from './support';

const context = (institutionId: string) => ({ institutionId, actor: { userId: 'bench', role: 'technician' as const }, correlationId: '0190a000-0000-7000-8000-000000000001' });

/** The same store, with a registry that holds the public halves of the keys the bench signed with (verification needs the registry). */
async function withRegistry(store: EventStore, institutionId: string): Promise<EventStore> {
  const key = await store.keyRing.provider.currentKey(institutionId);
  const keys = [{ keyId: key!.keyId, publicKey: createPublicKey(key!.privateKey), validFrom: new Date(0) }];
  return new EventStore(store.dataSource, { topic: 'bench.verify', catalogue: EVENT_CATALOGUE, keyRing: new KeyRing(store.keyRing.provider, { signingKeysOf: (id) => (id === institutionId ? { institutionId, kind: 'social-services', keys } : undefined) }) });
}

/** Verification (hash chain + transparency log: tree rebuilt in memory, signed tree heads checked; read from PostgreSQL) vs raw SHA-256 over the same bytes. */
export async function verificationVsRawSha256(total = 5000): Promise<Line[]> {
  const b = await benchStore('verify');
  try {
    for (let k = 0; k < total / 100; k++) {
      await b.store.append(`case-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${k}-${j}`, payload: caseOpenedPayload(j) })), 'no-stream', context('ss-bench'));
    }
    const verifier = await withRegistry(b.store, 'ss-bench');
    const began = process.hrtime.bigint();
    const report = await verifyInstitutionLog(verifier, 'ss-bench');
    const verifySeconds = Number(process.hrtime.bigint() - began) / 1e9;
    if (!report.intact || report.eventsChecked !== total) throw new Error('the bench log does not verify');

    const events = await b.store.readInstitutionLog('ss-bench', 0, total);
    const bytes = events.map((e) => canonicalJson(hashedFieldsOf(e)));
    const rawBegan = process.hrtime.bigint();
    for (const text of bytes) createHash('sha256').update(text).digest('hex');
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;
    return [{ name: 'verification (read + hash + Merkle tree + signed heads)', value: total / verifySeconds, unit: 'events/s', baselineName: 'raw SHA-256 over the same bytes', baseline: total / rawSeconds, higherIsBetter: true }];
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

/**
 * Transparency log: per event, an RFC 9162 inclusion proof read from PostgreSQL (O(log n)
 * stored nodes, one query) under the latest signed tree head, and its verification (leaf hash
 * + log2 n node hashes), vs raw SHA-256 over the same bytes (the event's canonical JSON).
 */
export async function inclusionProofVsRawSha256(total = 5000): Promise<Line[]> {
  const b = await benchStore('proofs');
  try {
    for (let k = 0; k < total / 100; k++) {
      await b.store.append(`case-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${k}-${j}`, payload: caseOpenedPayload(j) })), 'no-stream', context('ss-bench'));
    }
    const head = await b.store.logs.tree.latestHead('ss-bench');
    if (!head || head.treeSize !== total) throw new Error('the bench log has no signed head over every event');
    const events = await b.store.readInstitutionLog('ss-bench', 0, total);
    const began = process.hrtime.bigint();
    for (const event of events) {
      const proof = await b.store.logs.tree.inclusionProof('ss-bench', event.institutionSequence - 1, head.treeSize);
      if (!verifyInclusion(event.institutionSequence - 1, head.treeSize, leafOfEventHash(event.hash), proof, head.rootHash)) throw new Error(`event ${event.institutionSequence} is not proven`);
    }
    const proofSeconds = Number(process.hrtime.bigint() - began) / 1e9;
    // verification alone (what a consumer does with the proof that travels with the event)
    const proofs: Buffer[][] = [];
    for (const event of events) proofs.push(await b.store.logs.tree.inclusionProof('ss-bench', event.institutionSequence - 1, head.treeSize));
    const verifyBegan = process.hrtime.bigint();
    events.forEach((event, i) => verifyInclusion(event.institutionSequence - 1, head.treeSize, leafOfEventHash(event.hash), proofs[i], head.rootHash));
    const verifySeconds = Number(process.hrtime.bigint() - verifyBegan) / 1e9;

    const bytes = events.map((e) => canonicalJson(hashedFieldsOf(e)));
    const rawBegan = process.hrtime.bigint();
    for (const text of bytes) createHash('sha256').update(text).digest('hex');
    const rawSeconds = Number(process.hrtime.bigint() - rawBegan) / 1e9;
    return [
      {
        name: `inclusion proof per event (read from PostgreSQL + verify, tree of ${total})`,
        value: total / proofSeconds,
        unit: 'events/s',
        baselineName: 'raw SHA-256 over the same bytes',
        baseline: total / rawSeconds,
        higherIsBetter: true,
      },
      {
        name: `inclusion proof verification per event (in memory, tree of ${total})`,
        value: total / verifySeconds,
        unit: 'events/s',
        baselineName: 'raw SHA-256 over the same bytes',
        baseline: total / rawSeconds,
        higherIsBetter: true,
      },
    ];
  } finally {
    await b.drop();
  }
}
