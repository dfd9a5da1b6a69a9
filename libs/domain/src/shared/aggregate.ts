import { CommandMeta, DomainEvent, Evolve } from './decider';

/** What an aggregate's events concern: their Kafka key (case, project, programme) and the person whose key encrypts their sensitive fields. */
export interface Concerns {
  caseId?: string | null;
  projectId?: string | null;
  programmeId?: string | null;
  personId?: string | null;
}

/**
 * One aggregate's decider, whole: how its stream is named, its initial state and evolve, the
 * access rule (from the access policy), decide, and what each event concerns. Knowledge from
 * outside the stream (the case as this service knows it, a person's holder, a table as all its
 * members recorded it) comes in as `K`, read by the service in the command's transaction.
 * One generic handler runs any of them through the transactional command loop
 * (libs/commands RecordCommand).
 */
export interface Aggregate<S, C extends { type: string }, K = undefined> {
  name: string;
  /** The stream of one instance, as the recording service names it (shared/stream-ids.ts: unique network-wide). */
  streamOf(id: string, service: string): string;
  initial(): S;
  evolve: Evolve<S>;
  /** Throws the access policy's refusal; runs before anything else is answered (even the expected version). */
  authorize(command: C, state: S, meta: CommandMeta, knowledge: K): void;
  decide(command: C, state: S, meta: CommandMeta, knowledge: K): DomainEvent[];
  concerns(id: string, command: C, state: S, knowledge: K): Concerns;
}
