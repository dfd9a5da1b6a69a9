import { Actor } from '@inclusion/contracts';

/** A domain event: its catalogue type and its payload. Envelope fields are the store's job. */
export interface DomainEvent<T extends string = string, D extends object = Record<string, unknown>> {
  type: T;
  data: D;
}

/** An event as deciders see it when folding history: payload plus who recorded it and when. */
export interface RecordedEvent {
  type: string;
  data: Record<string, unknown>;
  eventId: string;
  institutionId: string;
  occurredAt: string;
  caseId?: string | null;
}

/** Who is deciding, for which institution, and what time it is: never read from a clock. */
export interface CommandMeta {
  institutionId: string;
  actor: Actor;
  /** ISO date-time of the command. */
  now: string;
}

export type Evolve<S> = (state: S, event: RecordedEvent) => S;

export const fold = <S>(evolve: Evolve<S>, initial: S, events: RecordedEvent[]): S => events.reduce(evolve, initial);

/** A decided event: its type and a copy of its payload. */
export const event = (type: string, data: object): DomainEvent => ({ type, data: { ...data } as Record<string, unknown> });
