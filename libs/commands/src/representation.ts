import { EntityManager } from 'typeorm';

/**
 * Checks that an institution may act on behalf of another (X-On-Behalf-Of): provided by the
 * network member (MandateKnowledge, libs/network-member/src/mandates), which knows the
 * mandates every grantor recorded. Without a provider every representation is refused.
 */
export interface RepresentationCheck {
  /** Throws a DomainError (403) unless `grantor` granted `agent` a mandate in force on `day` (YYYY-MM-DD). */
  assertMayActFor(input: { agent: string; grantor: string; day: string }, tx: EntityManager): Promise<void>;
}

export const REPRESENTATION_CHECK = Symbol('REPRESENTATION_CHECK');
