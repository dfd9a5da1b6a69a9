import { DomainError } from '../shared/domain-error';
import { fold } from '../shared/decider';
import { meta, recorded, spec } from '../shared/given-when-then.testing';
import { assertMandateInForce, decideMandate, evolveMandates, initialMandates, MandateCommand, MandatesState } from './mandate';

const SS = 'ss-hellin';
const AGENT = 'ei-solidaria';
const grant = { mandateId: 'm-1', agentInstitutionId: AGENT, services: 'servicio de ayuda a domicilio', basis: 'acuerdo de pleno 2026/14', validFrom: '2026-01-01', validUntil: '2026-12-31' };
const granted = (by = SS, data: Record<string, unknown> = grant) => recorded({ type: 'mandate.granted', data }, by);
const revoked = (on: string, by = SS) => recorded({ type: 'mandate.revoked', data: { mandateId: 'm-1', revokedOn: on, reason: 'servicio reasumido' } }, by);

const known = spec(evolveMandates, initialMandates, (c: MandateCommand, s, m) => decideMandate(c, s, m, { agentKnown: true }));
const unknownAgent = spec(evolveMandates, initialMandates, (c: MandateCommand, s, m) => decideMandate(c, s, m, { agentKnown: false }));
const state = (...events: ReturnType<typeof recorded>[]): MandatesState => fold(evolveMandates, initialMandates(), events);

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('mandates: a municipality mandates another institution to act on its behalf', () => {
  describe('granting (by the grantor, in its own log)', () => {
    it('grants a dated mandate to an institution of the registry', () =>
      known.given().when({ type: 'GrantMandate', data: grant }, meta(SS)).then({ type: 'mandate.granted', data: grant }));
    it('refuses an agent the registry does not know', () =>
      unknownAgent.given().when({ type: 'GrantMandate', data: grant }, meta(SS)).thenRejects('MANDATE.UNKNOWN_AGENT', /not an institution/));
    it('refuses a mandate to itself', () =>
      known.given().when({ type: 'GrantMandate', data: { ...grant, agentInstitutionId: SS } }, meta(SS)).thenRejects('MANDATE.SELF'));
    it('refuses a period that ends before it starts', () =>
      known.given().when({ type: 'GrantMandate', data: { ...grant, validUntil: '2025-12-31' } }, meta(SS)).thenRejects('MANDATE.BAD_PERIOD', /before validFrom/));
    it('grants a mandate id once', () =>
      known.given(granted()).when({ type: 'GrantMandate', data: grant }, meta(SS)).thenRejects('MANDATE.ALREADY_GRANTED', undefined, 'conflict'));
  });

  describe('revoking', () => {
    const revoke = { type: 'RevokeMandate' as const, data: { mandateId: 'm-1', revokedOn: '2026-06-30', reason: 'servicio reasumido' } };
    it('the grantor revokes its mandate from a date', () =>
      known.given(granted()).when(revoke, meta(SS)).then({ type: 'mandate.revoked', data: revoke.data }));
    it('nobody revokes a mandate that was not granted by them', () => {
      known.given().when(revoke, meta(SS)).thenRejects('MANDATE.NOT_FOUND', /granted no mandate m-1/, 'not-found');
      known.given(granted()).when(revoke, meta('ss-albacete')).thenRejects('MANDATE.NOT_FOUND');
    });
    it('revokes once', () => known.given(granted(), revoked('2026-05-01')).when(revoke, meta(SS)).thenRejects('MANDATE.ALREADY_REVOKED', undefined, 'conflict'));
  });

  describe('acting on behalf of the grantor (X-On-Behalf-Of)', () => {
    const check = (s: MandatesState, day: string, agent = AGENT, grantor = SS) => assertMandateInForce(s, { agent, grantor, day });

    it('is allowed while a mandate of the grantor to the agent is in force', () => {
      expect(check(state(granted()), '2026-01-01').mandateId).toBe('m-1');
      expect(check(state(granted()), '2026-12-31').mandateId).toBe('m-1');
    });
    it('is refused without any mandate (403 MANDATE.NONE)', () => {
      const error = refusal(() => check(state(), '2026-03-01'));
      expect(error).toMatchObject({ code: 'MANDATE.NONE', kind: 'forbidden' });
      expect(error.message).toMatch(/ss-hellin granted it no mandate/);
    });
    it('is refused before and after the period, naming the periods', () => {
      expect(refusal(() => check(state(granted()), '2025-12-31'))).toMatchObject({ code: 'MANDATE.NOT_IN_FORCE', message: expect.stringMatching(/m-1 2026-01-01\.\.2026-12-31/) });
      expect(refusal(() => check(state(granted()), '2027-01-01')).code).toBe('MANDATE.NOT_IN_FORCE');
    });
    it('is refused from the day it was revoked', () => {
      expect(check(state(granted(), revoked('2026-06-30')), '2026-06-29').mandateId).toBe('m-1');
      expect(refusal(() => check(state(granted(), revoked('2026-06-30')), '2026-06-30'))).toMatchObject({ code: 'MANDATE.REVOKED', message: expect.stringMatching(/revoked .* on 2026-06-30/) });
    });
    it('a mandate to another agent does not count', () => expect(refusal(() => check(state(granted()), '2026-03-01', 'eo-albacete')).code).toBe('MANDATE.NONE'));
    it('only what the grantor itself recorded counts: a mandate "granted" by the agent in the grantor\'s name is ignored', () => {
      const forged = state(granted(AGENT, { ...grant, agentInstitutionId: AGENT }));
      expect(refusal(() => check(forged, '2026-03-01')).code).toBe('MANDATE.NONE');
    });
    it("a revocation recorded by anyone but the grantor does not end the mandate", () => expect(check(state(granted(), revoked('2026-02-01', AGENT)), '2026-03-01').mandateId).toBe('m-1'));
  });
});

describe('mandates: an event slipped into the grantor\'s stream by another institution', () => {
  it('cannot shadow the grantor\'s own mandate of the same id', () => {
    const s = fold(evolveMandates, initialMandates(), [granted(AGENT, { ...grant, validUntil: '2026-01-02' }), granted()]);
    expect(assertMandateInForce(s, { agent: AGENT, grantor: SS, day: '2026-06-01' }).validUntil).toBe('2026-12-31');
  });
});
