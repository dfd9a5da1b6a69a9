import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

export const INTERVENTION_LINES = [
  'employment', 'housing', 'education-and-youth', 'intercultural-coexistence-and-participation', 'socio-family-mediation', 'health',
] as const;
export type InterventionLine = (typeof INTERVENTION_LINES)[number];

export class ProgrammeCreatedV1 {
  @IsString() @Length(1, 300) name: string;
  @DateRule() periodStart: string;
  @DateRule() periodEnd: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(INTERVENTION_LINES, { each: true }) lines: string[];
  @IsNumber() @Min(0) budget: number;
}

export class ProjectAddedV1 {
  @IdRule('projectId') projectId: string;
  @IsString() @Length(1, 300) name: string;
  @IdRule('runByInstitution') runByInstitution: string;
  @IsOptional() @IsIn(INTERVENTION_LINES) line?: string;
}

export class CaseEnrolledV1 {
  @IdRule('projectId') projectId: string;
  @IdRule('caseId') caseId: string;
  @DateRule() enrolledOn: string;
}

export class ResultsMeetingHeldV1 {
  @DateRule() heldOn: string;
  @IsString() @Length(1, 8000) summary: string;
  @IsArray() @IsString({ each: true }) improvements: string[];
}

const rd = (type: string, description: string, payload: new () => object, originalTerm?: string): EventDefinition => ({
  type, version: 1, producer: 'regional-delegation', aggregate: 'programme', description, payload, originalTerm,
});

export const PROGRAMME_EVENTS: EventDefinition[] = [
  rd('programme.created', 'A programme: name, period, lines of intervention, budget.', ProgrammeCreatedV1, 'programa'),
  rd('programme.project-added', 'A project inside a programme, run by an institution.', ProjectAddedV1, 'proyecto'),
  rd('programme.case-enrolled', 'A case is enrolled into a project of the programme.', CaseEnrolledV1),
  rd('programme.results-meeting-held', 'The results meeting at the end of the programme, with improvements for next year.', ResultsMeetingHeldV1, 'reunión de resultados'),
];
