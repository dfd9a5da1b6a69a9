/**
 * Stream ids are unique network-wide. Most aggregates live in one service (a case at social
 * services, a placement at its company); those whose facts several services record (a step
 * at its responsible institution's service, a table at each member's, a refused reaction at
 * whichever service reacted) name their stream after the recording service too:
 * `table-t1@employment-office`. Streams recorded before this rule keep their plain name.
 */
export const perService = (base: string, service: string): string => `${base}@${service}`;

/** The aggregate part of a stream id (`table-t1@employment-office` -> `table-t1`). */
export const baseStreamOf = (streamId: string): string => streamId.split('@')[0];

/** The table a table stream belongs to. */
export const tableIdOfStream = (streamId: string): string => baseStreamOf(streamId).replace(/^table-/, '');
