import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

export const INCIDENT_KINDS = [
  'absenteeism',
  'work-family-conciliation',
  'disciplinary',
  'poor-group-adaptation',
  'health-or-functional-limitation',
  'other',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high'] as const;

export class IncidentReportedV1 {
  @IdRule('incidentId') incidentId: string;
  @IdRule('placementId') placementId: string;
  @IsIn(INCIDENT_KINDS) kind: IncidentKind;
  @IsIn(INCIDENT_SEVERITIES) severity: string;
  @DateRule() observedOn: string;
  @IsString() @Length(1, 4000) description: string;
}

export class IncidentFollowUpOpenedV1 {
  @IdRule('incidentId') incidentId: string;
  @IdRule('reportedByInstitution') reportedByInstitution: string;
  @IsIn(INCIDENT_KINDS) kind: IncidentKind;
  @IsIn(INCIDENT_SEVERITIES) severity: string;
  @IsOptional() @IdRule('referenceTechnician') referenceTechnician?: string;
}

export const INCIDENT_EVENTS: EventDefinition[] = [
  {
    type: 'incident.reported',
    version: 1,
    producer: 'insertion-company',
    aggregate: 'placement',
    description: 'The insertion company reports an incident in a placement (absenteeism, conciliation, disciplinary...).',
    originalTerm: 'comunicación de incidencia',
    payload: IncidentReportedV1,
  },
  {
    type: 'incident.follow-up-opened',
    version: 1,
    producer: 'social-services',
    aggregate: 'case',
    description: "An incident reported by a company becomes an open follow-up item for the case's reference technician.",
    originalTerm: 'seguimiento de incidencia (técnico/a de referencia)',
    payload: IncidentFollowUpOpenedV1,
  },
];
