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
