import { ReferralSentV1 } from '@inclusion/contracts';
import { evolveCase, initialCaseView } from '../case/case-view';
import { REFERRAL } from '../aggregates/aggregates';
import { assertMaySeeReferral } from '../access/access-policy';
import { fold, RecordedEvent } from '../shared/decider';
import { meta, recorded, refusalOf, spec } from '../shared/given-when-then.testing';
import { decideReferral, evolveReferral, initialReferral, ReferralCommand } from './referral';

const SS = 'ss-leon';
const EO = 'eo-leon';
const ev = (type: string, data: Record<string, unknown>, by: string) => recorded({ type, data }, by);
const sent = { referralId: 'ref-1', toInstitution: SS, personId: 'p-ref-1', municipality: 'León', signals: ['long-term-unemployment', 'training-drop-out'], urgency: 'high', sentOn: '2026-03-01', situation: 'dropped two courses, no income' } as ReferralSentV1;
const referralSent = ev('referral.sent', { ...sent }, EO);
const caseOf = (personId: string, status: 'open' | 'closed' = 'open') =>
  fold(evolveCase, initialCaseView(), [
    ev('case.opened', { personId, municipality: 'León', gender: 'female', birthYear: 1980, incidenceGroups: [], openedOn: '2026-03-02' }, SS),
    ...(status === 'closed' ? [ev('case.closed', { closedOn: '2026-03-03', outcome: 'other' }, SS)] : []),
  ]);
const referralSpec = (knowledge: { addresseeKind?: string; caseView?: ReturnType<typeof caseOf> } = {}) =>
  spec(evolveReferral, initialReferral, (c: ReferralCommand, s, m) => decideReferral(c, { referral: s, ...knowledge }, m));
const accept = { type: 'AcceptReferral' as const, data: { acceptedOn: '2026-03-02', caseId: 'case-1' } };

describe('PACT referrals: an institution refers a person to social services', () => {
  it('given nothing, the employment office sends it to a social-services institution', () =>
    referralSpec({ addresseeKind: 'social-services' }).given().when({ type: 'SendReferral', data: sent }, meta(EO)).then({ type: 'referral.sent', data: { ...sent } }));

  it('to an institution that is not social services, is refused', () =>
    referralSpec({ addresseeKind: 'insertion-company' }).given().when({ type: 'SendReferral', data: sent }, meta(EO)).thenRejects('REFERRAL.NOT_SOCIAL_SERVICES'));

  it('twice, is refused', () => referralSpec({ addresseeKind: 'social-services' }).given(referralSent).when({ type: 'SendReferral', data: sent }, meta(EO)).thenRejects('REFERRAL.ALREADY_EXISTS'));

  it("social services accept it on the person's case they own, naming who referred", () =>
    referralSpec({ caseView: caseOf('p-ref-1') }).given(referralSent).when(accept, meta(SS)).then({ type: 'referral.accepted', data: { ...accept.data, referralId: 'ref-1', referredBy: EO } }));

  it('on a case of another person, a closed case or no case of theirs, is refused', () => {
    referralSpec({ caseView: caseOf('p-other') }).given(referralSent).when(accept, meta(SS)).thenRejects('REFERRAL.OTHER_PERSON');
    referralSpec({ caseView: caseOf('p-ref-1', 'closed') }).given(referralSent).when(accept, meta(SS)).thenRejects('CASE.CLOSED');
    referralSpec({ caseView: initialCaseView() }).given(referralSent).when(accept, meta(SS)).thenRejects('CASE.NOT_FOUND', undefined, 'not-found');
  });

  it('declined with a reason; answered once; not before it was sent', () => {
    const decline = { type: 'DeclineReferral' as const, data: { declinedOn: '2026-03-02', reason: 'already followed by the Hellín office' } };
    referralSpec().given(referralSent).when(decline, meta(SS)).then({ type: 'referral.declined', data: { ...decline.data, referralId: 'ref-1' } });
    referralSpec().given(referralSent, ev('referral.declined', decline.data, SS)).when(accept, meta(SS)).thenRejects('REFERRAL.ALREADY_ANSWERED');
    referralSpec().given(referralSent).when({ ...decline, data: { ...decline.data, declinedOn: '2026-02-01' } }, meta(SS)).thenRejects('DATES.BACKWARDS');
    referralSpec().given().when(decline, meta(SS)).thenRejects('REFERRAL.NOT_FOUND');
  });

  it('an answer counts only from the institution the referral names', () => {
    const state = [referralSent, ev('referral.declined', { declinedOn: '2026-03-02', reason: 'x' }, 'ss-other')].reduce(evolveReferral, initialReferral());
    expect(state.status).toBe('sent');
  });

  it('only the addressee answers; the sender and the addressee read it (access policy)', () => {
    const referral = [referralSent].reduce(evolveReferral, initialReferral());
    const knowledge = { referral };
    expect(refusalOf(() => REFERRAL.authorize(accept, referral, meta('ss-other'), knowledge))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => REFERRAL.authorize(accept, referral, meta(SS), knowledge))).toBeNull();
    expect(refusalOf(() => REFERRAL.authorize({ type: 'SendReferral', data: sent }, initialReferral(), meta('ei-any'), { referral: initialReferral() }))).toBeNull();
    for (const [institutionId, refusal] of [[EO, null], [SS, null], ['ei-solidaria', 'ACCESS.DENIED']] as const) {
      expect(refusalOf(() => assertMaySeeReferral({ institutionId, role: 'technician' }, referral))).toBe(refusal);
    }
  });

  it('an accepted referral appears in the case view of its owner', () => {
    const view = fold(evolveCase, caseOf('p-ref-1'), [{ ...ev('referral.accepted', { ...accept.data, referralId: 'ref-1', referredBy: EO }, SS), caseId: 'case-1' } as RecordedEvent]);
    expect(view.referrals).toEqual({ 'ref-1': { referralId: 'ref-1', referredBy: EO, acceptedOn: '2026-03-02' } });
    // Not from anyone else.
    expect(fold(evolveCase, caseOf('p-ref-1'), [ev('referral.accepted', { ...accept.data, referralId: 'ref-2', referredBy: EO }, 'ss-other')]).referrals).toBeUndefined();
  });
});
