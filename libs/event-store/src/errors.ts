export type ExpectedVersion = number | 'no-stream' | 'any';

/** The stream is not at the version the writer expected: nothing was written. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'STREAM.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${expected === 'no-stream' ? 'no stream' : expected}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/**
 * This service holds no event-signing key of the institution: it does not host it (its
 * events are recorded, and signed, at the service of its kind). Nothing was written.
 */
export class NoSigningKeyError extends Error {
  readonly code = 'ACCESS.NOT_HOSTED_HERE';
  constructor(
    readonly institutionId: string,
    /** The service (institution kind) that hosts it, per the registry; undefined when it is in no registry. */
    readonly hostedBy: string | undefined,
  ) {
    super(
      hostedBy
        ? `institution ${institutionId} is not hosted by this service: record this at ${institutionId}'s own service (${hostedBy})`
        : `institution ${institutionId} is not hosted by this service: it is in no registry of the network`,
    );
    this.name = 'NoSigningKeyError';
  }
}

/**
 * The append broke a uniqueness rule the database enforces (a unique index: one open case per
 * person and municipality, an Idempotency-Key already stored...) because of a write that
 * committed concurrently: nothing was written. The command path retries the command, which
 * then decides on the state that includes the other write.
 */
export class ConflictingWriteError extends Error {
  readonly code = 'STREAM.CONFLICTING_WRITE';
  constructor(
    readonly constraint: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(`a concurrent write conflicts with this one${constraint ? ` (${constraint})` : ''}${detail ? `: ${detail}` : ''}; nothing was written`);
    this.name = 'ConflictingWriteError';
  }
}

/** A pg unique violation (23505) as a ConflictingWriteError; anything else as it is. */
export function asConflict(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string; detail?: string; driverError?: { code?: string; constraint?: string; detail?: string } };
  const pg = e?.driverError ?? e;
  return pg?.code === '23505' ? new ConflictingWriteError(pg.constraint, pg.detail) : error;
}
