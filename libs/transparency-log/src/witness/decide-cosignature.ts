import { verifyConsistency } from '../merkle/consistency-proof';
import { Hash, hashesEqual } from '../merkle/rfc6962-hash';
import { Checkpoint, CheckpointFormatError, openCheckpoint, peekCheckpoint } from '../note/checkpoint';
import { NoteError, NoteVerifier } from '../note/signed-note';

/** What a witness remembers of a log: the last checkpoint it cosigned. */
export interface WitnessedHead {
  origin: string;
  treeSize: number;
  rootHash: Hash;
}

/**
 * Why a witness refuses to cosign (after c2sp.org/tlog-witness's answers):
 * - MALFORMED: not a signed checkpoint note (400);
 * - UNKNOWN_ORIGIN: no key is trusted for this log (404);
 * - BAD_SIGNATURE: no valid signature of a trusted log key, or a failing one (403);
 * - OLD_SIZE_MISMATCH: the proof starts from a size other than the one last cosigned (409);
 * - SHRINKS: the checkpoint is smaller than the one last cosigned (a rollback);
 * - FORK: same size as the one last cosigned, different root (split view);
 * - INCONSISTENT_PROOF: the consistency proof does not join the two checkpoints (422).
 */
export type RefusalReason = 'MALFORMED' | 'UNKNOWN_ORIGIN' | 'BAD_SIGNATURE' | 'OLD_SIZE_MISMATCH' | 'SHRINKS' | 'FORK' | 'INCONSISTENT_PROOF';

export type CosignDecision =
  | {
      decision: 'cosign';
      checkpoint: Checkpoint;
      /** What the witness must persist (atomically with answering) as its last cosigned head. */
      next: WitnessedHead;
    }
  | { decision: 'refuse'; reason: RefusalReason; detail: string; checkpoint?: Checkpoint };

export interface CosignRequest {
  /** The signed checkpoint the log submits. */
  signedCheckpoint: string;
  /** The log keys trusted per origin; an origin with none is unknown. */
  logKeysFor: (origin: string) => readonly NoteVerifier[] | undefined;
  /** The last head this witness cosigned for the checkpoint's origin, if any. */
  last: WitnessedHead | undefined;
  /** The consistency proof from `last` (or from `oldSize`) to the submitted checkpoint. */
  proof: readonly Hash[];
  /** The size the submitter claims the proof starts from (tlog-witness's `old` line), when given. */
  oldSize?: number;
}

const refuse = (reason: RefusalReason, detail: string, checkpoint?: Checkpoint): CosignDecision => ({ decision: 'refuse', reason, detail, ...(checkpoint ? { checkpoint } : {}) });

/**
 * Decides (pure: no clock, no key, no storage) whether a witness may cosign a checkpoint:
 * signed by a trusted key of its log, and append-only with respect to the last checkpoint it
 * cosigned for that log (proved by the consistency proof). The first checkpoint of a log is
 * trusted on first use. The caller cosigns with `cosignCheckpoint` and persists `next`.
 */
export function decideCosignature(request: CosignRequest): CosignDecision {
  let claimed: Checkpoint;
  try {
    claimed = peekCheckpoint(request.signedCheckpoint);
  } catch (error) {
    return refuse('MALFORMED', (error as Error).message);
  }
  const keys = request.logKeysFor(claimed.origin);
  if (!keys || keys.length === 0) return refuse('UNKNOWN_ORIGIN', `no key is trusted for log ${JSON.stringify(claimed.origin)}`, claimed);

  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(request.signedCheckpoint, keys, claimed.origin).checkpoint;
  } catch (error) {
    if (error instanceof NoteError && error.code !== 'MALFORMED') return refuse('BAD_SIGNATURE', error.message, claimed);
    if (error instanceof NoteError || error instanceof CheckpointFormatError) return refuse('MALFORMED', error.message, claimed);
    throw error;
  }

  const { last } = request;
  if (last && last.origin !== checkpoint.origin) throw new Error(`the last head given is of ${last.origin}, not ${checkpoint.origin}`);
  const lastSize = last?.treeSize ?? 0;
  const next: WitnessedHead = { origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash };

  if (request.oldSize !== undefined) {
    if (request.oldSize > checkpoint.treeSize) return refuse('MALFORMED', `old size ${request.oldSize} is larger than the checkpoint (${checkpoint.treeSize})`, checkpoint);
    if (request.oldSize !== lastSize) return refuse('OLD_SIZE_MISMATCH', `the last cosigned size is ${lastSize}, not ${request.oldSize}`, checkpoint);
  }
  if (!last || last.treeSize === 0) {
    // Nothing to be consistent with yet (trust on first use); a proof from the empty tree proves nothing.
    return request.proof.length === 0 ? { decision: 'cosign', checkpoint, next } : refuse('INCONSISTENT_PROOF', 'a proof from the empty tree must be empty', checkpoint);
  }
  if (checkpoint.treeSize < last.treeSize) {
    return refuse('SHRINKS', `size ${checkpoint.treeSize} is smaller than the last cosigned size ${last.treeSize}`, checkpoint);
  }
  if (checkpoint.treeSize === last.treeSize) {
    if (!hashesEqual(checkpoint.rootHash, last.rootHash)) {
      return refuse('FORK', `size ${checkpoint.treeSize} was cosigned with another root hash`, checkpoint);
    }
    return request.proof.length === 0 ? { decision: 'cosign', checkpoint, next } : refuse('INCONSISTENT_PROOF', 'equal sizes need an empty proof', checkpoint);
  }
  if (!verifyConsistency(last.treeSize, checkpoint.treeSize, last.rootHash, checkpoint.rootHash, request.proof)) {
    return refuse('INCONSISTENT_PROOF', `the proof does not show size ${checkpoint.treeSize} extends the cosigned size ${last.treeSize}`, checkpoint);
  }
  return { decision: 'cosign', checkpoint, next };
}
