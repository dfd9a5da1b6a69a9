import { evolveCase, initialCaseView } from '../case/case-view';
import { fold } from '../shared/decider';
import { meta, recorded, refusalOf } from '../shared/given-when-then.testing';
import { CASE, PLACEMENT, STEPS, TABLE } from './aggregates';

const refusal = refusalOf;

const opened = recorded({ type: 'case.opened', data: { personId: 'p-1', municipality: 'Albacete' } });
const step = (responsibleInstitution: string, kind = 'insertion-company-placement') => ({ stepId: `s-${responsibleInstitution}`, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-06-01' });
const designed = recorded({ type: 'itinerary.designed', data: { itineraryId: 'it-1', steps: [step('ei-solidaria')] } });
const accredited = recorded({ type: 'case.exclusion-accredited', data: { validFrom: '2026-01-01', validUntil: '2026-12-31', basis: 'report' } });
const start = { placementId: 'pl-1', agreementId: 'a-1', contractStart: '2026-03-01', position: 'cook', weeklyHours: 30, tutorId: 'tutor-luis' };

describe('the aggregates: access first, then the rules', () => {
  it('a company given a step but no agreement is told the rule it broke (422 PLACEMENT.NO_AGREEMENT), not 403', () => {
    const caseView = fold(evolveCase, initialCaseView(), [opened, accredited, designed]);
    const command = { type: 'StartPlacement' as const, data: start, caseId: 'case-1' };
    expect(refusal(() => PLACEMENT.authorize(command, PLACEMENT.initial(), meta('ei-solidaria'), caseView))).toBeNull();
    expect(refusal(() => PLACEMENT.decide(command, PLACEMENT.initial(), meta('ei-solidaria'), caseView))).toBe('PLACEMENT.NO_AGREEMENT');
  });

  it('a company with no part in the case gets the same 403 as for an unknown case', () => {
    const caseView = fold(evolveCase, initialCaseView(), [opened, designed]);
    const command = { type: 'StartPlacement' as const, data: start, caseId: 'case-1' };
    expect(refusal(() => PLACEMENT.authorize(command, PLACEMENT.initial(), meta('ei-other'), caseView))).toBe('ACCESS.DENIED');
    expect(refusal(() => PLACEMENT.authorize(command, PLACEMENT.initial(), meta('ei-other'), initialCaseView()))).toBe('ACCESS.DENIED');
  });

  it("only the company that started a placement records on it", () => {
    const placement = PLACEMENT.evolve(PLACEMENT.initial(), { ...recorded({ type: 'placement.started', data: start }, 'ei-solidaria'), caseId: 'case-1' });
    const caseView = fold(evolveCase, initialCaseView(), [opened, recorded({ type: 'itinerary.designed', data: { itineraryId: 'it-1', steps: [step('ei-solidaria'), step('ei-other')] } })]);
    const meeting = { type: 'HoldFollowUpMeeting' as const, data: { heldOn: '2026-03-10', notes: 'ok' } } as never;
    expect(refusal(() => PLACEMENT.authorize(meeting, placement, meta('ei-other'), caseView))).toBe('ACCESS.DENIED');
    expect(refusal(() => PLACEMENT.authorize(meeting, placement, meta('ei-solidaria'), caseView))).toBeNull();
    expect(PLACEMENT.concerns('pl-1', meeting, placement, caseView)).toEqual({ caseId: 'case-1' });
  });

  it('opening a case for a person held by another institution is refused before anything else', () =>
    expect(refusal(() => CASE.authorize({ type: 'OpenCase', data: { personId: 'p-1', municipality: 'Hellín', gender: 'male', birthYear: 1970, incidenceGroups: [] } }, initialCaseView(), meta('ss-hellin'), { personHolder: 'ss-albacete', openCaseOfPerson: null }))).toBe('ACCESS.PERSON_HELD_ELSEWHERE'));

  it('streams several services record are named per service: unique network-wide', () => {
    expect(STEPS.streamOf('case-1', 'employment-office')).toBe('steps-case-1@employment-office');
    expect(TABLE.streamOf('t1', 'social-services')).toBe('table-t1@social-services');
    expect(CASE.streamOf('case-1', 'social-services')).toBe('case-case-1');
  });
});
