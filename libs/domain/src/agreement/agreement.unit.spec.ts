import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { evolveCase, initialCaseView } from '../case/case-view';
import { decidePlacement, evolvePlacement, initialPlacement, PlacementCommand } from '../placement/placement';
import { fold } from '../shared/decider';
import { meta, recorded, spec } from '../shared/given-when-then.testing';
import { AgreementSignatureCommand, decideCompanySignature } from './agreement';

const SS = 'ss-albacete';
const EI = 'ei-solidaria';
const agreement = { agreementId: 'ag-1', companyInstitution: EI };
const evidence = { documentRef: 'doc-77', documentSha256: 'b'.repeat(64), method: 'handwritten', witnessedBy: 'tech-ana' };
const opened = recorded({ type: 'case.opened', data: { personId: 'p-0001', municipality: 'Albacete', gender: 'male', birthYear: 1990, incidenceGroups: [] } }, SS);
const accredited = recorded({ type: 'case.exclusion-accredited', data: { validFrom: '2026-01-01', validUntil: '2026-12-31', basis: 'report' } }, SS);
const ssSigned = recorded({ type: 'agreement.signed', data: { ...agreement, party: 'social-services', signedBy: 'tech-ana', signedOn: '2026-01-20' } }, SS);
const personSigned = recorded({ type: 'agreement.signed', data: { ...agreement, party: 'person', signedBy: 'p-0001', signedOn: '2026-01-21', evidence } }, SS);
const companySigned = (by = EI) => recorded({ type: 'agreement.signed', data: { ...agreement, party: 'company', signedBy: 'coord-eva', signedOn: '2026-01-22' } }, by);
const view = (...events: ReturnType<typeof recorded>[]) => fold(evolveCase, initialCaseView(), events);

/** The company decides with the case as it knows it: social services' events received, plus its own. */
const companySpec = (...caseHistory: ReturnType<typeof recorded>[]) =>
  spec(evolveCase, initialCaseView, (c: AgreementSignatureCommand, _, m) => decideCompanySignature(c, view(...caseHistory), m));
const sign = { type: 'SignAgreementAsCompany' as const, data: { agreementId: 'ag-1', signedBy: 'coord-eva', signedOn: '2026-01-22' } };

describe('the insertion agreement: each party signs in its own log', () => {
  describe('the company signs at its own service', () => {
    it('signs the agreement social services drew up naming it', () =>
      companySpec(opened, ssSigned).given().when(sign, meta(EI)).then({ type: 'agreement.signed', data: { ...agreement, party: 'company', signedBy: 'coord-eva', signedOn: '2026-01-22' } }));

    it('cannot sign an agreement that has not reached it (or does not exist)', () =>
      companySpec(opened).given().when(sign, meta(EI)).thenRejects('AGREEMENT.NOT_FOUND', /no agreement ag-1/, 'not-found'));

    it('another company may not sign it (403, with the rule)', () =>
      companySpec(opened, ssSigned).given().when(sign, meta('ei-other')).thenRejects('AGREEMENT.NOT_PARTY', /is with ei-solidaria/, 'forbidden'));

    it('signs once', () => companySpec(opened, ssSigned, companySigned()).given().when(sign, meta(EI)).thenRejects('AGREEMENT.ALREADY_SIGNED'));

    it('not on a closed or unknown case', () => {
      companySpec(opened, ssSigned, recorded({ type: 'case.closed', data: { closedOn: '2026-02-01', outcome: 'other' } }, SS)).given().when(sign, meta(EI)).thenRejects('CASE.CLOSED');
      companySpec().given().when(sign, meta(EI)).thenRejects('CASE.NOT_FOUND');
    });
  });

  describe('complete only when all three signatures are known', () => {
    it("social services' and the person's signatures alone do not make it complete", () => {
      const agreementView = view(opened, ssSigned, personSigned).agreements['ag-1'];
      expect(agreementView).toMatchObject({ signedBy: ['social-services', 'person'], complete: false });
      expect(agreementView.signatures.person).toEqual({ recordedBy: SS, signedBy: 'p-0001', signedOn: '2026-01-21', evidence });
    });

    it("the company's own signature, received, completes it (in any order after social services drew it up)", () => {
      expect(view(opened, ssSigned, personSigned, companySigned()).agreements['ag-1']).toMatchObject({ signedBy: ['social-services', 'person', 'company'], complete: true });
      expect(view(opened, ssSigned, companySigned(), personSigned).agreements['ag-1'].complete).toBe(true);
    });

    it("a company signature recorded by anyone but the company named does not count (social services, another company)", () => {
      const bySocialServices = recorded({ type: 'agreement.signed', data: { ...agreement, party: 'company', signedBy: 'tech-ana', signedOn: '2026-01-22' } }, SS);
      expect(view(opened, ssSigned, personSigned, bySocialServices).agreements['ag-1'].complete).toBe(false);
      expect(view(opened, ssSigned, personSigned, companySigned('ei-other')).agreements['ag-1'].signedBy).not.toContain('company');
    });

    it("only the case owner's signatures count for social services and the person; a company cannot draw up an agreement", () => {
      const forged = recorded({ type: 'agreement.signed', data: { ...agreement, party: 'person', signedBy: 'p-0001', signedOn: '2026-01-21', evidence } }, EI);
      expect(view(opened, ssSigned, forged).agreements['ag-1'].signedBy).toEqual(['social-services']);
      expect(view(opened, companySigned()).agreements['ag-1']).toBeUndefined();
    });

    it('v1 events (social services recorded all three) stay readable: the person and social services count, the company signs again in its own log', () => {
      const v1 = (party: string) => {
        const { payload } = EVENT_CATALOGUE.upcast('agreement.signed', 1, { ...agreement, party, signedBy: party, signedOn: '2026-01-20' });
        expect(EVENT_CATALOGUE.validate('agreement.signed', 2, payload)).toEqual([]);
        return recorded({ type: 'agreement.signed', data: payload }, SS);
      };
      const legacy = view(opened, v1('social-services'), v1('company'), v1('person'));
      expect(legacy.agreements['ag-1']).toMatchObject({ signedBy: ['social-services', 'person'], complete: false });
      expect(legacy.agreements['ag-1'].signatures.person).toMatchObject({ legacy: true });
      expect(legacy.participants).toContain(EI);
      expect(view(opened, v1('social-services'), v1('company'), v1('person'), companySigned()).agreements['ag-1'].complete).toBe(true);
    });
  });

  describe('a placement needs the complete agreement', () => {
    const start = { placementId: 'pl-1', agreementId: 'ag-1', contractStart: '2026-02-01', position: 'gardening assistant', weeklyHours: 30, tutorId: 'tutor-luis' };
    const placementSpec = (...caseHistory: ReturnType<typeof recorded>[]) =>
      spec(evolvePlacement, initialPlacement, (c: PlacementCommand, s, m) => decidePlacement(c, s, view(...caseHistory), m));

    it('starts once the company signed in its own log and the other two signatures were received', () =>
      placementSpec(opened, accredited, ssSigned, personSigned, companySigned())
        .given()
        .when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, meta(EI))
        .then({ type: 'placement.started', data: start }));

    it("is refused while the company's own signature is missing, even if social services recorded one for it", () =>
      placementSpec(opened, accredited, ssSigned, personSigned, recorded({ type: 'agreement.signed', data: { ...agreement, party: 'company', signedBy: 'x', signedOn: '2026-01-22' } }, SS))
        .given()
        .when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, meta(EI))
        .thenRejects('PLACEMENT.AGREEMENT_NOT_SIGNED', /signed by social-services, person;.*company \(at its own service\)/));
  });
});
