import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { CASE } from '../aggregates/aggregates';
import { evolveCase, initialCaseView } from '../case/case-view';
import { decideCase } from '../case/case.decide';
import { CaseCommand } from '../case/case.commands';
import { ASSESS_CHRONIFICATION_RISK, CONVENE_PROPOSED_MEETING } from '../reactions';
import { CommandMeta, fold, RecordedEvent } from '../shared/decider';
import { meta, recorded, refusalOf, spec } from '../shared/given-when-then.testing';
import { assertMaySeeRisk, riskShownTo } from '../access/access-policy';
import { bandOf, chronificationRisk, evolveRiskInputs, initialRiskInputs, RISK_FORMULA, RiskInputs } from './chronification-risk';

const SS = 'ss-albacete';
const ev = (type: string, data: Record<string, unknown>, by = SS) => recorded({ type, data }, by);
const caseView = (...events: RecordedEvent[]) => fold(evolveCase, initialCaseView(), events);
const inputsOf = (...events: RecordedEvent[]) => fold(evolveRiskInputs, initialRiskInputs(), events);
const caseSpec = spec(evolveCase, initialCaseView, (c: CaseCommand, s, m) => decideCase(c, s, m));
const at = (now: string, by = SS, userId = 'tech-ana', role = 'technician'): CommandMeta => ({ ...meta(by), actor: { userId, role } as CommandMeta['actor'], now });

const opened = ev('case.opened', { personId: 'p-1', municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [], openedOn: '2026-01-10' });
const technician = ev('case.reference-technician-assigned', { technicianId: 'tech-ana' });
// Every dimension at 8 and four critical: diagnosis = min(40, 32) + min(20, 20) + min(10, 4) = 56.
const severe = ev('case.diagnosis-recorded', {
  diagnosedOn: '2026-01-15',
  dimensions: ['employability', 'resilience', 'life-stage', 'family-and-coexistence'].map((dimension) => ({ dimension, score: 8, critical: true })),
  criticalFactors: ['long-term-unemployment', 'guaranteed-income-recipient'],
});
// Mild: mean 4, one critical -> 16 + 5 = 21.
const mild = ev('case.diagnosis-recorded', { diagnosedOn: '2026-01-15', dimensions: [{ dimension: 'employability', score: 5, critical: true }, { dimension: 'housing', score: 3, critical: false }], criticalFactors: [] });
const incident = (incidentId: string, severity = 'high') => ev('incident.follow-up-opened', { incidentId, reportedByInstitution: 'sme-albacete', kind: 'absenteeism', severity });
const assess = (...history: RecordedEvent[]): CaseCommand => ({ type: 'AssessRisk', data: { cause: 'case.diagnosis-recorded' }, inputs: inputsOf(...history) });
const bandChanged = (previousBand: string, band: string, score: number) =>
  ev('case.risk-band-changed', { previousBand, band, score, formula: RISK_FORMULA.name, version: 1, assessedAt: '2026-01-20T10:00:00.000Z', components: { diagnosis: 56, timeInCare: 0, incidents: 0 } });
const proposalRecorded = (proposalId: string, kind: string, band = 'high') => ev('proactive-proposal.recorded', { proposalId, kind, band, score: 62, reason: 'r', proposedOn: '2026-01-20' });
const meeting = { tableId: 'mesa-case-1', meetingId: 'm-risk-1', date: '2026-01-27', agenda: ['risk of chronification: review the itinerary'] };
const JAN20 = '2026-01-20T10:00:00.000Z';

describe('PACT: the risk of chronification', () => {
  it('is defined by its formula: bands at 35 and 60', () => {
    expect([0, 34, 35, 59, 60, 100].map(bandOf)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
    expect(RISK_FORMULA.text).toContain('band = high if score >= 60, medium if >= 35');
  });

  it('reads the diagnosis, the time in care and the incidents folded from the case', () => {
    const risk = chronificationRisk(inputsOf(opened, severe, incident('i-1'), ev('incident.resolved', { incidentId: 'i-1', resolvedOn: '2026-03-01' })), '2027-01-10T00:00:00Z');
    // diagnosis 56; 12 months in care -> 6.7; one high incident, resolved -> 3 + 3 = 6.
    expect(risk).toMatchObject({ components: { diagnosis: 56, timeInCare: 6.7, incidents: 6 }, score: 69, band: 'high', inputs: { monthsInCare: 12, incidents: 1, unresolvedIncidents: 0 } });
  });
});

describe('PACT: AssessRisk (a change of band is an event on the case)', () => {
  it('given a case whose diagnosis keeps it low, records nothing', () =>
    caseSpec.given(opened, mild).when(assess(opened, mild), at(JAN20)).thenNothing());

  it('given a severe diagnosis, records the band change from low to medium and proposes an itinerary review', () =>
    caseSpec
      .given(opened, technician, severe)
      .when(assess(opened, severe), at(JAN20))
      .then(
        { type: 'case.risk-band-changed', data: { previousBand: 'low', band: 'medium', score: 56, formula: RISK_FORMULA.name, version: 1, assessedAt: JAN20, components: { diagnosis: 56, timeInCare: 0, incidents: 0 } } },
        {
          type: 'proactive-proposal.recorded',
          data: {
            proposalId: 'pp-1',
            kind: 'itinerary-review',
            band: 'medium',
            score: 56,
            reason: 'risk of chronification rose from low to medium (score 56: diagnosis 56, time in care 0, incidents 0) after case.diagnosis-recorded',
            proposedOn: '2026-01-20',
            referenceTechnician: 'tech-ana',
          },
        },
      ));

  it('given medium recorded, a high-severity incident crossing 60 records high and proposes a case-table meeting', () => {
    const history = [opened, severe, incident('i-1')];
    const decided = decideCase(assess(...history), caseView(opened, severe, bandChanged('low', 'medium', 56), proposalRecorded('pp-1', 'itinerary-review', 'medium')), at(JAN20));
    expect(decided.map((e) => e.type)).toEqual(['case.risk-band-changed', 'proactive-proposal.recorded']);
    expect(decided[0].data).toMatchObject({ previousBand: 'medium', band: 'high', score: 64 });
    expect(decided[1].data).toMatchObject({ proposalId: 'pp-2', kind: 'case-table-meeting', band: 'high' });
  });

  it('given the band recorded is the band computed, records nothing', () =>
    caseSpec.given(opened, severe, bandChanged('low', 'medium', 56)).when(assess(opened, severe), at(JAN20)).thenNothing());

  it('given a fall (the incident resolved, high recorded), records the band change and proposes nothing', () => {
    const decided = decideCase(assess(opened, severe), caseView(opened, severe, bandChanged('medium', 'high', 64)), at(JAN20));
    expect(decided).toEqual([expect.objectContaining({ type: 'case.risk-band-changed', data: expect.objectContaining({ previousBand: 'high', band: 'medium' }) })]);
  });

  it('given an open proposal of the same kind, records the band change without a second proposal', () => {
    const decided = decideCase(assess(opened, severe, incident('i-1')), caseView(opened, severe, proposalRecorded('pp-1', 'case-table-meeting'), bandChanged('high', 'medium', 56)), at(JAN20));
    expect(decided.map((e) => e.type)).toEqual(['case.risk-band-changed']);
  });

  it('given time in care alone, rises as months pass (assessed at the next event)', () => {
    const decided = decideCase(assess(opened, mild), caseView(opened, mild), at('2029-01-10T10:00:00.000Z'));
    // 21 + 20 (36 months) = 41: medium.
    expect(decided[0].data).toMatchObject({ band: 'medium', score: 41 });
  });

  it('given a closed case, records nothing', () =>
    caseSpec.given(opened, severe, ev('case.closed', { closedOn: '2026-01-18', outcome: 'other' })).when(assess(opened, severe), at(JAN20)).thenNothing());

  it('given an unknown case, is refused', () => caseSpec.given().when(assess(), at(JAN20)).thenRejects('CASE.NOT_FOUND'));

  it('a band recorded by anyone but the owner changes nothing in the case view', () =>
    expect(caseView(opened, { ...bandChanged('low', 'high', 90), institutionId: 'ei-solidaria' }).risk).toBeUndefined());
});

describe('PACT: the reference technician answers a proactive proposal', () => {
  const history = [opened, technician, severe, bandChanged('medium', 'high', 64), proposalRecorded('pp-1', 'case-table-meeting')];

  it('accepting a case-table meeting records the acceptance with the meeting it requests', () =>
    caseSpec
      .given(...history)
      .when({ type: 'AcceptProactiveProposal', data: { proposalId: 'pp-1', acceptedOn: '2026-01-21', meeting } }, at(JAN20))
      .then({ type: 'proactive-proposal.accepted', data: { proposalId: 'pp-1', acceptedOn: '2026-01-21', meeting } }));

  it('accepting a case-table meeting without naming the meeting is refused', () =>
    caseSpec.given(...history).when({ type: 'AcceptProactiveProposal', data: { proposalId: 'pp-1', acceptedOn: '2026-01-21' } }, at(JAN20)).thenRejects('PROPOSAL.MEETING_REQUIRED'));

  it('accepting an itinerary review needs the date it is reviewed by', () => {
    const review = [opened, severe, proposalRecorded('pp-1', 'itinerary-review', 'medium')];
    caseSpec.given(...review).when({ type: 'AcceptProactiveProposal', data: { proposalId: 'pp-1', acceptedOn: '2026-01-21' } }, at(JAN20)).thenRejects('PROPOSAL.REVIEW_DATE_REQUIRED');
    caseSpec
      .given(...review)
      .when({ type: 'AcceptProactiveProposal', data: { proposalId: 'pp-1', acceptedOn: '2026-01-21', reviewBy: '2026-02-15' } }, at(JAN20))
      .then({ type: 'proactive-proposal.accepted', data: { proposalId: 'pp-1', acceptedOn: '2026-01-21', reviewBy: '2026-02-15' } });
  });

  it('dismissing records the reason', () =>
    caseSpec
      .given(...history)
      .when({ type: 'DismissProactiveProposal', data: { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'the case table met last week on this' } }, at(JAN20))
      .then({ type: 'proactive-proposal.dismissed', data: { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'the case table met last week on this' } }));

  it('a proposal is answered once', () =>
    caseSpec
      .given(...history, ev('proactive-proposal.dismissed', { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'r' }))
      .when({ type: 'AcceptProactiveProposal', data: { proposalId: 'pp-1', acceptedOn: '2026-01-22', meeting } }, at(JAN20))
      .thenRejects('PROPOSAL.ALREADY_ANSWERED'));

  it('an unknown proposal is not found', () =>
    caseSpec.given(...history).when({ type: 'DismissProactiveProposal', data: { proposalId: 'pp-9', dismissedOn: '2026-01-21', reason: 'r' } }, at(JAN20)).thenRejects('PROPOSAL.NOT_FOUND', undefined, 'not-found'));

  it('another technician of the owner may not answer; a coordinator may', () => {
    caseSpec
      .given(...history)
      .when({ type: 'DismissProactiveProposal', data: { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'r' } }, at(JAN20, SS, 'tech-luis'))
      .thenRejects('PROPOSAL.NOT_REFERENCE_TECHNICIAN', undefined, 'forbidden');
    caseSpec
      .given(...history)
      .when({ type: 'DismissProactiveProposal', data: { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'r' } }, at(JAN20, SS, 'coord-eva', 'coordinator'))
      .then({ type: 'proactive-proposal.dismissed', data: { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'r' } });
  });

  it('dates cannot go backwards', () =>
    caseSpec.given(...history).when({ type: 'DismissProactiveProposal', data: { proposalId: 'pp-1', dismissedOn: '2026-01-19', reason: 'r' } }, at(JAN20)).thenRejects('DATES.BACKWARDS'));

  it('only the case owner records the answer (access policy)', () =>
    expect(refusalOf(() => CASE.authorize({ type: 'DismissProactiveProposal', data: { proposalId: 'pp-1', dismissedOn: '2026-01-21', reason: 'r' } }, caseView(...history), meta('ei-solidaria'), { personHolder: null, openCaseOfPerson: null }))).toBe(
      'ACCESS.DENIED',
    ));
});

describe('PACT: who sees the risk (access policy)', () => {
  const view = caseView(opened, ev('itinerary.designed', { itineraryId: 'it-1', steps: [{ stepId: 's', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-02-01', plannedEnd: '2026-03-01' }] }));
  const owner = { institutionId: SS, institutionKind: 'social-services', role: 'technician' };
  const office = { institutionId: 'eo-albacete', institutionKind: 'employment-office', role: 'technician' };
  const supervisor = { institutionId: 'rd-albacete', institutionKind: 'regional-delegation', role: 'supervisor' };
  it('the owner for the case work, the supervisors; not another institution taking part, not for statistics', () => {
    expect(refusalOf(() => assertMaySeeRisk(owner, view, 'follow-up'))).toBeNull();
    expect(refusalOf(() => assertMaySeeRisk(supervisor, view, 'supervision'))).toBeNull();
    expect(refusalOf(() => assertMaySeeRisk(office, view, 'follow-up'))).toBe('ACCESS.DENIED');
    expect(refusalOf(() => assertMaySeeRisk(owner, view, 'statistics'))).toBe('ACCESS.PURPOSE_NOT_ALLOWED');
    expect(refusalOf(() => assertMaySeeRisk(owner, initialCaseView(), 'follow-up'))).toBe('ACCESS.DENIED');
    expect([riskShownTo(owner, view, 'follow-up'), riskShownTo(office, view, 'follow-up')]).toEqual([true, false]);
  });
});

describe('PACT reactions', () => {
  const kindOf = () => 'social-services' as const;
  const cause = (type: string, data: Record<string, unknown>, institutionId = SS) => ({ eventId: 'cause-1', type, institutionId, streamId: 'case-case-1', caseId: 'case-1', data });

  it("assess-chronification-risk: the owner's diagnosis makes the owner assess the risk", () =>
    expect(ASSESS_CHRONIFICATION_RISK.react(cause('case.diagnosis-recorded', {}), { caseView: caseView(opened), kindOf })).toEqual({
      outcome: 'command',
      institutionId: SS,
      command: { type: 'AssessRisk', data: { cause: 'case.diagnosis-recorded' } },
    }));

  it('assess-chronification-risk: waits while the case is unknown; nothing on a closed case or for an event by another institution', () => {
    expect(ASSESS_CHRONIFICATION_RISK.react(cause('case.diagnosis-recorded', {}), { caseView: initialCaseView(), kindOf })).toMatchObject({ outcome: 'refused', institutionId: null, code: 'CASE.NOT_FOUND' });
    expect(ASSESS_CHRONIFICATION_RISK.react(cause('case.diagnosis-recorded', {}), { caseView: caseView(opened, ev('case.closed', { closedOn: '2026-02-01', outcome: 'other' })), kindOf })).toEqual({ outcome: 'none' });
    expect(ASSESS_CHRONIFICATION_RISK.react(cause('incident.resolved', {}, 'ei-solidaria'), { caseView: caseView(opened), kindOf })).toEqual({ outcome: 'none' });
  });

  it('convene-proposed-meeting: an accepted case-table meeting is convened at the named table for the owner', () =>
    expect(CONVENE_PROPOSED_MEETING.react(cause('proactive-proposal.accepted', { proposalId: 'pp-1', acceptedOn: '2026-01-21', meeting }), { caseView: caseView(opened), kindOf })).toEqual({
      outcome: 'command',
      institutionId: SS,
      command: { type: 'ConveneMeeting', tableId: 'mesa-case-1', data: { meetingId: 'm-risk-1', date: '2026-01-27', agenda: meeting.agenda } },
    }));

  it('convene-proposed-meeting: an itinerary review, or an acceptance by anyone but the owner, convenes nothing', () => {
    expect(CONVENE_PROPOSED_MEETING.react(cause('proactive-proposal.accepted', { proposalId: 'pp-1', acceptedOn: '2026-01-21', reviewBy: '2026-02-01' }), { caseView: caseView(opened), kindOf })).toEqual({ outcome: 'none' });
    expect(CONVENE_PROPOSED_MEETING.react(cause('proactive-proposal.accepted', { proposalId: 'pp-1', acceptedOn: '2026-01-21', meeting }, 'ei-solidaria'), { caseView: caseView(opened), kindOf })).toEqual({ outcome: 'none' });
  });
});

describe('PACT events', () => {
  it('are in the catalogue', () => {
    for (const type of ['case.risk-band-changed', 'proactive-proposal.recorded', 'proactive-proposal.accepted', 'proactive-proposal.dismissed']) expect(EVENT_CATALOGUE.latestVersion(type)).toBe(1);
  });
  it('the risk inputs of a case are those the risk reads', () => {
    const inputs: RiskInputs = inputsOf(opened, severe, incident('i-1', 'low'));
    expect(inputs).toEqual({ openedOn: '2026-01-10', diagnosis: expect.objectContaining({ criticalFactors: 2 }), incidents: { 'i-1': { severity: 'low' } } });
  });
});
