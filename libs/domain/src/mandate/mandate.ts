import { CommandMeta, DomainEvent, event, RecordedEvent } from '../shared/decider';
import { DomainError, forbidden, notFound, rule } from '../shared/domain-error';

const conflict = (code: string, message: string) => new DomainError(code, message, 'conflict');

/**
 * Mandates (002: "Aziende Speciali dei Comuni per la gestione dei servizi in delega"): a
 * municipality, or any member, mandates another institution to run services on its behalf for
 * a dated period. The grantor records it in its own log (stream mandates-<grantor>); an
 * institution that sends a command with X-On-Behalf-Of naming another is refused unless that
 * other granted it a mandate in force on the day (assertMandateInForce, checked by the command
 * path for every command, HTTP or Kafka). Only what the grantor itself recorded counts.
 */
export interface Mandate {
  mandateId: string;
  grantor: string;
  agent: string;
  services: string;
  basis: string;
  validFrom: string;
  validUntil: string;
  revokedOn: string | null;
  revocationReason: string | null;
}

export interface MandatesState {
  /** By `<grantor>:<mandateId>`: an event another institution slipped into the stream cannot shadow the grantor's. */
  mandates: Record<string, Mandate>;
}

const keyOf = (grantor: string, mandateId: string) => `${grantor}:${mandateId}`;

export const initialMandates = (): MandatesState => ({ mandates: {} });

export type MandateCommand =
  | { type: 'GrantMandate'; data: { mandateId: string; agentInstitutionId: string; services: string; basis: string; validFrom: string; validUntil: string } }
  | { type: 'RevokeMandate'; data: { mandateId: string; revokedOn: string; reason: string } };

/** What granting needs from outside the stream: whether the agent is an institution of the registry. */
export interface MandateKnowledgeInput {
  agentKnown: boolean;
}

export const mandatesStream = (grantor: string) => `mandates-${grantor}`;

/** Folds a grantor's stream; a mandate event recorded by anyone but the grantor it names is ignored. */
export function evolveMandates(state: MandatesState, recorded: RecordedEvent): MandatesState {
  const data = recorded.data as Record<string, string>;
  if (recorded.type === 'mandate.granted') {
    const key = keyOf(recorded.institutionId, data.mandateId);
    if (state.mandates[key]) return state;
    const mandate: Mandate = {
      mandateId: data.mandateId,
      grantor: recorded.institutionId,
      agent: data.agentInstitutionId,
      services: data.services,
      basis: data.basis,
      validFrom: data.validFrom,
      validUntil: data.validUntil,
      revokedOn: null,
      revocationReason: null,
    };
    return { mandates: { ...state.mandates, [key]: mandate } };
  }
  if (recorded.type === 'mandate.revoked') {
    const key = keyOf(recorded.institutionId, data.mandateId);
    const mandate = state.mandates[key];
    if (!mandate || mandate.revokedOn) return state;
    return { mandates: { ...state.mandates, [key]: { ...mandate, revokedOn: data.revokedOn, revocationReason: data.reason } } };
  }
  return state;
}

export function decideMandate(command: MandateCommand, state: MandatesState, meta: CommandMeta, knowledge: MandateKnowledgeInput): DomainEvent[] {
  if (command.type === 'GrantMandate') {
    const { mandateId, agentInstitutionId, validFrom, validUntil } = command.data;
    if (state.mandates[keyOf(meta.institutionId, mandateId)]) throw conflict('MANDATE.ALREADY_GRANTED', `mandate ${mandateId} was already granted`);
    if (agentInstitutionId === meta.institutionId) throw rule('MANDATE.SELF', 'an institution does not need a mandate to act for itself');
    if (!knowledge.agentKnown) throw rule('MANDATE.UNKNOWN_AGENT', `${agentInstitutionId} is not an institution of the network registry`);
    if (validUntil < validFrom) throw rule('MANDATE.BAD_PERIOD', `validUntil ${validUntil} is before validFrom ${validFrom}`);
    return [event('mandate.granted', command.data)];
  }
  const mandate = state.mandates[keyOf(meta.institutionId, command.data.mandateId)];
  if (!mandate) throw notFound('MANDATE.NOT_FOUND', `${meta.institutionId} granted no mandate ${command.data.mandateId}`);
  if (mandate.revokedOn) throw conflict('MANDATE.ALREADY_REVOKED', `mandate ${mandate.mandateId} was revoked on ${mandate.revokedOn}`);
  if (command.data.revokedOn < mandate.validFrom) throw rule('MANDATE.BAD_PERIOD', `revokedOn ${command.data.revokedOn} is before the mandate's validFrom ${mandate.validFrom}`);
  return [event('mandate.revoked', command.data)];
}

/** Whether a mandate lets its agent act on the grantor's behalf on a day (YYYY-MM-DD): from validFrom to validUntil, until the day it was revoked. */
export const mandateInForce = (mandate: Mandate, day: string): boolean =>
  mandate.validFrom <= day && day <= mandate.validUntil && (mandate.revokedOn === null || day < mandate.revokedOn);

/**
 * The representation rule: `agent` may act on behalf of `grantor` on `day` only with a mandate
 * the grantor recorded, in force that day. Refused (403) naming what is missing otherwise.
 */
export function assertMandateInForce(grantorState: MandatesState, input: { agent: string; grantor: string; day: string }): Mandate {
  const { agent, grantor, day } = input;
  const theirs = Object.values(grantorState.mandates).filter((m) => m.grantor === grantor && m.agent === agent);
  const inForce = theirs.find((m) => mandateInForce(m, day));
  if (inForce) return inForce;
  if (theirs.length === 0) throw forbidden('MANDATE.NONE', `${agent} acts on behalf of ${grantor} (X-On-Behalf-Of) but ${grantor} granted it no mandate`);
  const revoked = theirs.find((m) => m.revokedOn !== null && m.revokedOn <= day && m.validFrom <= day);
  if (revoked) throw forbidden('MANDATE.REVOKED', `${grantor} revoked the mandate ${revoked.mandateId} of ${agent} on ${revoked.revokedOn}`);
  const periods = theirs.map((m) => `${m.mandateId} ${m.validFrom}..${m.validUntil}`).join(', ');
  throw forbidden('MANDATE.NOT_IN_FORCE', `no mandate of ${grantor} to ${agent} is in force on ${day} (${periods})`);
}
