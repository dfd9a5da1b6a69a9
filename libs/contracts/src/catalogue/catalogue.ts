import { CASE_EVENTS, CASE_UPCASTERS } from '../events/case.events';
import { INCIDENT_EVENTS } from '../events/incident.events';
import { EventCatalogue } from './event-catalogue';

/** The network's event catalogue: every published type and version, and their upcasters. */
export const createEventCatalogue = () => new EventCatalogue([...CASE_EVENTS, ...INCIDENT_EVENTS], [...CASE_UPCASTERS]);

export const EVENT_CATALOGUE = createEventCatalogue();
