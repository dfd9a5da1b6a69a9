import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { evolveCase, initialCaseView } from '../case/case-view';
import { HOUSEHOLD } from '../aggregates/aggregates';
import { fold } from '../shared/decider';
import { meta, recorded, refusalOf, spec } from '../shared/given-when-then.testing';
import { decideHousehold, evolveHousehold, HouseholdCommand, householdConcerns, initialHousehold } from './household';

/** Households ("personas y familias"): given these events, when this command, then these events or this refusal. */
const caseOf = (personId: string, owner = 'ss-albacete', caseId = `case-${personId}`) =>
  fold(evolveCase, initialCaseView(), [recorded({ type: 'case.opened', data: { personId, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [] } }, owner, undefined, caseId)]);
const noCase = initialCaseView();
const householdSpec = (caseView = noCase) => spec(evolveHousehold, initialHousehold, (c: HouseholdCommand, s, m) => decideHousehold(c, s, caseView, m));

const registered = recorded({ type: 'household.registered', data: { municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: 'p-ana', address: 'c/ Mayor 1' } });
const child = recorded({ type: 'household.member-added', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-01-10' } });

describe('a household (social services)', () => {
  it('given nothing, when social services register a household, then it is registered with its reference person', () =>
    householdSpec().given().when({ type: 'RegisterHousehold', data: { municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: 'p-ana' } }).then({
      type: 'household.registered',
      data: { municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: 'p-ana' },
    }));

  it('given a household, when it is registered again, then HOUSEHOLD.ALREADY_EXISTS', () =>
    householdSpec().given(registered).when({ type: 'RegisterHousehold', data: { municipality: 'Albacete', registeredOn: '2026-01-10', referencePersonId: 'p-ana' } }).thenRejects('HOUSEHOLD.ALREADY_EXISTS'));

  it('given no household, when a member is added, then HOUSEHOLD.NOT_FOUND', () =>
    householdSpec().given().when({ type: 'AddHouseholdMember', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-01-10' } }).thenRejects('HOUSEHOLD.NOT_FOUND'));

  it('given a household, when a member with their case is added, then the member joins with the case linked', () =>
    householdSpec(caseOf('p-leo')).given(registered).when({ type: 'AddHouseholdMember', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-01-12', caseId: 'case-p-leo' } }).then({
      type: 'household.member-added',
      data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-01-12', caseId: 'case-p-leo' },
    }));

  it("given a household, when a member is added with another person's case, then HOUSEHOLD.CASE_OTHER_PERSON; with an unknown case, CASE.NOT_FOUND", () => {
    householdSpec(caseOf('p-eva')).given(registered).when({ type: 'AddHouseholdMember', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-01-12', caseId: 'case-p-eva' } }).thenRejects('HOUSEHOLD.CASE_OTHER_PERSON');
    householdSpec().given(registered).when({ type: 'AddHouseholdMember', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-01-12', caseId: 'case-x' } }).thenRejects('CASE.NOT_FOUND');
  });

  it('given a member, when they are added again, then HOUSEHOLD.MEMBER_EXISTS; a member cannot join before the registration (DATES.BACKWARDS)', () => {
    householdSpec().given(registered, child).when({ type: 'AddHouseholdMember', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2026-02-01' } }).thenRejects('HOUSEHOLD.MEMBER_EXISTS');
    householdSpec().given(registered).when({ type: 'AddHouseholdMember', data: { personId: 'p-leo', relationship: 'child', joinedOn: '2025-12-01' } }).thenRejects('DATES.BACKWARDS');
  });

  it("given a member without a case, when their case is linked, then it is linked; linking it again changes nothing; another case, HOUSEHOLD.CASE_ALREADY_LINKED", () => {
    const link = { type: 'LinkMemberCase' as const, data: { personId: 'p-leo', caseId: 'case-p-leo', linkedOn: '2026-02-01' } };
    householdSpec(caseOf('p-leo')).given(registered, child).when(link).then({ type: 'household.case-linked', data: link.data });
    const linked = recorded({ type: 'household.case-linked', data: link.data });
    householdSpec(caseOf('p-leo')).given(registered, child, linked).when(link).thenNothing();
    householdSpec(caseOf('p-leo', 'ss-albacete', 'case-2')).given(registered, child, linked).when({ ...link, data: { ...link.data, caseId: 'case-2' } }).thenRejects('HOUSEHOLD.CASE_ALREADY_LINKED');
    householdSpec(caseOf('p-leo')).given(registered).when(link).thenRejects('HOUSEHOLD.MEMBER_NOT_FOUND');
  });

  it('given a member, when they leave, then they leave; the reference person does not (HOUSEHOLD.REFERENCE_PERSON)', () => {
    householdSpec().given(registered, child).when({ type: 'RemoveHouseholdMember', data: { personId: 'p-leo', leftOn: '2026-06-01', reason: 'moved to a relative' } }).then({
      type: 'household.member-left',
      data: { personId: 'p-leo', leftOn: '2026-06-01', reason: 'moved to a relative' },
    });
    householdSpec().given(registered).when({ type: 'RemoveHouseholdMember', data: { personId: 'p-ana', leftOn: '2026-06-01', reason: 'x' } }).thenRejects('HOUSEHOLD.REFERENCE_PERSON');
    householdSpec().given(registered, child).when({ type: 'RemoveHouseholdMember', data: { personId: 'p-leo', leftOn: '2026-01-01', reason: 'x' } }).thenRejects('DATES.BACKWARDS');
  });

  describe('who records (the aggregate access rule)', () => {
    const state = fold(evolveHousehold, initialHousehold(), [registered, child]);
    const add = { type: 'AddHouseholdMember' as const, data: { personId: 'p-eva', relationship: 'parent', joinedOn: '2026-02-01', caseId: 'case-p-eva' } };
    it('only the social services that registered it record on it; the case linked must be theirs', () => {
      expect(refusalOf(() => HOUSEHOLD.authorize(add, state, meta('ss-albacete'), caseOf('p-eva')))).toBeNull();
      expect(refusalOf(() => HOUSEHOLD.authorize(add, state, meta('ss-hellin'), caseOf('p-eva', 'ss-hellin')))).toBe('ACCESS.DENIED');
      expect(refusalOf(() => HOUSEHOLD.authorize(add, state, meta('ss-albacete'), caseOf('p-eva', 'ss-hellin')))).toBe('ACCESS.DENIED');
      expect(refusalOf(() => HOUSEHOLD.authorize(add, initialHousehold(), meta('ss-albacete'), caseOf('p-eva')))).toBe('ACCESS.DENIED');
    });
    it("each event is encrypted with its member's key and concerns the member's case", () => {
      expect(householdConcerns(add, state)).toEqual({ personId: 'p-eva', caseId: 'case-p-eva' });
      expect(householdConcerns({ type: 'RegisterHousehold', data: { municipality: 'A', registeredOn: '2026-01-01', referencePersonId: 'p-ana' } }, initialHousehold())).toEqual({ personId: 'p-ana', caseId: null });
      expect(EVENT_CATALOGUE.find('household.registered', 1)?.sensitive).toEqual(['address']);
      expect(EVENT_CATALOGUE.find('household.member-added', 1)?.sensitive).toEqual(['details']);
    });
  });
});
