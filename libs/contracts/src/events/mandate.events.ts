import { IsString, Length } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

/**
 * A municipality (or any member) mandates another institution to run services on its behalf
 * (002: "Aziende Speciali dei Comuni per la gestione dei servizi in delega"): recorded by the
 * grantor in its own log, dated, for a period. While it is in force, the agent may send
 * commands with X-On-Behalf-Of naming the grantor; without one they are refused.
 */
export class MandateGrantedV1 {
  @IdRule('mandateId') mandateId: string;
  /** The institution that acts on the grantor's behalf (an institution of the registry). */
  @IdRule('agentInstitutionId') agentInstitutionId: string;
  /** The services delegated, in the agreement's words (e.g. "servizio di assistenza domiciliare"). */
  @IsString() @Length(1, 500) services: string;
  /** The grantor's decision or agreement that constitutes the mandate (reference). */
  @IsString() @Length(1, 200) basis: string;
  @DateRule() validFrom: string;
  @DateRule() validUntil: string;
}

export class MandateRevokedV1 {
  @IdRule('mandateId') mandateId: string;
  @DateRule() revokedOn: string;
  @IsString() @Length(1, 2000) reason: string;
}

export const MANDATE_EVENTS: EventDefinition[] = [
  {
    type: 'mandate.granted',
    version: 1,
    producer: 'any',
    aggregate: 'mandate',
    description:
      'An institution (a municipality) mandates another to run services on its behalf for a period (servizi in delega): the agent, the services, the basis and the dates. Commands sent with X-On-Behalf-Of are checked against it.',
    payload: MandateGrantedV1,
    originalTerm: 'gestione dei servizi in delega (Aziende Speciali dei Comuni)',
  },
  {
    type: 'mandate.revoked',
    version: 1,
    producer: 'any',
    aggregate: 'mandate',
    description: 'The grantor ends a mandate before its term, from a date, with a reason: from that day the agent may no longer act on its behalf.',
    payload: MandateRevokedV1,
  },
];
