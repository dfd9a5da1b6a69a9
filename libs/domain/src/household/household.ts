import { HouseholdCaseLinkedV1, HouseholdMemberAddedV1, HouseholdMemberLeftV1, HouseholdRegisteredV1 } from '@inclusion/contracts';
import { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { notBefore, notFound, rule } from '../shared/domain-error';

/**
 * A household ("personas y familias", seeds/000 and 003) at the social services that own its
 * members' cases (stream household-<householdId>): registered with its reference person,
 * members joining (with their case when they have one) and leaving, members' cases linked.
 * Only the institution that registered it records on it or reads it (access-policy.ts
 * assertHouseholdOwner); a case is linked only by its owner, and only to the same person.
 */
export interface HouseholdMember {
  personId: string;
  relationship: string;
  joinedOn: string;
  caseId?: string;
  leftOn?: string;
}

export interface HouseholdState {
  exists: boolean;
  /** The social services that registered it: the only institution that records on it. */
  owner?: string;
  municipality?: string;
  registeredOn?: string;
  referencePersonId?: string;
  members: HouseholdMember[];
}

export const initialHousehold = (): HouseholdState => ({ exists: false, members: [] });

export type HouseholdCommand =
  | { type: 'RegisterHousehold'; data: HouseholdRegisteredV1 }
  | { type: 'AddHouseholdMember'; data: HouseholdMemberAddedV1 }
  | { type: 'LinkMemberCase'; data: HouseholdCaseLinkedV1 }
  | { type: 'RemoveHouseholdMember'; data: HouseholdMemberLeftV1 };

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const currentMember = (state: HouseholdState, personId: string) => state.members.find((m) => m.personId === personId && !m.leftOn);

export function evolveHousehold(state: HouseholdState, e: RecordedEvent): HouseholdState {
  const d = e.data as D;
  switch (e.type) {
    case 'household.registered':
      return {
        ...state,
        exists: true,
        owner: e.institutionId,
        municipality: d.municipality,
        registeredOn: d.registeredOn,
        referencePersonId: d.referencePersonId,
        members: [{ personId: d.referencePersonId, relationship: 'reference-person', joinedOn: d.registeredOn }],
      };
    case 'household.member-added':
      return { ...state, members: [...state.members, { personId: d.personId, relationship: d.relationship, joinedOn: d.joinedOn, ...(d.caseId ? { caseId: d.caseId } : {}) }] };
    case 'household.case-linked':
      return { ...state, members: state.members.map((m) => (m.personId === d.personId && !m.leftOn ? { ...m, caseId: d.caseId } : m)) };
    case 'household.member-left':
      return { ...state, members: state.members.map((m) => (m.personId === d.personId && !m.leftOn ? { ...m, leftOn: d.leftOn } : m)) };
    default:
      return state;
  }
}

/** The case a member's link names: known here, open, of the same person (its owner is checked by the access policy). */
function checkCase(caseView: CaseView, caseId: string, personId: string): void {
  if (caseView.status === 'unknown') throw notFound('CASE.NOT_FOUND', `case ${caseId} is not known here`);
  if (caseView.personId !== personId) throw rule('HOUSEHOLD.CASE_OTHER_PERSON', `case ${caseId} is another person's case, not ${personId}'s`);
}

/** The case a command links to a member, if any (the knowledge the service reads for it). */
export const caseOfHouseholdCommand = (command: HouseholdCommand): string | undefined =>
  command.type === 'AddHouseholdMember' || command.type === 'LinkMemberCase' ? command.data.caseId : undefined;

export function decideHousehold(command: HouseholdCommand, state: HouseholdState, caseView: CaseView, _meta: CommandMeta): DomainEvent[] {
  if (command.type !== 'RegisterHousehold' && !state.exists) throw notFound('HOUSEHOLD.NOT_FOUND', 'the household does not exist');
  const d = command.data as { personId: string };
  switch (command.type) {
    case 'RegisterHousehold':
      if (state.exists) throw rule('HOUSEHOLD.ALREADY_EXISTS', 'a household with this id already exists');
      return [event('household.registered', command.data)];
    case 'AddHouseholdMember': {
      if (currentMember(state, d.personId)) throw rule('HOUSEHOLD.MEMBER_EXISTS', `${d.personId} is already a member of the household`);
      notBefore(command.data.joinedOn, state.registeredOn!, 'DATES.BACKWARDS', 'the member would join before the household was registered');
      if (command.data.caseId) checkCase(caseView, command.data.caseId, d.personId);
      return [event('household.member-added', command.data)];
    }
    case 'LinkMemberCase': {
      const member = currentMember(state, d.personId);
      if (!member) throw notFound('HOUSEHOLD.MEMBER_NOT_FOUND', `${d.personId} is not a member of the household`);
      if (member.caseId === command.data.caseId) return [];
      if (member.caseId) throw rule('HOUSEHOLD.CASE_ALREADY_LINKED', `${d.personId}'s case ${member.caseId} is already linked`);
      checkCase(caseView, command.data.caseId, d.personId);
      return [event('household.case-linked', command.data)];
    }
    case 'RemoveHouseholdMember': {
      const member = currentMember(state, d.personId);
      if (!member) throw notFound('HOUSEHOLD.MEMBER_NOT_FOUND', `${d.personId} is not a member of the household`);
      if (member.relationship === 'reference-person') throw rule('HOUSEHOLD.REFERENCE_PERSON', 'the reference person does not leave the household; register another household');
      notBefore(command.data.leftOn, member.joinedOn, 'DATES.BACKWARDS', 'the member would leave before joining');
      return [event('household.member-left', command.data)];
    }
  }
}

/** The member a command is about (their key encrypts the event's sensitive fields), and their case. */
export function householdConcerns(command: HouseholdCommand, state: HouseholdState): { personId: string; caseId: string | null } {
  if (command.type === 'RegisterHousehold') return { personId: command.data.referencePersonId, caseId: null };
  const member = currentMember(state, command.data.personId);
  const caseId = command.type === 'AddHouseholdMember' || command.type === 'LinkMemberCase' ? (command.data.caseId ?? null) : (member?.caseId ?? null);
  return { personId: command.data.personId, caseId };
}
