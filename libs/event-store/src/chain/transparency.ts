import { KeyObject } from 'node:crypto';
import { DEFAULT_LOG_ORIGIN_PREFIX, InclusionProofOnTheWire, logOriginOf } from '@inclusion/contracts';
import {
  Checkpoint,
  cosignatureTimestamp,
  cosignatureVerifier,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  Hash,
  hashOfRange,
  inclusionProofRanges,
  leafHash,
  nodeIdsFor,
  nodeSourceOf,
  NoteVerifier,
  openCheckpoint,
  openNote,
  Queryable,
  rootFromInclusionProof,
  signCheckpoint,
  SignedTreeHead,
  TransparencyLogStore,
} from '@inclusion/transparency-log';
import { isValidAt, SigningKeyDirectory } from './signing-keys';

/**
 * Each institution's log is a transparency log (RFC 9162 Merkle tree): log id = the
 * institution id, origin = `<prefix>/<institutionId>` (default prefix `inclusion-network`),
 * leaf index = institutionSequence - 1, leaf = SHA-256(0x00 || the event's 32-byte hash), so
 * the leaf covers the content and the chain link. Tree heads are C2SP tlog-checkpoint signed
 * notes; the note key name is the origin and the key is the institution's registered
 * event-signing key (Ed25519, signed-note type 0x01, key ID = SHA-256(name || 0x0A || 0x01 || key)[:4]).
 */
export const leafOfEventHash = (hexHash: string): Hash => leafHash(Buffer.from(hexHash, 'hex'));

/** Each registered key's note verifier, by origin: made once per key (its key ID is a hash of the key), not once per event checked. */
const logVerifiers = new WeakMap<KeyObject, Map<string, NoteVerifier>>();

/** The verifier of checkpoint notes of the log `origin` signed with `publicKey` (the same object for the same key and origin). */
export function logVerifierOf(origin: string, publicKey: KeyObject): NoteVerifier {
  let byOrigin = logVerifiers.get(publicKey);
  if (!byOrigin) logVerifiers.set(publicKey, (byOrigin = new Map()));
  let verifier = byOrigin.get(origin);
  if (!verifier) byOrigin.set(origin, (verifier = ed25519NoteVerifier({ name: origin, publicKey })));
  return verifier;
}

/** The verifiers of an institution's checkpoint notes: its registered keys (those valid at `at`, or every key whose period began by `at` when `anyBegunBy`). */
export function logKeyVerifiers(directory: SigningKeyDirectory, institutionId: string, origin: string, at: Date, anyBegunBy = false): NoteVerifier[] {
  const keys = directory.signingKeysOf(institutionId)?.keys ?? [];
  return keys.filter((key) => (anyBegunBy ? key.validFrom.getTime() <= at.getTime() : isValidAt(key, at))).map((key) => logVerifierOf(origin, key.publicKey));
}

/**
 * Checkpoints already opened with a verifier, by verifier object, then origin and note text:
 * the events of one commit travel under the same signed checkpoint, whose signature is then
 * checked once, not once per event. Only notes that verified are kept (the last
 * OPENED_CHECKPOINTS_KEPT per verifier); a verifier is only ever the one made for its key.
 */
const openedCheckpoints = new WeakMap<NoteVerifier, Map<string, Checkpoint>>();
const OPENED_CHECKPOINTS_KEPT = 256;

function openCheckpointOnce(note: string, verifiers: NoteVerifier[], origin: string): Checkpoint {
  if (verifiers.length !== 1) return openCheckpoint(note, verifiers, origin).checkpoint;
  let opened = openedCheckpoints.get(verifiers[0]);
  if (!opened) openedCheckpoints.set(verifiers[0], (opened = new Map()));
  const key = `${origin}\n${note}`;
  const known = opened.get(key);
  if (known) return known;
  const { checkpoint } = openCheckpoint(note, verifiers, origin);
  if (opened.size >= OPENED_CHECKPOINTS_KEPT) opened.delete(opened.keys().next().value!);
  opened.set(key, checkpoint);
  return checkpoint;
}

/**
 * The cosignature (tlog-cosignature v1) verifiers of the network's witnesses: each witness
 * institution's registered keys, under its institution id as the key name.
 */
export function witnessVerifiers(directory: SigningKeyDirectory, witnessIds: readonly string[]): NoteVerifier[] {
  return witnessIds.flatMap((id) => (directory.signingKeysOf(id)?.keys ?? []).map((key) => cosignatureVerifier({ name: id, publicKey: key.publicKey })));
}

/** A checkpoint cosigned by a witness, as a log's verifier holds it against the store. */
export interface WitnessedCheckpoint {
  witness: string;
  treeSize: number;
  rootHash: Hash;
  /** When the witness cosigned it (its cosignature's timestamp). */
  cosignedAt: string;
  /** Where it came from: `kept` (this store's copy) or the witness URL it was fetched from. */
  source: string;
}

/**
 * Opens a cosigned checkpoint note of an institution's log: it must carry a valid
 * cosignature of one of the witnesses and a valid signature of one of the institution's
 * registered keys. Returns the witnessed checkpoints it carries (one per witness), or why not.
 */
export function openCosigned(
  note: string,
  options: { directory: SigningKeyDirectory; institutionId: string; origin: string; witnessIds: readonly string[]; source: string },
): { ok: true; checkpoints: WitnessedCheckpoint[]; checkpoint: Checkpoint } | { ok: false; reason: string } {
  const witnesses = witnessVerifiers(options.directory, options.witnessIds);
  const logKeys = logKeyVerifiers(options.directory, options.institutionId, options.origin, new Date(), true);
  try {
    const { checkpoint } = openCheckpoint(note, logKeys, options.origin);
    const cosigned = openNote(note, witnesses).verified;
    return {
      ok: true,
      checkpoint,
      checkpoints: cosigned.map((signature) => ({
        witness: signature.name,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        cosignedAt: new Date((cosignatureTimestamp(signature) ?? 0) * 1000).toISOString(),
        source: options.source,
      })),
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export interface CommittedHead extends SignedTreeHead {
  firstIndex: number;
}

/**
 * The transparency logs of one store (one per institution), on libs/transparency-log's
 * TransparencyLogStore: commits inside the event store's append transaction, backfill of
 * events recorded before the log, proofs, heads.
 */
export class InstitutionLogs {
  readonly tree: TransparencyLogStore;

  constructor(
    db: Queryable,
    readonly originPrefix = DEFAULT_LOG_ORIGIN_PREFIX,
  ) {
    this.tree = new TransparencyLogStore(db);
  }

  originOf(institutionId: string): string {
    return logOriginOf(institutionId, this.originPrefix);
  }

  /**
   * One commit of an institution's log, in the caller's transaction (under the store's append
   * lock): first the leaves of events already in the chain but not yet in the tree (a store
   * recorded before the transparency log: backfill), then `leafHashes`; one checkpoint note
   * signed with `privateKey` for the new head.
   */
  async commit(tx: Queryable, institutionId: string, chainSequence: number, leafHashes: Hash[], privateKey: KeyObject): Promise<CommittedHead> {
    const size = await this.tree.treeSize(institutionId, tx);
    if (size > chainSequence) {
      throw new Error(`the transparency log of ${institutionId} has ${size} leaves but its chain only ${chainSequence} events: the store was tampered with (npm run cli -- verify)`);
    }
    const missing = size < chainSequence ? await this.chainLeaves(tx, institutionId, size, chainSequence) : [];
    const origin = this.originOf(institutionId);
    const signer = ed25519NoteSigner(origin, privateKey);
    return this.tree.commit(tx, institutionId, [...missing, ...leafHashes], (head) => signCheckpoint({ origin, ...head }, [signer]));
  }

  /** The leaves of the chain's events after `afterSequence` up to `uptoSequence`. */
  private async chainLeaves(tx: Queryable, institutionId: string, afterSequence: number, uptoSequence: number): Promise<Hash[]> {
    const rows: { institution_sequence: string; hash: string }[] = await tx.query(
      `SELECT institution_sequence, hash FROM events WHERE institution_id = $1 AND institution_sequence > $2 AND institution_sequence <= $3 ORDER BY institution_sequence`,
      [institutionId, afterSequence, uptoSequence],
    );
    if (rows.length !== uptoSequence - afterSequence || rows.some((row, i) => Number(row.institution_sequence) !== afterSequence + i + 1)) {
      throw new Error(`cannot build the transparency log of ${institutionId}: events ${afterSequence + 1}..${uptoSequence} of its chain are not all there`);
    }
    return rows.map((row) => leafOfEventHash(row.hash));
  }

  /**
   * Brings an institution's tree up to its chain (events recorded before the transparency
   * log) and signs the head when a key is given. Returns the leaves added (0 when up to date).
   */
  async backfill(tx: Queryable, institutionId: string, privateKey?: KeyObject): Promise<number> {
    const [head] = await tx.query(`SELECT sequence FROM chain_heads WHERE institution_id = $1`, [institutionId]);
    const chain = head ? Number(head.sequence) : 0;
    const size = await this.tree.treeSize(institutionId, tx);
    if (size >= chain) return 0;
    if (privateKey) {
      await this.commit(tx, institutionId, size, await this.chainLeaves(tx, institutionId, size, chain), privateKey);
    } else {
      await this.tree.appendLeaves(tx, institutionId, await this.chainLeaves(tx, institutionId, size, chain));
    }
    return chain - size;
  }

  /** The inclusion proofs of several events (by sequence) under one tree head, read in one query, as they travel with the events. */
  async proofsOnTheWire(institutionId: string, sequences: number[], head: { treeSize: number; checkpoint: string }, manager?: Queryable): Promise<InclusionProofOnTheWire[]> {
    const ranges = sequences.map((sequence) => inclusionProofRanges(sequence - 1, head.treeSize));
    const source = nodeSourceOf(await this.tree.readNodes(institutionId, nodeIdsFor(ranges.flat()), manager));
    return sequences.map((sequence, i) => ({
      checkpoint: head.checkpoint,
      leafIndex: sequence - 1,
      treeSize: head.treeSize,
      hashes: ranges[i].map((range) => hashOfRange(range, source).toString('base64')),
    }));
  }

  /** The inclusion proof of an event (by its sequence) under the tree of `treeSize`, as it travels with the event. */
  async proofOnTheWire(institutionId: string, sequence: number, head: { treeSize: number; checkpoint: string }, manager?: Queryable): Promise<InclusionProofOnTheWire> {
    const hashes = await this.tree.inclusionProof(institutionId, sequence - 1, head.treeSize, manager);
    return { checkpoint: head.checkpoint, leafIndex: sequence - 1, treeSize: head.treeSize, hashes: hashes.map((h) => h.toString('base64')) };
  }
}

/**
 * Checks that an event hash is in an institution's log under the signed checkpoint carried
 * with it: the note is signed by one of `verifiers` (the institution's key valid when the
 * event was recorded), its origin is the institution's, and the inclusion proof leads from the
 * event's leaf at institutionSequence - 1 to the checkpoint's root. Returns why not, or null.
 */
export function inclusionDoubt(
  event: { hash: string; institutionSequence: number },
  proof: InclusionProofOnTheWire | undefined,
  origin: string,
  verifiers: NoteVerifier[],
): string | null {
  if (!proof || typeof proof !== 'object') return 'it carries no inclusion proof';
  if (typeof proof.checkpoint !== 'string' || !Array.isArray(proof.hashes) || !proof.hashes.every((h) => typeof h === 'string')) return 'its inclusion proof is malformed';
  if (verifiers.length === 0) return 'no registered key of the institution was valid when it was recorded';
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpointOnce(proof.checkpoint, verifiers, origin);
  } catch (error) {
    return `its checkpoint is not signed by the institution's key: ${(error as Error).message}`;
  }
  if (proof.treeSize !== checkpoint.treeSize) return `its proof is for size ${proof.treeSize}, its checkpoint is of size ${checkpoint.treeSize}`;
  if (proof.leafIndex !== event.institutionSequence - 1) return `its proof is for leaf ${proof.leafIndex}, not ${event.institutionSequence - 1} (institutionSequence - 1)`;
  if (!/^[0-9a-f]{64}$/.test(event.hash)) return 'its hash is not a SHA-256 hash';
  const root = rootFromInclusionProof(proof.leafIndex, proof.treeSize, leafOfEventHash(event.hash), proof.hashes.map((h) => Buffer.from(h, 'base64')));
  if (!root || !root.equals(checkpoint.rootHash)) return `its inclusion proof does not lead to the root of the signed checkpoint of size ${checkpoint.treeSize}`;
  return null;
}
