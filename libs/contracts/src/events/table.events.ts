import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { ItineraryStep } from './case-work.events';
import { DateRule, IdRule } from './common';

export const TABLE_LEVELS = ['programme', 'project', 'case'] as const;
export type TableLevel = (typeof TABLE_LEVELS)[number];
/** Decisions by level: strategic (programme), operational (project), technical (case). */
export const DECISION_KIND_OF_LEVEL = { programme: 'strategic', project: 'operational', case: 'technical' } as const;

export class TableMember {
  @IdRule('institutionId') institutionId: string;
  @IsArray() @IsString({ each: true }) @Length(1, 120, { each: true }) people: string[];
}

export class TableCreatedV1 {
  @IdRule('tableId') tableId: string;
  @IsIn(TABLE_LEVELS) level: TableLevel;
  @IdRule('scopeId') scopeId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => TableMember) members: TableMember[];
}

export class TableMemberAddedV1 {
  @IdRule('tableId') tableId: string;
  @ValidateNested() @Type(() => TableMember) member: TableMember;
}

export class MeetingConvenedV1 {
  @IdRule('meetingId') meetingId: string;
  @DateRule() date: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @Length(1, 500, { each: true }) agenda: string[];
}

export class Attendee {
  @IdRule('institutionId') institutionId: string;
  @IsString() @Length(1, 120) person: string;
}

export class MeetingHeldV1 {
  @IdRule('meetingId') meetingId: string;
  @DateRule() heldOn: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => Attendee) attendees: Attendee[];
  @IsString() @Length(1, 20000) minutes: string;
}

export class MeetingCancelledV1 {
  @IdRule('meetingId') meetingId: string;
  @IsString() @Length(1, 1000) reason: string;
}

export class ItineraryReorientation {
  @IdRule('itineraryId') itineraryId: string;
  @IsString() @Length(1, 2000) reason: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ItineraryStep) steps: ItineraryStep[];
}

export class DecisionRecordedV1 {
  @IdRule('meetingId') meetingId: string;
  @IdRule('decisionId') decisionId: string;
  @IsIn(['strategic', 'operational', 'technical']) kind: string;
  @IsString() @Length(1, 4000) text: string;
  /** A case-level decision can reorient the case's itinerary. */
  @IsOptional() @ValidateNested() @Type(() => ItineraryReorientation) reorientsItinerary?: ItineraryReorientation;
}

export class ActionAddedV1 {
  @IdRule('meetingId') meetingId: string;
  @IdRule('actionId') actionId: string;
  @IsString() @Length(1, 2000) description: string;
  @IdRule('ownerInstitution') ownerInstitution: string;
  @DateRule() dueOn: string;
}

export class ActionCompletedV1 {
  @IdRule('actionId') actionId: string;
  @DateRule() completedOn: string;
}

const table = (type: string, description: string, payload: new () => object, originalTerm?: string): EventDefinition => ({
  type, version: 1, producer: 'any', aggregate: 'table', description, payload, originalTerm,
});

/** Tables are kept by social services (case tables) and the regional delegation (programme and project tables). */
export const TABLE_EVENTS: EventDefinition[] = [
  table('table.created', 'A coordination table at programme, project or case level, with its member institutions.', TableCreatedV1, 'Mesa Técnica (del Programa / de Proyectos / de Casos)'),
  table('table.member-added', 'An institution (and its people) joins a table.', TableMemberAddedV1),
  table('table.meeting-convened', 'A meeting is convened: date and agenda.', MeetingConvenedV1, 'convocatoria'),
  table('table.meeting-held', 'A meeting was held: attendees by institution and person, minutes.', MeetingHeldV1, 'acta'),
  table('table.meeting-cancelled', 'A convened meeting is cancelled.', MeetingCancelledV1),
  table('table.decision-recorded', 'A decision of a held meeting (strategic, operational or technical by level).', DecisionRecordedV1, 'acuerdo'),
  table('table.action-added', 'A follow-up action of a held meeting: owner institution and due date.', ActionAddedV1, 'acción de seguimiento'),
  table('table.action-completed', 'A follow-up action is completed.', ActionCompletedV1),
];
