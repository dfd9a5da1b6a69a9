import { EventEnvelope } from '@inclusion/contracts';
import { appendToFrontier, Frontier, Hash, NoteError, openCheckpoint } from '@inclusion/transparency-log';
import { BrokenPoint, ChainVerifier, TamperKind, VerificationReport } from './chain/verify';
import { leafOfEventHash, logKeyVerifiers, openCosigned, WitnessedCheckpoint } from './chain/transparency';
import { EventStore } from './event-store';

const PAGE = 1000;

/** What the walk checked of the institution's transparency log, beside its chain. */
export interface TreeCounts {
  /** Signed tree heads of this store (one per commit) whose signature and root were checked. */
  signedHeadsChecked: number;
  /** Checkpoints cosigned by witnesses that the log was held against. */
  witnessedChecked: number;
  /** The root (base64) of the tree over the whole log, when it verified. */
  rootHash?: string;
}

export type LogVerificationReport = VerificationReport & TreeCounts;

interface SignedHeadRow {
  tree_size: string;
  root_hash: Buffer;
  checkpoint: string;
  recorded_at: Date;
}

/**
 * Verifies one institution's whole log in one pass (events paged in, O(n) hashes, the tree's
 * frontier in memory): the hash chain (content, links, order, completeness, keys, and the
 * per-event signature of events recorded before the transparency log), then the transparency
 * log: each signed tree head this store recorded must be signed by the institution's key and
 * have the root the events give at its size; every event must be under a signed head; and the
 * log must agree with the checkpoints witnesses cosigned (`witnessed`): a cosigned size beyond
 * the log's end means a truncation, another root at a cosigned size a rewrite. The first
 * broken entry (or checkpoint) is reported.
 */
export async function verifyInstitutionLog(store: EventStore, institutionId: string, options: { witnessed?: WitnessedCheckpoint[] } = {}): Promise<LogVerificationReport> {
  const manager = store.dataSource.manager;
  const chain = new ChainVerifier(institutionId, await store.keyRing.resolverFor(institutionId, manager));
  const origin = store.logs.originOf(institutionId);
  const directory = store.keyRing.directory;
  const heads: SignedHeadRow[] = await manager.query(`SELECT tree_size, root_hash, checkpoint, recorded_at FROM tlog_heads WHERE log_id = $1 ORDER BY tree_size`, [institutionId]);
  const witnessed = [...(options.witnessed ?? [])].sort((a, b) => a.treeSize - b.treeSize);
  const counts: TreeCounts = { signedHeadsChecked: 0, witnessedChecked: 0 };
  let frontier: Frontier = [];
  let size = 0;
  let root: Hash | undefined;
  let h = 0;
  let w = 0;
  let lastSigned = 0; // the largest size whose signed head verified
  let lastWitnessed = 0; // the largest size a witness's checkpoint confirmed
  let firstUncovered: EventEnvelope | undefined; // the first event after lastSigned with no signature of its own
  // The events after lastSigned, and after lastWitnessed, to locate a broken one (the witnesses do not trust the signed heads: the key may be stolen).
  const sinceSigned: { event: EventEnvelope; leaf: Hash }[] = [];
  const sinceWitnessed: { event: EventEnvelope; leaf: Hash }[] = [];

  const broken = (kind: TamperKind, institutionSequence: number, detail: string, event?: EventEnvelope): LogVerificationReport => ({
    intact: false,
    institutionId,
    eventsChecked: chain.report().eventsChecked,
    firstBroken: { kind, institutionId, institutionSequence, detail, ...(event ? { eventId: event.eventId, globalPosition: event.globalPosition } : {}) } as BrokenPoint,
    ...counts,
  });

  /** The first of `since` whose leaf in the store's tree is not its own (a rewrite that left the tree), else the first of them. */
  const locate = async (since: { event: EventEnvelope; leaf: Hash }[]): Promise<{ event: EventEnvelope; how: string } | undefined> => {
    if (since.length === 0) return undefined;
    const from = since[0].event.institutionSequence - 1;
    const rows: { idx: string; hash: Buffer }[] = await manager.query(`SELECT idx, hash FROM tlog_nodes WHERE log_id = $1 AND level = 0 AND idx >= $2 AND idx < $3 ORDER BY idx`, [
      institutionId,
      from,
      size,
    ]);
    const stored = new Map(rows.map((row) => [Number(row.idx), row.hash]));
    const differing = since.find(({ event, leaf }) => !stored.get(event.institutionSequence - 1)?.equals(leaf));
    return differing
      ? { event: differing.event, how: `its leaf in the store's tree is not the hash of the event as it now reads` }
      : { event: since[0].event, how: `the first event after the last size that verified (${from}); the store's tree was rebuilt to match the rewrite` };
  };

  const checkHeadsAtSize = async (): Promise<LogVerificationReport | undefined> => {
    for (; h < heads.length && Number(heads[h].tree_size) <= size; h++) {
      const head = heads[h];
      if (Number(head.tree_size) < size) continue; // a size the walk passed without a head there (cannot happen: sizes ascend)
      let signedRoot: Hash;
      try {
        if (!directory) throw new NoteError('NO_VERIFIED_SIGNATURE', 'no registry of the network\'s keys was given');
        const { checkpoint } = openCheckpoint(head.checkpoint, logKeyVerifiers(directory, institutionId, origin, head.recorded_at), origin);
        if (checkpoint.treeSize !== size) throw new NoteError('MALFORMED', `the signed note is of size ${checkpoint.treeSize}, not ${size}`);
        signedRoot = checkpoint.rootHash; // the signed note is what counts, not the row's root_hash column
      } catch (error) {
        const located = await locate(sinceSigned);
        return broken('bad-signature', located?.event.institutionSequence ?? lastSigned + 1, `the tree head of size ${size} recorded on ${head.recorded_at.toISOString()} is not signed by ${institutionId}'s key: ${(error as Error).message}`, located?.event);
      }
      if (!signedRoot.equals(root!)) {
        const located = (await locate(sinceSigned))!;
        return broken(
          'rewritten',
          located.event.institutionSequence,
          `the events up to ${size} no longer give the root ${institutionId} signed at size ${size}: event ${located.event.institutionSequence} (${located.event.eventId}) is the first broken entry (${located.how})`,
          located.event,
        );
      }
      counts.signedHeadsChecked += 1;
      lastSigned = size;
      firstUncovered = undefined;
      sinceSigned.length = 0;
    }
    return undefined;
  };

  const checkWitnessedAtSize = async (): Promise<LogVerificationReport | undefined> => {
    for (; w < witnessed.length && witnessed[w].treeSize <= size; w++) {
      const cosigned = witnessed[w];
      if (cosigned.treeSize < size) continue;
      if (!cosigned.rootHash.equals(root!)) {
        const located = await locate(sinceWitnessed);
        return broken(
          'rewritten',
          located?.event.institutionSequence ?? size,
          `the log at size ${size} does not have the root witness ${cosigned.witness} cosigned on ${cosigned.cosignedAt} (${cosigned.source}): history was rewritten after size ${lastWitnessed} (the last one a witness confirmed)${located ? `; first broken entry: event ${located.event.institutionSequence} (${located.event.eventId}) at the latest, ${located.how}` : ''}`,
          located?.event,
        );
      }
      counts.witnessedChecked += 1;
      lastWitnessed = size;
      sinceWitnessed.length = 0;
    }
    return undefined;
  };

  for (let after = 0; ; ) {
    const page = await store.readInstitutionLog(institutionId, after, PAGE);
    if (page.length === 0) break;
    for (const event of page) {
      if (!chain.feed([event])) return { ...chain.report(), ...counts };
      const leaf = leafOfEventHash(event.hash);
      const appended = appendToFrontier(size, frontier, [leaf]);
      ({ frontier, treeSize: size, rootHash: root } = appended);
      sinceSigned.push({ event, leaf });
      sinceWitnessed.push({ event, leaf });
      if (event.signature === '' && !firstUncovered) firstUncovered = event;
      const problem = (await checkHeadsAtSize()) ?? (await checkWitnessedAtSize());
      if (problem) return problem;
    }
    after = page[page.length - 1].institutionSequence;
  }

  if (firstUncovered) {
    return broken('unsigned', firstUncovered.institutionSequence, `event ${firstUncovered.institutionSequence} (${firstUncovered.eventId}) has no signature of its own and no signed tree head covers it (the last is at size ${lastSigned})`, firstUncovered);
  }
  const beyond = [
    ...heads.slice(h).map((head) => ({ size: Number(head.tree_size), what: `a tree head signed by ${institutionId} on ${head.recorded_at.toISOString()}` })),
    ...witnessed.slice(w).map((c) => ({ size: c.treeSize, what: `a checkpoint cosigned by witness ${c.witness} on ${c.cosignedAt} (${c.source})` })),
  ].sort((a, b) => a.size - b.size);
  if (beyond.length) {
    return broken('truncated', size + 1, `the log ends at ${size}, but there is ${beyond[0].what} at size ${beyond[0].size}: events were removed`);
  }
  const stored = await store.logs.tree.treeSize(institutionId, manager);
  if (stored > size) return broken('truncated', size + 1, `the log ends at ${size}, but the store's transparency log holds ${stored} leaves: events were removed`);
  const report = chain.report();
  return { ...report, ...counts, ...(root ? { rootHash: root.toString('base64') } : {}) };
}

/**
 * The witnesses' cosigned checkpoints of an institution's log kept by this store (received on
 * the cosignatures topic), each opened again (witness cosignature and the institution's
 * signature): a row that no longer verifies is left out and counted.
 */
export async function keptWitnessedCheckpoints(store: EventStore, institutionId: string, witnessIds: readonly string[]): Promise<{ checkpoints: WitnessedCheckpoint[]; refused: number }> {
  const rows: { cosigned: string }[] = await store.dataSource.query(`SELECT cosigned FROM tlog_cosignatures WHERE log_id = $1 ORDER BY tree_size`, [institutionId]);
  const directory = store.keyRing.directory;
  if (!directory) return { checkpoints: [], refused: rows.length };
  const checkpoints: WitnessedCheckpoint[] = [];
  let refused = 0;
  for (const row of rows) {
    const opened = openCosigned(row.cosigned, { directory, institutionId, origin: store.logs.originOf(institutionId), witnessIds, source: 'kept' });
    if (opened.ok) checkpoints.push(...opened.checkpoints);
    else refused += 1;
  }
  return { checkpoints, refused };
}

/** Verifies every institution's log in the store; intact only if all are. */
export async function verifyStore(store: EventStore): Promise<{ intact: boolean; reports: VerificationReport[] }> {
  const reports: VerificationReport[] = [];
  for (const institutionId of await store.institutions()) reports.push(await verifyInstitutionLog(store, institutionId));
  return { intact: reports.every((report) => report.intact), reports };
}

export type StreamVerificationReport =
  | { intact: true; streamId: string; eventsChecked: number }
  | { intact: false; streamId: string; eventsChecked: number; detail: string; eventId?: string; kind: string };

/**
 * Verifies one stream: versions contiguous from 1, and every event verified within its
 * institution's chain (hash, signature and its link to the institution's previous event).
 */
export async function verifyStream(store: EventStore, streamId: string): Promise<StreamVerificationReport> {
  const events = await store.readStream(streamId, 1, { raw: true });
  const institutions = new Map<string, VerificationReport>();
  for (const [index, event] of events.entries()) {
    if (event.streamVersion !== index + 1) {
      return { intact: false, streamId, eventsChecked: index, kind: 'missing', detail: `version ${index + 1} of the stream is missing`, eventId: event.eventId };
    }
    if (!institutions.has(event.institutionId)) institutions.set(event.institutionId, await verifyInstitutionLog(store, event.institutionId));
    const report = institutions.get(event.institutionId)!;
    if (!report.intact && report.firstBroken.institutionSequence <= event.institutionSequence) {
      return { intact: false, streamId, eventsChecked: index, kind: report.firstBroken.kind, detail: report.firstBroken.detail, eventId: report.firstBroken.eventId };
    }
  }
  return { intact: true, streamId, eventsChecked: events.length };
}

export interface KeptCheckpoint {
  sequence: number;
  headHash: string;
  issuedAt: string;
}

/**
 * Verifies an institution's log and then holds it against the checkpoints the institution
 * signed before: a chain that now ends before a checkpoint was truncated; one whose event at
 * a checkpoint's sequence has another hash was rewritten (even if re-chained consistently).
 */
export async function verifyAgainstCheckpoints(
  store: EventStore,
  institutionId: string,
  checkpoints: KeptCheckpoint[],
  witnessed: WitnessedCheckpoint[] = [],
): Promise<LogVerificationReport & { checkpointsChecked: number }> {
  const report = await verifyInstitutionLog(store, institutionId, { witnessed });
  if (!report.intact) return { ...report, checkpointsChecked: 0 };
  let checked = 0;
  for (const checkpoint of [...checkpoints].sort((a, b) => a.sequence - b.sequence)) {
    if (checkpoint.sequence > report.headSequence) {
      return {
        ...report,
        intact: false,
        institutionId,
        eventsChecked: report.eventsChecked,
        checkpointsChecked: checked,
        firstBroken: {
          kind: 'truncated',
          institutionId,
          institutionSequence: report.headSequence + 1,
          detail: `the log ends at ${report.headSequence}, but the institution signed a checkpoint at ${checkpoint.sequence} on ${checkpoint.issuedAt}: events were removed`,
        },
      };
    }
    const [event] = await store.readInstitutionLog(institutionId, checkpoint.sequence - 1, 1);
    if (!event || event.hash !== checkpoint.headHash) {
      return {
        ...report,
        intact: false,
        institutionId,
        eventsChecked: report.eventsChecked,
        checkpointsChecked: checked,
        firstBroken: {
          kind: 'rewritten',
          institutionId,
          institutionSequence: checkpoint.sequence,
          eventId: event?.eventId,
          detail: `event ${checkpoint.sequence} does not have the hash the institution signed on ${checkpoint.issuedAt}: history was rewritten`,
        },
      };
    }
    checked += 1;
  }
  return { ...report, checkpointsChecked: checked };
}
