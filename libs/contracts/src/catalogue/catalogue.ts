import { CASE_EVENTS, CASE_UPCASTERS } from '../events/case.events';
import { AGREEMENT_UPCASTERS, CASE_WORK_EVENTS, STEP_EVENTS, STEP_UPCASTERS } from '../events/case-work.events';
import { EMPLOYMENT_EVENTS } from '../events/employment.events';
import { EMPLOYMENT_PLAN_EVENTS } from '../events/employment-plan.events';
import { HOUSEHOLD_EVENTS } from '../events/household.events';
import { INCIDENT_EVENTS } from '../events/incident.events';
import { PLACEMENT_EVENTS } from '../events/placement.events';
import { PROGRAMME_EVENTS } from '../events/programme.events';
import { REACTION_EVENTS } from '../events/reaction.events';
import { TABLE_EVENTS } from '../events/table.events';
import { TERRITORIAL_PLAN_EVENTS } from '../events/territorial-plan/territorial-plan.events';
import { WITNESS_EVENTS } from '../events/witness.events';
import { MANDATE_EVENTS } from '../events/mandate.events';
import { PACT_EVENTS, REFERRAL_EVENTS } from '../events/pact.events';
import { EventCatalogue } from './event-catalogue';

/** The network's event catalogue: every published type and version, and their upcasters. */
export const createEventCatalogue = () =>
  new EventCatalogue(
    [
      ...CASE_EVENTS, ...CASE_WORK_EVENTS, ...STEP_EVENTS, ...INCIDENT_EVENTS, ...PLACEMENT_EVENTS, ...EMPLOYMENT_EVENTS, ...PROGRAMME_EVENTS, ...TABLE_EVENTS,
      ...TERRITORIAL_PLAN_EVENTS, ...REACTION_EVENTS, ...WITNESS_EVENTS, ...EMPLOYMENT_PLAN_EVENTS, ...MANDATE_EVENTS, ...PACT_EVENTS, ...REFERRAL_EVENTS, ...HOUSEHOLD_EVENTS,
    ],
    [...CASE_UPCASTERS, ...AGREEMENT_UPCASTERS, ...STEP_UPCASTERS],
  );

export const EVENT_CATALOGUE = createEventCatalogue();
