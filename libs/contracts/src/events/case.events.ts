import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { EventDefinition, Upcaster } from '../catalogue/event-catalogue';

export const INCIDENCE_GROUPS = [
  'long-term-unemployed',
  'minimum-income-recipient',
  'migrant',
  'roma',
  'disability',
  'youth',
  'gender-violence',
  'homelessness',
] as const;
export type IncidenceGroup = (typeof INCIDENCE_GROUPS)[number];

export const GENDERS = ['female', 'male', 'non-binary', 'undisclosed'] as const;

const PSEUDONYM = /^[A-Za-z0-9_-]{4,64}$/;

/** case.opened v1 (frozen): the first published shape, without incidence groups. */
export class CaseOpenedV1 {
  @Matches(PSEUDONYM, { message: 'personId must be a pseudonymous id (4-64 letters, digits, - or _)' })
  personId: string;

  @IsString()
  @Length(1, 120)
  municipality: string;

  @IsIn(GENDERS)
  gender: string;

  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear: number;
}

/** Who the person is: identifying data, stored encrypted with the person's key. */
export class PersonIdentity {
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @Length(1, 40) idNumber?: string;
  @IsOptional() @IsString() @Length(1, 200) contact?: string;
}

/** case.opened v2: adds the incidence groups the person belongs to. */
export class CaseOpenedV2 extends CaseOpenedV1 {
  @IsArray()
  @ArrayUnique()
  @IsIn(INCIDENCE_GROUPS, { each: true })
  @Type(() => String)
  incidenceGroups: IncidenceGroup[];

  @IsOptional()
  @IsString()
  @Length(1, 200)
  openedBecause?: string;

  /** The day the case was opened, when recorded afterwards (default: the day it is recorded). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedOn must be an ISO 8601 date, such as 2026-01-15' })
  openedOn?: string;

  /** Identifying data (name, ID number, contact): sensitive, encrypted with the person's key. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonIdentity)
  identity?: PersonIdentity;
}

export const CASE_EVENTS: EventDefinition[] = [
  {
    type: 'case.opened',
    version: 1,
    producer: 'social-services',
    aggregate: 'case',
    description: 'Social services open a case for a person (first shape, without incidence groups).',
    originalTerm: 'apertura de expediente',
    payload: CaseOpenedV1,
    deprecated: true,
  },
  {
    type: 'case.opened',
    version: 2,
    producer: 'social-services',
    aggregate: 'case',
    description: 'Social services open a case for a person, with the incidence groups they belong to.',
    originalTerm: 'apertura de expediente',
    payload: CaseOpenedV2,
    sensitive: ['identity'],
  },
];

export const CASE_UPCASTERS: Upcaster[] = [
  {
    type: 'case.opened',
    from: 1,
    // v1 cases predate incidence groups: none were recorded, which is not "none apply".
    upcast: (payload) => ({ ...payload, incidenceGroups: [], openedBecause: payload.openedBecause ?? undefined }),
  },
];
