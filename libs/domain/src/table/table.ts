import {
  ActionAddedV1, ActionCompletedV1, DecisionRecordedV1, DECISION_KIND_OF_LEVEL, MeetingCancelledV1, MeetingConvenedV1, MeetingHeldV1,
  TableCreatedV1, TableLevel, TableMemberAddedV1,
} from '@inclusion/contracts';
import { CommandMeta, DomainEvent, RecordedEvent, event } from '../shared/decider';
import { forbidden, notBefore, notFound, rule } from '../shared/domain-error';

/** A coordination table (Mesa Técnica) at programme, project or case level (stream table-<tableId>). */
export interface TableState {
  exists: boolean;
  level?: TableLevel;
  scopeId?: string;
  members: string[];
  meetings: Record<string, { status: 'convened' | 'held' | 'cancelled'; date: string; heldOn?: string }>;
  actions: Record<string, { status: 'open' | 'done'; dueOn: string; ownerInstitution: string; heldOn: string }>;
}

export const initialTable = (): TableState => ({ exists: false, members: [], meetings: {}, actions: {} });

/** Record a decision; `kind` is derived from the table's level, so the command does not carry it. */
export type DecisionInput = Omit<DecisionRecordedV1, 'kind'>;

export type TableCommand =
  | { type: 'CreateTable'; data: TableCreatedV1 }
  | { type: 'AddMember'; data: TableMemberAddedV1 }
  | { type: 'ConveneMeeting'; data: MeetingConvenedV1 }
  | { type: 'HoldMeeting'; data: MeetingHeldV1 }
  | { type: 'CancelMeeting'; data: MeetingCancelledV1 }
  | { type: 'RecordDecision'; data: DecisionInput }
  | { type: 'AddAction'; data: ActionAddedV1 }
  | { type: 'CompleteAction'; data: ActionCompletedV1 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type D = Record<string, any>;

export function evolveTable(state: TableState, event: RecordedEvent): TableState {
  const d = event.data as D;
  switch (event.type) {
    case 'table.created':
      return { ...state, exists: true, level: d.level, scopeId: d.scopeId, members: d.members.map((m: D) => m.institutionId) };
    case 'table.member-added':
      return { ...state, members: [...new Set([...state.members, d.member.institutionId])] };
    case 'table.meeting-convened':
      return { ...state, meetings: { ...state.meetings, [d.meetingId]: { status: 'convened', date: d.date } } };
    case 'table.meeting-held':
      return { ...state, meetings: { ...state.meetings, [d.meetingId]: { ...state.meetings[d.meetingId], status: 'held', heldOn: d.heldOn } } };
    case 'table.meeting-cancelled':
      return { ...state, meetings: { ...state.meetings, [d.meetingId]: { ...state.meetings[d.meetingId], status: 'cancelled' } } };
    case 'table.action-added':
      return {
        ...state,
        actions: { ...state.actions, [d.actionId]: { status: 'open', dueOn: d.dueOn, ownerInstitution: d.ownerInstitution, heldOn: state.meetings[d.meetingId]?.heldOn ?? d.dueOn } },
      };
    case 'table.action-completed':
      return { ...state, actions: { ...state.actions, [d.actionId]: { ...state.actions[d.actionId], status: 'done' } } };
    default:
      return state;
  }
}

function member(state: TableState, meta: CommandMeta, what: string) {
  if (!state.exists) throw notFound('TABLE.NOT_FOUND', 'the table does not exist');
  if (!state.members.includes(meta.institutionId)) throw forbidden('TABLE.NOT_A_MEMBER', `only members may ${what}; ${meta.institutionId} is not a member of this table`);
}

function heldMeeting(state: TableState, meetingId: string) {
  const meeting = state.meetings[meetingId];
  if (!meeting) throw notFound('MEETING.NOT_FOUND', `the table has no meeting ${meetingId}`);
  if (meeting.status !== 'held') throw rule('MEETING.NOT_HELD', `meeting ${meetingId} is ${meeting.status}: minutes, decisions and actions need a held meeting`);
  return meeting;
}

export function decideTable(command: TableCommand, state: TableState, meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'CreateTable':
      if (state.exists) throw rule('TABLE.ALREADY_EXISTS', 'the table already exists');
      if (!command.data.members.some((m) => m.institutionId === meta.institutionId)) {
        throw rule('TABLE.CREATOR_NOT_MEMBER', 'the institution creating a table must be one of its members');
      }
      return [event('table.created', command.data)];
    case 'AddMember':
      member(state, meta, 'add members');
      if (state.members.includes(command.data.member.institutionId)) return [];
      return [event('table.member-added', command.data)];
    case 'ConveneMeeting':
      member(state, meta, 'convene');
      if (state.meetings[command.data.meetingId]) throw rule('MEETING.ALREADY_EXISTS', `meeting ${command.data.meetingId} already exists`);
      return [event('table.meeting-convened', command.data)];
    case 'HoldMeeting': {
      member(state, meta, 'hold meetings');
      const meeting = state.meetings[command.data.meetingId];
      if (!meeting) throw notFound('MEETING.NOT_FOUND', `the table has no meeting ${command.data.meetingId}`);
      if (meeting.status !== 'convened') throw rule('MEETING.NOT_CONVENED', `meeting ${command.data.meetingId} is ${meeting.status}`);
      const outsiders = command.data.attendees.filter((a) => !state.members.includes(a.institutionId)).map((a) => a.institutionId);
      if (outsiders.length) throw forbidden('TABLE.NOT_A_MEMBER', `only members may attend; not members: ${[...new Set(outsiders)].join(', ')}`);
      notBefore(command.data.heldOn, meeting.date, 'DATES.BACKWARDS', 'the meeting would be held before the date it was convened for');
      return [event('table.meeting-held', command.data)];
    }
    case 'CancelMeeting': {
      member(state, meta, 'cancel meetings');
      const meeting = state.meetings[command.data.meetingId];
      if (!meeting) throw notFound('MEETING.NOT_FOUND', `the table has no meeting ${command.data.meetingId}`);
      if (meeting.status !== 'convened') throw rule('MEETING.NOT_CONVENED', `meeting ${command.data.meetingId} is ${meeting.status}`);
      return [event('table.meeting-cancelled', command.data)];
    }
    case 'RecordDecision':
      member(state, meta, 'decide');
      heldMeeting(state, command.data.meetingId);
      if (command.data.reorientsItinerary && state.level !== 'case') {
        throw rule('DECISION.REORIENT_NEEDS_CASE_TABLE', 'only a case table decision can reorient an itinerary');
      }
      return [event('table.decision-recorded', { ...command.data, kind: DECISION_KIND_OF_LEVEL[state.level!] })];
    case 'AddAction':
      member(state, meta, 'add follow-up actions');
      notBefore(command.data.dueOn, heldMeeting(state, command.data.meetingId).heldOn!, 'DATES.BACKWARDS', 'the action would be due before the meeting');
      if (!state.members.includes(command.data.ownerInstitution)) throw rule('ACTION.OWNER_NOT_MEMBER', `${command.data.ownerInstitution} is not a member of the table`);
      return [event('table.action-added', command.data)];
    case 'CompleteAction': {
      member(state, meta, 'complete actions');
      const action = state.actions[command.data.actionId];
      if (!action) throw notFound('ACTION.NOT_FOUND', `the table has no action ${command.data.actionId}`);
      if (action.status === 'done') throw rule('ACTION.ALREADY_DONE', `action ${command.data.actionId} is already done`);
      notBefore(command.data.completedOn, action.heldOn, 'DATES.BACKWARDS', 'the action would complete before the meeting that set it');
      return [event('table.action-completed', command.data)];
    }
  }
}
