import { randomUUID } from 'node:crypto';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess, TestNetwork } from '../support/service-process';

/**
 * Joint decisions on a case (issue 16, seeds/001), over HTTP across three services running as
 * their own processes, through the real Kafka broker:
 * - the insertion agreement is signed by each party in its own log: social services for
 *   themselves and the person's signature with its evidence at social services, the company
 *   at its own service; it is complete (and a placement may start) only when all three are
 *   known, the company's arriving at social services through Kafka;
 * - joint itinerary design: the institution given a step accepts it, declines it with a reason
 *   or proposes a change, at its own service; social services see it in the case view and
 *   timeline and accept the change (the step changes everywhere) or keep the step.
 * Bad input is a 400 naming every problem; refusals are 403 (no part, not the step's
 * institution, not the agreement's company, not the case owner) or 422 with the rule.
 */
type Name = 'social-services' | 'employment-office' | 'insertion-company';

describe('joint decisions on a case, across services through Kafka', () => {
  let network: TestNetwork<Name>;
  let services: Record<Name, ServiceProcess>;
  const run = randomUUID().slice(0, 8);
  const caseId = `case-joint-${run}`;
  const personId = `p-joint-${run}`;
  const SS = 'ss-albacete';
  const EO = 'eo-albacete';
  const EI = 'ei-solidaria';
  const itineraryId = 'it-joint';
  const agreementId = 'ag-joint';
  const evidence = { documentRef: `agreement-${caseId}.pdf`, documentSha256: 'd'.repeat(64), method: 'handwritten', witnessedBy: 'tech-ana' };

  let ss: ReturnType<typeof client>;
  let ssOther: ReturnType<typeof client>;
  let eo: ReturnType<typeof client>;
  let ei: ReturnType<typeof client>;
  let eiOther: ReturnType<typeof client>;

  const step = (stepId: string, responsibleInstitution: string, kind = 'training') => ({ stepId, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-04-30' });

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'employment-office', 'insertion-company'], 'joint');
    services = network.services;
    ss = client(services['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    ssOther = client(services['social-services'], { institutionId: 'ss-hellin', userId: 'coord-pau', role: 'coordinator' });
    eo = client(services['employment-office'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });
    ei = client(services['insertion-company'], { institutionId: EI, userId: 'coord-eva', role: 'coordinator' });
    eiOther = client(services['insertion-company'], { institutionId: 'ei-other', userId: 'coord-xavi', role: 'coordinator' });

    await ss.ok('/cases', { caseId, personId, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['long-term-unemployed'], openedOn: '2026-01-10' });
    await ss.ok(`/cases/${caseId}/accreditation`, { validFrom: '2026-01-10', validUntil: '2026-12-31', basis: 'social report' });
    await ss.ok(`/cases/${caseId}/itinerary`, {
      itineraryId,
      steps: [step('training', EO), step('orientation', EO), step('course', EO), step('workshop', EO), step('placement', EI, 'insertion-company-placement')],
    });
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 60_000);

  /** Retries while the case (or what the command needs of it) has not reached the service: 403 (no part yet) or 404. */
  const once = async (post: () => Promise<{ status: number; body: any }>, what: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    let reply = await post();
    await waitFor(async () => {
      if (reply.status === 201) return true;
      expect([403, 404]).toContain(reply.status);
      reply = await post();
      return reply.status === 201;
    }, 60_000, what);
    return reply;
  };

  describe('the insertion agreement: each party signs in its own log', () => {
    it('refuses bad input with every problem named (400)', async () => {
      const person = await ss.post(`/cases/${caseId}/agreement-signatures/person`, { agreementId: 'ag x', companyInstitution: EI, signedOn: 'soon', evidence: { documentRef: '', documentSha256: 'abc', method: 'oral' } });
      expect(person.status).toBe(400);
      const text = JSON.stringify(person.body);
      for (const field of ['agreementId', 'signedOn', 'evidence.documentRef', 'evidence.documentSha256', 'evidence.method', 'evidence.witnessedBy']) expect(text).toContain(field);
      const noEvidence = await ss.post(`/cases/${caseId}/agreement-signatures/person`, { agreementId, companyInstitution: EI, signedOn: '2026-01-20' });
      expect(noEvidence.status).toBe(400);
      expect(JSON.stringify(noEvidence.body)).toMatch(/evidence is required/);
      // Social services sign only for themselves: the company's signature is the company's.
      const forCompany = await ss.post(`/cases/${caseId}/agreement-signatures`, { agreementId, companyInstitution: EI, party: 'company', signedBy: 'tech-ana', signedOn: '2026-01-20' });
      expect(forCompany.status).toBe(400);
      expect(JSON.stringify(forCompany.body)).toMatch(/company signs at its own service/);
      const company = await ei.post(`/cases/${caseId}/agreement-signatures`, { agreementId, companyInstitution: EI, signedOn: 'x' });
      expect(company.status).toBe(400);
      for (const field of ['companyInstitution', 'signedBy', 'signedOn']) expect(JSON.stringify(company.body)).toContain(field);
    });

    it('social services sign and record the person\'s signature; the company signs at its own service; complete only with all three', async () => {
      // Before social services drew the agreement up, the company (a step gives it its part) finds none.
      await waitFor(async () => (await ei.get(`/cases/${caseId}`)).status === 200, 60_000, 'the case at the company');
      const early = await ei.post(`/cases/${caseId}/agreement-signatures`, { agreementId, signedBy: 'coord-eva', signedOn: '2026-01-21' });
      expect(early.status).toBe(404);
      expect(early.body.code).toBe('AGREEMENT.NOT_FOUND');

      const own = await ss.ok(`/cases/${caseId}/agreement-signatures`, { agreementId, companyInstitution: EI, signedBy: 'tech-ana', signedOn: '2026-01-20' });
      expect(own.events[0]).toMatchObject({ type: 'agreement.signed', schemaVersion: 2, institutionId: SS, streamId: `case-${caseId}`, payload: { party: 'social-services', signedBy: 'tech-ana' } });
      const person = await ss.ok(`/cases/${caseId}/agreement-signatures/person`, { agreementId, companyInstitution: EI, signedOn: '2026-01-20', evidence });
      expect(person.events[0]).toMatchObject({ institutionId: SS, payload: { party: 'person', signedBy: personId, evidence } });
      const twice = await ss.post(`/cases/${caseId}/agreement-signatures/person`, { agreementId, companyInstitution: EI, signedOn: '2026-01-21', evidence });
      expect([twice.status, twice.body.code]).toEqual([422, 'AGREEMENT.ALREADY_SIGNED']);

      // Two signatures known everywhere: not complete, and no placement yet.
      const placement = { caseId, placementId: `pl-${run}`, agreementId, contractStart: '2026-02-01', position: 'gardener', weeklyHours: 30, tutorId: 'tutor-luis' };
      await waitFor(async () => (await ei.get(`/cases/${caseId}`)).body?.agreements?.[agreementId]?.signedBy?.length === 2, 60_000, "social services' signatures at the company");
      expect((await ei.get(`/cases/${caseId}`)).body.agreements[agreementId]).toMatchObject({ complete: false, signedBy: ['social-services', 'person'] });
      const unsigned = await ei.post('/placements', placement);
      expect([unsigned.status, unsigned.body.code]).toEqual([422, 'PLACEMENT.AGREEMENT_NOT_SIGNED']);

      // Refusals: another company (no part), another kind's service (no such route), a social-services institution that does not own the case.
      const other = await eiOther.post(`/cases/${caseId}/agreement-signatures`, { agreementId, signedBy: 'coord-xavi', signedOn: '2026-01-21' });
      expect([other.status, other.body.code]).toEqual([403, 'ACCESS.DENIED']);
      const officeSigns = await eo.post(`/cases/${caseId}/agreement-signatures`, { agreementId, signedBy: 'orient-eva', signedOn: '2026-01-21' });
      expect(officeSigns.status).toBe(404); // the office's service has no such route: it is no party
      const notOwner = await ssOther.post(`/cases/${caseId}/agreement-signatures/person`, { agreementId, companyInstitution: EI, signedOn: '2026-01-21', evidence });
      expect([notOwner.status, notOwner.body.code]).toEqual([403, 'ACCESS.DENIED']);

      // The company signs in its own log; its signature reaches social services through Kafka.
      const signed = await ei.ok(`/cases/${caseId}/agreement-signatures`, { agreementId, signedBy: 'coord-eva', signedOn: '2026-01-22' });
      expect(signed.events[0]).toMatchObject({ type: 'agreement.signed', institutionId: EI, streamId: `agreement-signatures-${caseId}@insertion-company`, payload: { party: 'company', companyInstitution: EI } });
      const again = await ei.post(`/cases/${caseId}/agreement-signatures`, { agreementId, signedBy: 'coord-eva', signedOn: '2026-01-23' });
      expect([again.status, again.body.code]).toEqual([422, 'AGREEMENT.ALREADY_SIGNED']);
      await ei.ok('/placements', placement);

      await waitFor(async () => (await ss.get(`/cases/${caseId}`)).body?.agreements?.[agreementId]?.complete === true, 60_000, "the company's signature at social services");
      const atSocialServices = (await ss.get(`/cases/${caseId}`)).body.agreements[agreementId];
      expect(atSocialServices).toMatchObject({
        companyInstitution: EI,
        signedBy: ['social-services', 'person', 'company'],
        signatures: { 'social-services': { recordedBy: SS }, person: { recordedBy: SS, evidence }, company: { recordedBy: EI, signedBy: 'coord-eva', signedOn: '2026-01-22' } },
      });
      const timeline = (await ss.get(`/cases/${caseId}/timeline`)).body.events.filter((e: { type: string }) => e.type === 'agreement.signed');
      expect(timeline.map((e: { institutionId: string; payload: { party: string } }) => [e.institutionId, e.payload.party])).toEqual([[SS, 'social-services'], [SS, 'person'], [EI, 'company']]);
    }, 180_000);
  });

  describe('joint itinerary design: the institution given a step answers it', () => {
    const ids = (stepId: string) => ({ itineraryId, stepId });

    it('refuses bad input with every problem named (400)', async () => {
      const bad = await eo.post(`/cases/${caseId}/steps/change-proposals`, { ...ids('course'), proposalId: 'p 1', proposedOn: 'soon', reason: '', change: { kind: 'gardening', plannedEnd: 'May' } });
      expect(bad.status).toBe(400);
      for (const field of ['proposalId', 'proposedOn', 'reason', 'change.kind', 'change.plannedEnd']) expect(JSON.stringify(bad.body)).toContain(field);
      const empty = await eo.post(`/cases/${caseId}/steps/change-proposals`, { ...ids('course'), proposalId: 'p1', proposedOn: '2026-01-25', reason: 'r', change: {} });
      expect(empty.status).toBe(400);
      expect(JSON.stringify(empty.body)).toMatch(/at least one of kind, plannedStart, plannedEnd, description/);
      const noReason = await eo.post(`/cases/${caseId}/steps/declined`, { ...ids('orientation'), declinedOn: '2026-01-25' });
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(noReason.body)).toContain('reason');
    });

    it('accepts, declines with a reason, proposes changes; social services see it and decide', async () => {
      await once(() => eo.post(`/cases/${caseId}/steps/accepted`, { ...ids('training'), acceptedOn: '2026-01-25', note: 'places reserved' }), 'the itinerary at the office');
      await eo.ok(`/cases/${caseId}/steps/declined`, { ...ids('orientation'), declinedOn: '2026-01-25', reason: 'no orientation group in her district until June' });
      const proposed = await eo.ok(`/cases/${caseId}/steps/change-proposals`, {
        ...ids('course'),
        proposalId: 'chg-1',
        proposedOn: '2026-01-25',
        reason: 'the next course starts in March',
        change: { plannedStart: '2026-03-01', plannedEnd: '2026-05-31' },
      });
      expect(proposed.events[0]).toMatchObject({ type: 'itinerary.step-change-proposed', institutionId: EO, streamId: `steps-${caseId}@employment-office` });
      await eo.ok(`/cases/${caseId}/steps/change-proposals`, { ...ids('workshop'), proposalId: 'chg-2', proposedOn: '2026-01-25', reason: 'evening group', change: { description: 'evening group' } });

      // Refusals at the office: only the step's institution answers; not twice; nothing started while a change is pending.
      const notMine = await ei.post(`/cases/${caseId}/steps/accepted`, { ...ids('training'), acceptedOn: '2026-01-25' });
      expect([notMine.status, notMine.body.code]).toEqual([403, 'STEP.NOT_RESPONSIBLE']);
      const noPart = await eiOther.post(`/cases/${caseId}/steps/declined`, { ...ids('placement'), declinedOn: '2026-01-25', reason: 'x' });
      expect([noPart.status, noPart.body.code]).toEqual([403, 'ACCESS.DENIED']);
      const twice = await eo.post(`/cases/${caseId}/steps/accepted`, { ...ids('training'), acceptedOn: '2026-01-26' });
      expect([twice.status, twice.body.code]).toEqual([422, 'STEP.ALREADY_ANSWERED']);
      const pending = await eo.post(`/cases/${caseId}/steps/started`, { ...ids('course'), startedOn: '2026-03-01' });
      expect([pending.status, pending.body.code]).toEqual([422, 'STEP.CHANGE_PENDING']);
      const declinedStart = await eo.post(`/cases/${caseId}/steps/started`, { ...ids('orientation'), startedOn: '2026-02-01' });
      expect([declinedStart.status, declinedStart.body.code]).toEqual([422, 'STEP.DECLINED']);
      const unknown = await eo.post(`/cases/${caseId}/steps/accepted`, { ...ids('no-such-step'), acceptedOn: '2026-01-25' });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'STEP.NOT_FOUND']);

      // Social services see every answer in the case view and timeline, once received through Kafka.
      const stepsAtSs = async () => Object.fromEntries(((await ss.get(`/cases/${caseId}`)).body?.itinerary?.steps ?? []).map((s: { stepId: string }) => [s.stepId, s]));
      await waitFor(async () => (await stepsAtSs()).workshop?.answer?.status === 'change-proposed', 60_000, "the office's answers at social services");
      const seen = await stepsAtSs();
      expect(seen.training.answer).toEqual({ status: 'accepted', on: '2026-01-25', note: 'places reserved' });
      expect(seen.orientation.answer).toEqual({ status: 'declined', on: '2026-01-25', reason: 'no orientation group in her district until June' });
      expect(seen.course.answer).toMatchObject({ status: 'change-proposed', proposalId: 'chg-1', change: { plannedStart: '2026-03-01', plannedEnd: '2026-05-31' } });
      const types = (await ss.get(`/cases/${caseId}/timeline`)).body.events.filter((e: { institutionId: string }) => e.institutionId === EO).map((e: { type: string }) => e.type);
      expect(types).toEqual(expect.arrayContaining(['itinerary.step-accepted', 'itinerary.step-declined', 'itinerary.step-change-proposed']));

      // Only the case owner decides; only on the pending proposal; bad input named.
      const decision = { ...ids('course'), proposalId: 'chg-1', decidedOn: '2026-01-27' };
      const byOffice = await eo.post(`/cases/${caseId}/itinerary/step-change-acceptances`, decision);
      expect(byOffice.status).toBe(404); // the office's service has no such route: social services decide
      const byOther = await ssOther.post(`/cases/${caseId}/itinerary/step-change-acceptances`, decision);
      expect([byOther.status, byOther.body.code]).toEqual([403, 'ACCESS.DENIED']);
      const wrong = await ss.post(`/cases/${caseId}/itinerary/step-change-acceptances`, { ...decision, proposalId: 'chg-9' });
      expect([wrong.status, wrong.body.code]).toEqual([422, 'STEP.NO_PENDING_CHANGE']);
      const badDecision = await ss.post(`/cases/${caseId}/itinerary/step-change-refusals`, { ...decision, decidedOn: 'tomorrow' });
      expect(badDecision.status).toBe(400);
      for (const field of ['decidedOn', 'reason']) expect(JSON.stringify(badDecision.body)).toContain(field);

      // Accepting changes the step as proposed (the change taken from the proposal); refusing keeps it.
      const accepted = await ss.ok(`/cases/${caseId}/itinerary/step-change-acceptances`, decision);
      expect(accepted.events[0]).toMatchObject({ type: 'itinerary.step-change-accepted', institutionId: SS, payload: { change: { plannedStart: '2026-03-01', plannedEnd: '2026-05-31' } } });
      await ss.ok(`/cases/${caseId}/itinerary/step-change-refusals`, { ...ids('workshop'), proposalId: 'chg-2', decidedOn: '2026-01-27', reason: 'the day group suits her childcare' });
      const decided = await stepsAtSs();
      expect(decided.course).toMatchObject({ plannedStart: '2026-03-01', plannedEnd: '2026-05-31', answer: { status: 'accepted', proposalId: 'chg-1' } });
      expect(decided.workshop.answer).toBeUndefined();
      expect(decided.workshop.changeDecisions).toEqual([{ proposalId: 'chg-2', decision: 'refused', decidedOn: '2026-01-27', reason: 'the day group suits her childcare' }]);

      // The decisions reach the office: the changed step can start; the kept one is answered again.
      await once(() => eo.post(`/cases/${caseId}/steps/started`, { ...ids('course'), startedOn: '2026-03-01' }).then((r) => (r.body?.code === 'STEP.CHANGE_PENDING' ? { ...r, status: 404 } : r)), 'the acceptance at the office');
      await waitFor(async () => (await eo.get(`/cases/${caseId}`)).body?.itinerary?.steps?.find((s: { stepId: string }) => s.stepId === 'workshop')?.answer === undefined, 60_000, 'the refusal at the office');
      await eo.ok(`/cases/${caseId}/steps/accepted`, { ...ids('workshop'), acceptedOn: '2026-01-28' });
    }, 180_000);
  });
});
