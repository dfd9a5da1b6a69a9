import { createHash, createPublicKey } from 'node:crypto';
import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { canonicalJson, EventStore, hashedFieldsOf, KeyRing, leafOfEventHash, verifyInstitutionLog } from '@inclusion/event-store';
import { verifyInclusion } from '@inclusion/transparency-log';
import { evolveCase, fold, initialCaseView } from '@inclusion/domain';
import { toRecorded } from '@inclusion/commands';
import { benchStore, caseOpenedPayload, compare, fromRounds, Line, seconds } from './support';

const context = (institutionId: string) => ({ institutionId, actor: { userId: 'bench', role: 'technician' as const }, correlationId: '0190a000-0000-7000-8000-000000000001' });

/** The same store, with a registry that holds the public halves of the keys the bench signed with (verification needs the registry). */
async function withRegistry(store: EventStore, institutionId: string): Promise<EventStore> {
  const key = await store.keyRing.provider.currentKey(institutionId);
  const keys = [{ keyId: key!.keyId, publicKey: createPublicKey(key!.privateKey), validFrom: new Date(0) }];
  return new EventStore(store.dataSource, { topic: 'bench.verify', catalogue: EVENT_CATALOGUE, keyRing: new KeyRing(store.keyRing.provider, { signingKeysOf: (id) => (id === institutionId ? { institutionId, kind: 'social-services', keys } : undefined) }) });
}

/**
 * Verification of an institution's log (read from PostgreSQL, hash chain, Merkle tree rebuilt
 * in memory, signed tree heads checked) vs reading the same rows and hashing them: the same
 * pages read from the events table, each row canonicalised and hashed with SHA-256 inside
 * the timer.
 */
export async function verificationVsRawReadAndHash(total = 5000): Promise<Line[]> {
  const b = await benchStore('verify');
  try {
    for (let k = 0; k < total / 100; k++) {
      await b.store.append(`case-${k}`, Array.from({ length: 100 }, (_, j) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${k}-${j}`, payload: caseOpenedPayload(j) })), 'no-stream', context('ss-bench'));
    }
    const verifier = await withRegistry(b.store, 'ss-bench');
    const line = await compare(
      { name: 'verification of a log (read + hash + Merkle tree + signed heads)', unit: 'events/s', baselineName: 'read the same rows in pages and SHA-256 their canonical JSON', higherIsBetter: true, goal: 0.5 },
      async () => {
        let report: Awaited<ReturnType<typeof verifyInstitutionLog>> | undefined;
        const verifySeconds = await seconds(async () => (report = await verifyInstitutionLog(verifier, 'ss-bench')));
        if (!report!.intact || report!.eventsChecked !== total) throw new Error('the bench log does not verify');
        let hashed = 0;
        const rawSeconds = await seconds(async () => {
          for (let after = 0; ; ) {
            const page = await b.store.readInstitutionLog('ss-bench', after, 1000);
            if (page.length === 0) break;
            for (const event of page) createHash('sha256').update(canonicalJson(hashedFieldsOf(event))).digest('hex');
            hashed += page.length;
            after = page[page.length - 1].institutionSequence;
          }
        });
        return { value: total / verifySeconds, baseline: hashed / rawSeconds };
      },
    );
    return [line];
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
    const line = await compare(
      { name: 'case views rebuilt from the log (read, upcast, fold)', unit: 'events/s', baselineName: 'raw sequential read of the events table', higherIsBetter: true },
      async () => {
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
    return { value: total / rebuildSeconds, baseline: rows / rawSeconds };
      },
    );
    return [line];
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
    // every 5th event of the tree: each round reads and checks their proofs (one query each), then verifies them again in memory
    const events = (await b.store.readInstitutionLog('ss-bench', 0, total)).filter((_, i) => i % 5 === 0);
    const bytes = events.map((e) => canonicalJson(hashedFieldsOf(e)));
    const rounds: { proof: number; verify: number; raw: number }[] = [];
    for (let r = -1; r < 5; r++) {
      const proofs: Buffer[][] = [];
      const proofSeconds = await seconds(async () => {
        for (const event of events) {
          const proof = await b.store.logs.tree.inclusionProof('ss-bench', event.institutionSequence - 1, head.treeSize);
          if (!verifyInclusion(event.institutionSequence - 1, head.treeSize, leafOfEventHash(event.hash), proof, head.rootHash)) throw new Error(`event ${event.institutionSequence} is not proven`);
          proofs.push(proof);
        }
      });
      // verification alone (what a consumer does with the proof that travels with the event)
      const verifySeconds = await seconds(async () => events.forEach((event, i) => verifyInclusion(event.institutionSequence - 1, head.treeSize, leafOfEventHash(event.hash), proofs[i], head.rootHash)));
      const rawSeconds = await seconds(async () => bytes.forEach((text) => createHash('sha256').update(text).digest('hex')));
      if (r >= 0) rounds.push({ proof: events.length / proofSeconds, verify: events.length / verifySeconds, raw: events.length / rawSeconds });
    }
    return [
      fromRounds(
        { name: `inclusion proof per event (read from PostgreSQL + verify, ${total / 5} events of a tree of ${total})`, unit: 'events/s', baselineName: 'raw SHA-256 over the same bytes', higherIsBetter: true },
        rounds.map((x) => ({ value: x.proof, baseline: x.raw })),
      ),
      fromRounds(
        { name: `inclusion proof verification per event (in memory, ${total / 5} events of a tree of ${total})`, unit: 'events/s', baselineName: 'raw SHA-256 over the same bytes', higherIsBetter: true },
        rounds.map((x) => ({ value: x.verify, baseline: x.raw })),
      ),
    ];
  } finally {
    await b.drop();
  }
}
