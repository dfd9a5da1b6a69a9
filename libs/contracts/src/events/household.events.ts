import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { DateRule, IdRule } from './common';

/**
 * Households ("personas y familias", seeds/000 and 003): the social services that own the
 * members' cases record a household, its members and the cases linked to them (stream
 * household-<householdId>). Identifying data (the address, a member's details) is encrypted
 * with the person's key, like the rest of the personal data.
 */
export const HOUSEHOLD_RELATIONSHIPS = ['reference-person', 'partner', 'child', 'parent', 'sibling', 'other-relative', 'other'] as const;

export class HouseholdRegisteredV1 {
  @IsString() @Length(1, 200) municipality: string;
  @DateRule() registeredOn: string;
  /** The household's reference person (pseudonymous id); the first member. */
  @IdRule('referencePersonId') referencePersonId: string;
  /** The address: sensitive, encrypted with the reference person's key. */
  @IsOptional() @IsString() @Length(1, 500) address?: string;
}

export class HouseholdMemberAddedV1 {
  @IdRule('personId') personId: string;
  @IsIn(HOUSEHOLD_RELATIONSHIPS) relationship: string;
  @DateRule() joinedOn: string;
  /** The member's case at the same social services, when they have one. */
  @IsOptional() @IdRule('caseId') caseId?: string;
  /** Identifying details (name, school, ...): sensitive, encrypted with the member's key. */
  @IsOptional() @IsString() @Length(1, 1000) details?: string;
}

export class HouseholdCaseLinkedV1 {
  @IdRule('personId') personId: string;
  @IdRule('caseId') caseId: string;
  @DateRule() linkedOn: string;
}

export class HouseholdMemberLeftV1 {
  @IdRule('personId') personId: string;
  @DateRule() leftOn: string;
  @IsString() @Length(1, 1000) reason: string;
}

const hh = (type: string, description: string, payload: EventDefinition['payload'], originalTerm?: string, sensitive?: string[]): EventDefinition => ({
  type,
  version: 1,
  producer: 'social-services',
  aggregate: 'household',
  description,
  payload,
  ...(originalTerm ? { originalTerm } : {}),
  ...(sensitive ? { sensitive } : {}),
});

export const HOUSEHOLD_EVENTS: EventDefinition[] = [
  hh('household.registered', 'Social services register a household with its reference person (the address encrypted with that person\'s key).', HouseholdRegisteredV1, 'personas y familias (unidad familiar)', ['address']),
  hh('household.member-added', 'A person joins the household, with their relationship and, when they have one, their case at the same social services.', HouseholdMemberAddedV1, 'miembro de la unidad familiar', ['details']),
  hh('household.case-linked', "A member's case (at the same social services) is linked to the household.", HouseholdCaseLinkedV1),
  hh('household.member-left', 'A member leaves the household, with a reason.', HouseholdMemberLeftV1),
];
