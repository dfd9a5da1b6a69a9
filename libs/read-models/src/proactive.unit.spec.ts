import { computeIndicators } from './indicators';
import { replay } from './projections';
import { ScenarioBuilder, modelOf } from './testing/scenario';

/** PACT's proactive detection in the indicators (docs/read-models.md "Proactive detection"). */
describe('indicators: proactive detection (PACT)', () => {
  const SS = 'ss-a', EO = 'eo-a', RD = 'rd-a', programmeId = 'pg-pact';
  function scenario() {
    const b = new ScenarioBuilder('2026-01-05T08:00:00Z');
    b.add('programme.created', RD, { programmeId }, { name: 'PACT', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1 });
    for (const caseId of ['c1', 'c2', 'c3']) {
      b.add('programme.case-enrolled', RD, { programmeId, caseId }, { projectId: 'pj', caseId, enrolledOn: '2026-01-05' });
      b.add('case.opened', SS, { caseId }, { personId: `p-${caseId}`, municipality: 'A', gender: 'female', birthYear: 1980, incidenceGroups: [], openedOn: '2026-01-05' });
    }
    const proposal = (caseId: string, proposalId: string, kind: string, band: string, proposedOn: string, by = SS) =>
      b.add('proactive-proposal.recorded', by, { caseId }, { proposalId, kind, band, score: band === 'high' ? 64 : 40, reason: 'risk rose', proposedOn });
    proposal('c1', 'pp-1', 'itinerary-review', 'medium', '2026-02-01');
    b.add('proactive-proposal.dismissed', SS, { caseId: 'c1' }, { proposalId: 'pp-1', dismissedOn: '2026-02-03', reason: 'review already planned' });
    proposal('c1', 'pp-2', 'case-table-meeting', 'high', '2026-03-01');
    b.add('proactive-proposal.accepted', SS, { caseId: 'c1' }, { proposalId: 'pp-2', acceptedOn: '2026-03-02' });
    proposal('c2', 'pp-3', 'itinerary-review', 'medium', '2026-04-01');
    // Not the owner's: a proposal or an answer recorded by another institution does not count.
    proposal('c3', 'pp-4', 'itinerary-review', 'medium', '2026-04-01', EO);
    b.add('proactive-proposal.accepted', EO, { caseId: 'c2' }, { proposalId: 'pp-3', acceptedOn: '2026-04-02' });
    b.add('referral.accepted', SS, { caseId: 'c2' }, { referralId: 'r-1', referredBy: EO, caseId: 'c2', acceptedOn: '2026-01-06' });
    b.add('referral.accepted', EO, { caseId: 'c3' }, { referralId: 'r-2', referredBy: 'ei-x', caseId: 'c3', acceptedOn: '2026-01-06' });
    return b;
  }

  it('counts the owner\'s proposals recorded, accepted, dismissed and unanswered, and the referrals it accepted', () => {
    const x = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId }, '2026-12-31T00:00:00Z');
    expect(x.proactive.proposals).toEqual({ recorded: 3, byKind: { 'itinerary-review': 2, 'case-table-meeting': 1 }, accepted: 1, dismissed: 1, unanswered: 1 });
    expect(x.proactive.referralsAccepted).toEqual({ total: 1, byReferringInstitution: { [EO]: 1 } });
    // Every open case has a band as of its last event (the one definition, libs/domain/src/pact).
    expect(Object.values(x.proactive.byBand).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('counts what falls in the period', () => {
    const x = computeIndicators(modelOf(replay(scenario().events), programmeId), { programmeId, from: '2026-03-01', to: '2026-03-31' }, '2026-12-31T00:00:00Z');
    expect(x.proactive.proposals).toEqual({ recorded: 1, byKind: { 'case-table-meeting': 1 }, accepted: 1, dismissed: 0, unanswered: 0 });
    expect(x.proactive.referralsAccepted.total).toBe(0);
  });
});
