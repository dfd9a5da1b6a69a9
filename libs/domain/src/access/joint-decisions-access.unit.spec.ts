import { AGREEMENT_SIGNATURES, CASE, STEPS } from '../aggregates/aggregates';
import { evolveCase, initialCaseView } from '../case/case-view';
import { fold } from '../shared/decider';
import { meta, recorded, refusalOf } from '../shared/given-when-then.testing';
import { agreementSignatureCounts, answersForStep, participationGrantedBy, stepFactCounts } from './access-policy';

/** Joint decisions on a case (issue 16): each party signs the agreement in its own log; the institution given a step answers it. */
const SS = 'ss-albacete';
const EI = 'ei-solidaria';
const ev = (type: string, institutionId: string, data: Record<string, unknown>) => ({ type, institutionId, data, caseId: 'case-1' });
const agreement = { companyInstitution: EI };
const signed = (party: string, by: string, extra: Record<string, unknown> = {}) => ev('agreement.signed', by, { agreementId: 'ag-1', companyInstitution: EI, party, ...extra });

describe('the access policy: agreement signatures', () => {
  it("social services' and the person's signatures count when the case owner recorded them", () => {
    expect(agreementSignatureCounts(signed('social-services', SS), SS, undefined)).toBe(true);
    expect(agreementSignatureCounts(signed('person', SS), SS, agreement)).toBe(true);
    expect(agreementSignatureCounts(signed('person', EI), SS, agreement)).toBe(false);
    expect(agreementSignatureCounts(signed('social-services', 'ss-hellin'), SS, agreement)).toBe(false);
  });

  it("the company's counts only when the company the agreement names recorded it, on an agreement the owner drew up", () => {
    expect(agreementSignatureCounts(signed('company', EI), SS, agreement)).toBe(true);
    expect(agreementSignatureCounts(signed('company', EI), SS, undefined)).toBe(false);
    expect(agreementSignatureCounts(signed('company', SS), SS, agreement)).toBe(false);
    expect(agreementSignatureCounts(ev('agreement.signed', 'ei-other', { agreementId: 'ag-1', companyInstitution: 'ei-other', party: 'company' }), SS, agreement)).toBe(false);
    expect(agreementSignatureCounts(signed('company', EI, { legacy: true }), SS, agreement)).toBe(false);
  });

  it('a signature naming another company than the agreement does not count', () =>
    expect(agreementSignatureCounts(ev('agreement.signed', SS, { agreementId: 'ag-1', companyInstitution: 'ei-other', party: 'person' }), SS, agreement)).toBe(false));

  it("the owner's signature gives the company its part; the company's own signature grants nothing", () => {
    expect(participationGrantedBy(signed('social-services', SS), SS)).toEqual([EI]);
    expect(participationGrantedBy(signed('company', EI), SS)).toEqual([]);
  });

  it('the company signs only on a case it takes part in (the same 403 whether or not the case exists)', () => {
    const known = fold(evolveCase, initialCaseView(), [recorded({ type: 'case.opened', data: { personId: 'p-1', municipality: 'A', gender: 'female', birthYear: 1980, incidenceGroups: [] } }, SS)]);
    const command = { type: 'SignAgreementAsCompany' as const, data: { agreementId: 'ag-1', signedBy: 'x', signedOn: '2026-01-01' } };
    expect(refusalOf(() => AGREEMENT_SIGNATURES.authorize(command, initialCaseView(), meta(EI), known))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => AGREEMENT_SIGNATURES.authorize(command, initialCaseView(), meta(EI), initialCaseView()))).toBe('ACCESS.DENIED');
    const withAgreement = fold(evolveCase, known, [recorded({ type: 'agreement.signed', data: { agreementId: 'ag-1', companyInstitution: EI, party: 'social-services', signedBy: 'a', signedOn: '2026-01-01' } }, SS)]);
    expect(refusalOf(() => AGREEMENT_SIGNATURES.authorize(command, initialCaseView(), meta(EI), withAgreement))).toBeNull();
    expect(AGREEMENT_SIGNATURES.streamOf('case-1', 'insertion-company')).toBe('agreement-signatures-case-1@insertion-company');
  });
});

describe('the access policy: answers to itinerary steps', () => {
  const step = { responsibleInstitution: 'eo-albacete' };

  it('only the responsible institution answers for its step', () => {
    expect(answersForStep(step, 'eo-albacete')).toBe(true);
    expect(answersForStep(step, SS)).toBe(false);
  });

  it('answers, starts and completions count from the responsible institution; decisions on a change from the case owner', () => {
    for (const type of ['itinerary.step-accepted', 'itinerary.step-declined', 'itinerary.step-change-proposed', 'itinerary.step-started', 'itinerary.step-completed']) {
      expect(stepFactCounts(ev(type, 'eo-albacete', {}), step, SS)).toBe(true);
      expect(stepFactCounts(ev(type, SS, {}), step, SS)).toBe(false);
    }
    for (const type of ['itinerary.step-change-accepted', 'itinerary.step-change-refused']) {
      expect(stepFactCounts(ev(type, SS, {}), step, SS)).toBe(true);
      expect(stepFactCounts(ev(type, 'eo-albacete', {}), step, SS)).toBe(false);
    }
  });

  it('an institution answers only on a case it takes part in; only the case owner decides on a proposed change', () => {
    const opened = fold(evolveCase, initialCaseView(), [recorded({ type: 'case.opened', data: { personId: 'p-1', municipality: 'A', gender: 'female', birthYear: 1980, incidenceGroups: [] } }, SS)]);
    const answer = { type: 'AcceptStep' as const, data: { itineraryId: 'it', stepId: 's', acceptedOn: '2026-01-01' } };
    expect(refusalOf(() => STEPS.authorize(answer, initialCaseView(), meta('eo-albacete'), opened))).toBe('ACCESS.DENIED');
    const decision = { type: 'AcceptStepChange' as const, data: { itineraryId: 'it', stepId: 's', proposalId: 'p', decidedOn: '2026-01-01' } };
    const knowledge = { personHolder: null, openCaseOfPerson: null };
    expect(refusalOf(() => CASE.authorize(decision, opened, meta('eo-albacete'), knowledge))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => CASE.authorize(decision, opened, meta(SS), knowledge))).toBeNull();
  });
});
