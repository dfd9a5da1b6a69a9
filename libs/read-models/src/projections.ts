import { EventEnvelope } from '@inclusion/contracts';
import { caseOf, evolveCaseFacts, initialCaseFacts } from './case-facts';
import { evolveProgrammeFacts, initialProgrammeFacts, programmeOf } from './programme-facts';
import { evolveTableFacts, initialTableFacts, tableOf } from './table-facts';

/**
 * A projection: a pure fold of the network's events into documents, one per key. The same
 * functions run live (one event at a time, as the network log grows) and in a rebuild (every
 * event of the log from the first), so both give the same documents.
 */
export interface Projection<S = unknown> {
  name: string;
  /** Bumped when the fold changes: a rebuild is then needed (the CLI's rebuild-projection). */
  version: number;
  keyOf(event: EventEnvelope): string | null;
  initial(key: string): S;
  evolve(state: S, event: EventEnvelope): S;
  /** The programme a document belongs to, kept in its own column for filtering. */
  programmeOf(state: S): string | null;
}

export const CASE_FACTS: Projection = {
  name: 'case-facts',
  // 2: consent withdrawals and the recording time of the opening are kept.
  // 3: its rebuild also fills network_log_participants (migration 1763800000007).
  // 4: participants and consents follow the access policy (only the owner's acts grant a part or change a consent).
  // 5: the itinerary's steps (kind, started, completed) are kept: the funnel's paths.
  // 7: Plan de Empleo proposals and contracts (the plan's own path), the person's household.
  // 6: each step's line, responsible institution, dates and result (actions by line); step facts only from the responsible institution.
  // 8: PACT proactive proposals and their answers, the referral a case was accepted from.
  version: 8,
  keyOf: caseOf,
  initial: initialCaseFacts,
  evolve: evolveCaseFacts as Projection['evolve'],
  programmeOf: (state) => (state as { programmeId?: string }).programmeId ?? null,
};

export const TABLE_FACTS: Projection = {
  name: 'table-facts',
  version: 1,
  keyOf: tableOf,
  initial: initialTableFacts,
  evolve: evolveTableFacts as Projection['evolve'],
  programmeOf: () => null,
};

export const PROGRAMME_FACTS: Projection = {
  name: 'programme-facts',
  version: 1,
  keyOf: programmeOf,
  initial: initialProgrammeFacts,
  evolve: evolveProgrammeFacts as Projection['evolve'],
  programmeOf: (state) => (state as { programmeId: string }).programmeId,
};

export const PROJECTIONS: Projection[] = [CASE_FACTS, TABLE_FACTS, PROGRAMME_FACTS];

export const projectionNamed = (name: string): Projection | undefined => PROJECTIONS.find((p) => p.name === name);

/** Folds events in order into every projection's documents, in memory (tests, rebuild). */
export function replay(events: Iterable<EventEnvelope>, projections: Projection[] = PROJECTIONS, into = new Map<string, Map<string, unknown>>()): Map<string, Map<string, unknown>> {
  for (const projection of projections) if (!into.has(projection.name)) into.set(projection.name, new Map());
  for (const event of events) {
    for (const projection of projections) {
      const key = projection.keyOf(event);
      if (key === null) continue;
      const documents = into.get(projection.name)!;
      documents.set(key, projection.evolve(documents.get(key) ?? projection.initial(key), event));
    }
  }
  return into;
}
