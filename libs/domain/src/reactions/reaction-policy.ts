import { InstitutionKind, MemberKind } from '@inclusion/contracts';
import { CaseView } from '../case/case-view';

/** The event a reaction answers: who recorded it, about which case, in which stream. */
export interface CauseEvent {
  eventId: string;
  type: string;
  institutionId: string;
  streamId: string;
  caseId?: string | null;
  data: Record<string, unknown>;
}

/** What the reacting service knows when it reacts: the case as it sees it, and each institution's kind (the registry). */
export interface ReactionKnowledge {
  caseView: CaseView;
  kindOf: (institutionId: string) => MemberKind | undefined;
}

/**
 * What a reaction policy decides: a command for a named institution, nothing to do, or a
 * refusal with the rule's code. A refusal that names an institution is final (recorded as
 * `reaction.refused` by it); one that names none means "not yet": what the case needs (its
 * opening, the office or company taking part) may still be on its way from another topic,
 * so the service keeps the reaction waiting and tries again when the case's next event comes.
 */
export type ReactionOutcome<C> =
  | { outcome: 'command'; institutionId: string; command: C }
  | { outcome: 'none' }
  | { outcome: 'refused'; institutionId: string | null; code: string; reason: string };

/**
 * A reaction across institutions as a pure policy: cause event -> command | nothing | refusal.
 * Apps only subscribe it (libs/network-member Reactions); docs/domain.md's reactions table is
 * generated from these.
 */
export interface ReactionPolicy<C = unknown> {
  /** Kebab-case name, recorded in `reaction.refused`. */
  name: string;
  /** The service that reacts. */
  service: InstitutionKind;
  /** The cause event types. */
  on: string[];
  /** Whether it reacts to other services' events only, or also to the reacting service's own. */
  from: 'other-services' | 'any-service';
  /** The command it issues, and the event it records. */
  command: string;
  records: string;
  /** Who records it, in the practitioners' words. */
  actor: string;
  react(cause: CauseEvent, knowledge: ReactionKnowledge): ReactionOutcome<C>;
}

export const refused = (institutionId: string | null, code: string, reason: string) => ({ outcome: 'refused' as const, institutionId, code, reason });
