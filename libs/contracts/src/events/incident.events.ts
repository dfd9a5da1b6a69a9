import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';

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
  @IsUUID()
  incidentId: string;

  @IsIn(INCIDENT_KINDS)
  kind: IncidentKind;

  @IsIn(INCIDENT_SEVERITIES)
  severity: string;

  @IsISO8601({ strict: true })
  observedOn: string;

  @IsString()
  @Length(1, 4000)
  description: string;
}

export class IncidentFollowUpOpenedV1 {
  @IsUUID()
  incidentId: string;

  @IsString()
  @Length(1, 120)
  reportedByInstitution: string;

  @IsIn(INCIDENT_KINDS)
  kind: IncidentKind;

  @IsIn(INCIDENT_SEVERITIES)
  severity: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  referenceTechnician?: string;
}

export const INCIDENT_EVENTS: EventDefinition[] = [
  {
    type: 'incident.reported',
    version: 1,
    producer: 'insertion-company',
    aggregate: 'incident',
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
