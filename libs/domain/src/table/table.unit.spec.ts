import { meta, recorded, spec } from '../shared/given-when-then.testing';
import { decideTable, evolveTable, initialTable, TableCommand } from './table';

const s = spec(evolveTable, initialTable, (c: TableCommand, st, m) => decideTable(c, st, m));
const ss = meta('ss-albacete');
const created = (level: 'programme' | 'project' | 'case') =>
  recorded({ type: 'table.created', data: { tableId: 'tb-1', level, scopeId: 'scope-1', members: [{ institutionId: 'ss-albacete', people: ['ana'] }, { institutionId: 'ei-solidaria', people: ['luis'] }] } });
const convened = recorded({ type: 'table.meeting-convened', data: { meetingId: 'm1', date: '2026-03-10', agenda: ['incident inc-1'] } });
const held = recorded({ type: 'table.meeting-held', data: { meetingId: 'm1', heldOn: '2026-03-10', attendees: [{ institutionId: 'ss-albacete', person: 'ana' }], minutes: 'agreed' } });

describe('a coordination table (Mesa Técnica)', () => {
  it('only members may convene', () =>
    s.given(created('case')).when({ type: 'ConveneMeeting', data: { meetingId: 'm1', date: '2026-03-10', agenda: ['x'] } }, meta('eo-albacete')).thenRejects('TABLE.NOT_A_MEMBER', /only members may convene/, 'forbidden'));

  it('only members may attend', () =>
    s
      .given(created('case'), convened)
      .when({ type: 'HoldMeeting', data: { meetingId: 'm1', heldOn: '2026-03-10', attendees: [{ institutionId: 'eo-albacete', person: 'eva' }], minutes: 'm' } }, ss)
      .thenRejects('TABLE.NOT_A_MEMBER', /not members: eo-albacete/));

  it('only members may decide', () =>
    s.given(created('case'), convened, held).when({ type: 'RecordDecision', data: { meetingId: 'm1', decisionId: 'd1', text: 't' } }, meta('eo-albacete')).thenRejects('TABLE.NOT_A_MEMBER'));

  it('decisions only for a held meeting', () =>
    s.given(created('case'), convened).when({ type: 'RecordDecision', data: { meetingId: 'm1', decisionId: 'd1', text: 't' } }, ss).thenRejects('MEETING.NOT_HELD'));

  it('minutes only for a convened meeting: a cancelled one cannot be held', () =>
    s
      .given(created('case'), convened, recorded({ type: 'table.meeting-cancelled', data: { meetingId: 'm1', reason: 'strike' } }))
      .when({ type: 'HoldMeeting', data: { meetingId: 'm1', heldOn: '2026-03-10', attendees: [{ institutionId: 'ss-albacete', person: 'ana' }], minutes: 'm' } }, ss)
      .thenRejects('MEETING.NOT_CONVENED'));

  it('a decision takes its kind from the level: technical at case level, strategic at programme level', () => {
    s.given(created('case'), convened, held).when({ type: 'RecordDecision', data: { meetingId: 'm1', decisionId: 'd1', text: 't' } }, ss).then({
      type: 'table.decision-recorded',
      data: { meetingId: 'm1', decisionId: 'd1', text: 't', kind: 'technical' },
    });
    s.given(created('programme'), convened, held).when({ type: 'RecordDecision', data: { meetingId: 'm1', decisionId: 'd1', text: 't' } }, ss).then({
      type: 'table.decision-recorded',
      data: { meetingId: 'm1', decisionId: 'd1', text: 't', kind: 'strategic' },
    });
  });

  it('only a case table may reorient an itinerary', () =>
    s
      .given(created('project'), convened, held)
      .when({ type: 'RecordDecision', data: { meetingId: 'm1', decisionId: 'd1', text: 't', reorientsItinerary: { itineraryId: 'it-1', reason: 'r', steps: [] } } }, ss)
      .thenRejects('DECISION.REORIENT_NEEDS_CASE_TABLE'));

  it('actions are owned by a member, due after the meeting, and completed once', () => {
    s.given(created('case'), convened, held).when({ type: 'AddAction', data: { meetingId: 'm1', actionId: 'a1', description: 'd', ownerInstitution: 'eo-albacete', dueOn: '2026-04-01' } }, ss).thenRejects('ACTION.OWNER_NOT_MEMBER');
    s.given(created('case'), convened, held).when({ type: 'AddAction', data: { meetingId: 'm1', actionId: 'a1', description: 'd', ownerInstitution: 'ei-solidaria', dueOn: '2026-03-01' } }, ss).thenRejects('DATES.BACKWARDS');
    const added = recorded({ type: 'table.action-added', data: { meetingId: 'm1', actionId: 'a1', description: 'd', ownerInstitution: 'ei-solidaria', dueOn: '2026-04-01' } });
    const done = recorded({ type: 'table.action-completed', data: { actionId: 'a1', completedOn: '2026-03-20' } });
    s.given(created('case'), convened, held, added).when({ type: 'CompleteAction', data: { actionId: 'a1', completedOn: '2026-03-20' } }, meta('ei-solidaria')).then({ type: 'table.action-completed', data: { actionId: 'a1', completedOn: '2026-03-20' } });
    s.given(created('case'), convened, held, added, done).when({ type: 'CompleteAction', data: { actionId: 'a1', completedOn: '2026-03-21' } }, ss).thenRejects('ACTION.ALREADY_DONE');
  });
});
