import { InstitutionKind } from '@inclusion/contracts';
import { evolveCase, initialCaseView } from '../case/case-view';
import { fold, RecordedEvent } from '../shared/decider';
import { recorded } from '../shared/given-when-then.testing';
import { CauseEvent, OPEN_INCIDENT_FOLLOW_UP, OPEN_JOINT_ASSESSMENT, REORIENT_AFTER_TABLE_DECISION } from './index';

const KINDS: Record<string, InstitutionKind> = { 'ss-albacete': 'social-services', 'eo-albacete': 'employment-office', 'ei-solidaria': 'insertion-company', 'ei-other': 'insertion-company' };
const knowledge = (...events: RecordedEvent[]) => ({ caseView: fold(evolveCase, initialCaseView(), events), kindOf: (id: string) => KINDS[id] });
const ev = (type: string, data: Record<string, unknown>, by = 'ss-albacete') => recorded({ type, data }, by);
const cause = (type: string, data: Record<string, unknown>, institutionId: string, streamId = 'x'): CauseEvent => ({ eventId: 'cause-1', type, institutionId, streamId, caseId: 'case-1', data });

const opened = ev('case.opened', { personId: 'p-1', municipality: 'Albacete' });
const step = (stepId: string, responsibleInstitution: string) => ({ stepId, kind: 'training', responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-03-01' });
const itinerary = (...steps: ReturnType<typeof step>[]) => ev('itinerary.designed', { itineraryId: 'it-1', steps });
const agreement = ev('agreement.signed', { agreementId: 'a-1', companyInstitution: 'ei-solidaria', party: 'social-services' });

describe('reactions across institutions', () => {
  describe('an incident reported by a company', () => {
    const report = cause('incident.reported', { incidentId: 'inc-1', kind: 'absenteeism', severity: 'medium' }, 'ei-solidaria');

    it("given the company takes part, opens a follow-up for the case's owner", () =>
      expect(OPEN_INCIDENT_FOLLOW_UP.react(report, knowledge(opened, agreement))).toEqual({
        outcome: 'command',
        institutionId: 'ss-albacete',
        command: { type: 'OpenIncidentFollowUp', data: { incidentId: 'inc-1', reportedByInstitution: 'ei-solidaria', kind: 'absenteeism', severity: 'medium' } },
      }));

    it('given a company that takes no part (yet), waits: nobody acts for it', () =>
      expect(OPEN_INCIDENT_FOLLOW_UP.react({ ...report, institutionId: 'ei-other' }, knowledge(opened, agreement))).toMatchObject({ outcome: 'refused', institutionId: null, code: 'ACCESS.DENIED' }));

    it('given an unknown case, is refused with nobody to record it', () =>
      expect(OPEN_INCIDENT_FOLLOW_UP.react(report, knowledge())).toMatchObject({ outcome: 'refused', institutionId: null, code: 'CASE.NOT_FOUND' }));
  });

  describe('the end of a plan or a contract', () => {
    const closed = cause('itinerary.closed', { itineraryId: 'it-1' }, 'ss-albacete');

    it('opens a joint assessment at the employment office responsible for a step', () =>
      expect(OPEN_JOINT_ASSESSMENT.react(closed, knowledge(opened, itinerary(step('s1', 'ei-solidaria'), step('s2', 'eo-albacete'))))).toEqual({
        outcome: 'command',
        institutionId: 'eo-albacete',
        command: { type: 'OpenJointAssessment', data: { assessmentId: 'ja-it-1', trigger: 'plan-ended' } },
      }));

    it('given no employment office takes part, is refused: there is no fallback institution', () =>
      expect(OPEN_JOINT_ASSESSMENT.react(closed, knowledge(opened, itinerary(step('s1', 'ei-solidaria'))))).toMatchObject({ outcome: 'refused', institutionId: null, code: 'REACTION.NO_INSTITUTION' }));

    it('given a contract end by a company not yet known to take part, waits', () =>
      expect(OPEN_JOINT_ASSESSMENT.react(cause('placement.contract-ended', { placementId: 'pl-1' }, 'ei-solidaria'), knowledge(opened, itinerary(step('s1', 'eo-albacete'))))).toMatchObject({ outcome: 'refused', institutionId: null }));

    it('given a contract end by a company, names the placement', () =>
      expect(OPEN_JOINT_ASSESSMENT.react(cause('placement.contract-ended', { placementId: 'pl-1' }, 'ei-solidaria'), knowledge(opened, agreement, itinerary(step('s1', 'eo-albacete'))))).toMatchObject({
        outcome: 'command',
        command: { data: { assessmentId: 'ja-pl-1', trigger: 'contract-ended', placementId: 'pl-1' } },
      }));
  });

  describe('a case-table decision', () => {
    const reorients = { meetingId: 'm1', decisionId: 'd1', text: 'reorient', reorientsItinerary: { itineraryId: 'it-1', reason: 'health', steps: [step('s3', 'eo-albacete')] } };
    const table = ev('table.created', { tableId: 't1', level: 'case', scopeId: 'case-1', name: 'mesa', members: [{ institutionId: 'ss-albacete' }, { institutionId: 'eo-albacete' }] });

    it("given a member's decision that reorients, reorients the itinerary for the owner", () =>
      expect(REORIENT_AFTER_TABLE_DECISION.react(cause('table.decision-recorded', reorients, 'eo-albacete', 'table-t1'), knowledge(opened, table))).toMatchObject({
        outcome: 'command',
        institutionId: 'ss-albacete',
        command: { type: 'ReorientItinerary', data: { itineraryId: 'it-1', tableId: 't1', decisionId: 'd1' } },
      }));

    it('given a decision that does not reorient, does nothing', () =>
      expect(REORIENT_AFTER_TABLE_DECISION.react(cause('table.decision-recorded', { meetingId: 'm1', decisionId: 'd1', text: 'ok' }, 'ss-albacete', 'table-t1'), knowledge(opened))).toEqual({ outcome: 'none' }));

    it('given a decision by an institution that takes no part (yet), waits', () =>
      expect(REORIENT_AFTER_TABLE_DECISION.react(cause('table.decision-recorded', reorients, 'ei-other', 'table-t9'), knowledge(opened))).toMatchObject({ outcome: 'refused', institutionId: null, code: 'ACCESS.DENIED' }));
  });
});
