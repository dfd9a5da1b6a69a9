import { evolveCase, initialCaseView } from '../case/case-view';
import { fold, RecordedEvent } from '../shared/decider';
import { recorded, refusalOf } from '../shared/given-when-then.testing';
import {
  assertMayErasePerson, assertMayHoldPerson, assertMayRecordOnCase, assertMaySeeCase, assertMaySeeTable, assertPurposeAllowed, disclosureFor, Reader,
} from './access-policy';

const ev = (type: string, data: Record<string, unknown>, by = 'ss-albacete') => recorded({ type, data }, by);
const opened = ev('case.opened', { personId: 'p-1', municipality: 'Albacete' });
const step = (responsibleInstitution: string) => ({ stepId: `s-${responsibleInstitution}`, kind: 'training', responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-03-01' });
const caseTable = (members: string[], by = 'ss-albacete') =>
  ev('table.created', { tableId: 't1', level: 'case', scopeId: 'case-1', name: 'mesa', members: members.map((institutionId) => ({ institutionId, role: 'member' })) }, by);

const view = (...events: RecordedEvent[]) => fold(evolveCase, initialCaseView(), [opened, ...events]);
const reader = (institutionId: string, institutionKind: string, role = 'technician'): Reader => ({ institutionId, institutionKind, role });
const hellin = reader('ss-hellin', 'social-services');
const office = reader('eo-albacete', 'employment-office');
const company = reader('ei-solidaria', 'insertion-company');
const supervisor = reader('rd-albacete', 'regional-delegation', 'supervisor');
const owner = reader('ss-albacete', 'social-services');

const refusal = refusalOf;

describe('the access policy', () => {
  describe('who takes part in a case', () => {
    it('given only the opening, the owner alone takes part', () => expect(view().participants).toEqual(['ss-albacete']));

    it("given the owner's itinerary, each step's responsible institution takes part", () =>
      expect(view(ev('itinerary.designed', { itineraryId: 'i1', steps: [step('eo-albacete')] })).participants).toEqual(['eo-albacete', 'ss-albacete']));

    it("given the owner's signature of an agreement naming a company, the company takes part", () =>
      expect(view(ev('agreement.signed', { agreementId: 'a1', companyInstitution: 'ei-solidaria', party: 'social-services' })).participants).toContain('ei-solidaria'));

    it('given a case table the owner convened, its members take part', () => expect(view(caseTable(['ss-albacete', 'eo-albacete'])).participants).toContain('eo-albacete'));

    it('given a case table another institution created for the case, nobody joins (no self-granted access)', () =>
      expect(view(caseTable(['ss-hellin'], 'ss-hellin')).participants).toEqual(['ss-albacete']));

    it('given events another institution recorded about the case, it does not join by writing', () =>
      expect(view(ev('incident.reported', { incidentId: 'x' }, 'ei-other'), ev('itinerary.designed', { itineraryId: 'i', steps: [step('ei-other')] }, 'ss-hellin')).participants).toEqual(['ss-albacete']));
  });

  describe('who may see a case, for which purpose', () => {
    it('a non-participant gets the same refusal as for an unknown case', () => {
      expect(refusal(() => assertMaySeeCase(hellin, view(), 'follow-up'))).toBe('ACCESS.DENIED');
      expect(refusal(() => assertMaySeeCase(hellin, initialCaseView(), 'follow-up'))).toBe('ACCESS.DENIED');
    });

    it('a participant and a supervisor see it', () => {
      const facts = view(ev('itinerary.designed', { itineraryId: 'i1', steps: [step('eo-albacete')] }));
      expect(refusal(() => assertMaySeeCase(office, facts, 'follow-up'))).toBeNull();
      expect(refusal(() => assertMaySeeCase(supervisor, facts, 'supervision'))).toBeNull();
    });

    it("a consent withdrawal hides the case from that institution for that purpose, not from the owner", () => {
      const facts = view(ev('consent.withdrawn', { institutionId: 'rd-albacete', purpose: 'supervision' }));
      expect(refusal(() => assertMaySeeCase(supervisor, facts, 'supervision'))).toBe('ACCESS.CONSENT_WITHDRAWN');
      expect(refusal(() => assertMaySeeCase(owner, view(ev('consent.withdrawn', { institutionId: 'ss-albacete', purpose: 'follow-up' })), 'follow-up'))).toBeNull();
    });

    it('a consent recorded by anyone but the owner changes nothing (a forged consent has no effect)', () => {
      const withdrawn = ev('consent.withdrawn', { institutionId: 'rd-albacete', purpose: 'supervision' });
      const forged = ev('consent.given', { institutionId: 'rd-albacete', purpose: 'supervision' }, 'ss-forger');
      expect(refusal(() => assertMaySeeCase(supervisor, view(withdrawn, forged), 'supervision'))).toBe('ACCESS.CONSENT_WITHDRAWN');
    });

    it('supervision is a purpose for supervisors only', () => expect(refusal(() => assertPurposeAllowed(office, 'supervision'))).toBe('ACCESS.PURPOSE_NOT_ALLOWED'));
  });

  describe('how much of a case a reader is shown', () => {
    it('the owner reads identity and health details for the case work', () =>
      expect(disclosureFor(owner, view(), 'follow-up')).toEqual({ identity: true, healthDetails: true, healthDimension: true }));

    it('statistics never disclose identity or health, whoever asks', () =>
      expect(disclosureFor(owner, view(), 'statistics')).toEqual({ identity: false, healthDetails: false, healthDimension: false }));

    it('another participant never reads identity or health details; a company never sees the health dimension', () => {
      expect(disclosureFor(office, view(), 'follow-up')).toEqual({ identity: false, healthDetails: false, healthDimension: false });
      expect(disclosureFor(company, view(), 'assessment').healthDimension).toBe(false);
      expect(disclosureFor(supervisor, view(), 'supervision').identity).toBe(false);
    });
  });

  describe('who records', () => {
    it('only the owner records on its case', () => {
      expect(refusal(() => assertMayRecordOnCase('ss-hellin', view()))).toBe('ACCESS.DENIED');
      expect(refusal(() => assertMayRecordOnCase('ss-albacete', view()))).toBeNull();
    });

    it("a person's data is erased by a coordinator of the institution that holds it", () => {
      expect(refusal(() => assertMayErasePerson(reader('ss-hellin', 'social-services', 'coordinator'), 'ss-albacete'))).toBe('ACCESS.DENIED');
      expect(refusal(() => assertMayErasePerson(reader('ss-albacete', 'social-services', 'technician'), 'ss-albacete'))).toBe('ACCESS.COORDINATORS_ONLY');
      expect(refusal(() => assertMayErasePerson(reader('ss-albacete', 'social-services', 'coordinator'), 'ss-albacete'))).toBeNull();
    });

    it('a case for a person held by another institution is refused', () => {
      expect(refusal(() => assertMayHoldPerson('ss-hellin', 'ss-albacete'))).toBe('ACCESS.PERSON_HELD_ELSEWHERE');
      expect(refusal(() => assertMayHoldPerson('ss-hellin', null))).toBeNull();
    });

    it('a table is seen by its members and supervisors', () => {
      expect(refusal(() => assertMaySeeTable(hellin, { exists: true, members: ['ss-albacete'] }))).toBe('ACCESS.DENIED');
      expect(refusal(() => assertMaySeeTable(supervisor, { exists: true, members: ['ss-albacete'] }))).toBeNull();
    });
  });
});
