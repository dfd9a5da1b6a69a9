import { ChainVerifier, VerificationReport } from './chain/verify';
import { EventStore } from './event-store';

const PAGE = 1000;

/** Verifies one institution's whole log: hash chain, signatures, order, completeness. */
export async function verifyInstitutionLog(store: EventStore, institutionId: string): Promise<VerificationReport> {
  const verifier = new ChainVerifier(institutionId, await store.keyRing.resolverFor(institutionId, store.dataSource.manager));
  let after = 0;
  for (;;) {
    const page = await store.readInstitutionLog(institutionId, after, PAGE);
    if (page.length === 0 || !verifier.feed(page)) break;
    after = page[page.length - 1].institutionSequence;
  }
  return verifier.report();
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
export async function verifyAgainstCheckpoints(store: EventStore, institutionId: string, checkpoints: KeptCheckpoint[]): Promise<VerificationReport & { checkpointsChecked: number }> {
  const report = await verifyInstitutionLog(store, institutionId);
  if (!report.intact) return { ...report, checkpointsChecked: 0 };
  let checked = 0;
  for (const checkpoint of [...checkpoints].sort((a, b) => a.sequence - b.sequence)) {
    if (checkpoint.sequence > report.headSequence) {
      return {
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
