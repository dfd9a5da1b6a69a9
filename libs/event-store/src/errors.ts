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
