import { CommandMeta, DomainEvent, Evolve, fold, RecordedEvent } from './decider';
import { DomainError } from './domain-error';

let counter = 0;

/** Test helper: turns domain events into recorded ones (institution, time, id) for folding. */
export const recorded = (event: DomainEvent, institutionId = 'ss-albacete', occurredAt = '2026-01-10T09:00:00.000Z', caseId = 'case-1'): RecordedEvent => ({
  type: event.type,
  data: event.data as Record<string, unknown>,
  eventId: `evt-${++counter}`,
  institutionId,
  occurredAt,
  caseId,
});

export const meta = (institutionId = 'ss-albacete'): CommandMeta => ({
  institutionId,
  actor: { userId: 'tech-ana', role: 'technician' },
  now: '2026-06-01T10:00:00.000Z',
});

/**
 * given(history).when(command).then(events) / .thenRejects(code): the decider tests read like
 * the domain. History is a list of recorded events folded with the aggregate's evolve.
 */
export function spec<S, C>(evolve: Evolve<S>, initial: () => S, decide: (command: C, state: S, meta: CommandMeta) => DomainEvent[]) {
  return {
    given: (...history: RecordedEvent[]) => ({
      when: (command: C, by: CommandMeta = meta()) => {
        const run = () => decide(command, fold(evolve, initial(), history), by);
        return {
          then: (...expected: DomainEvent[]) => expect(run()).toEqual(expected),
          thenNothing: () => expect(run()).toEqual([]),
          /** The command is refused with this code (and message, and HTTP-relevant kind, when given). */
          thenRejects: (code: string, message?: RegExp, kind?: DomainError['kind']): void => {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            if (message) expect((error as DomainError).message).toMatch(message);
            if (kind) expect((error as DomainError).kind).toBe(kind);
          },
        };
      },
    }),
  };
}

/** Test helper: the code of the DomainError a rule throws, or null when it lets the call through. */
export const refusalOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code;
  }
};
