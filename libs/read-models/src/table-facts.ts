import { tableIdOfStream } from '@inclusion/domain';
import { EventEnvelope } from '@inclusion/contracts';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A coordination table (programme, project or case level): its meetings and follow-up actions. */
export interface TableFacts {
  tableId: string;
  level?: 'programme' | 'project' | 'case';
  scopeId?: string;
  /** The institution that keeps the table. */
  keptBy?: string;
  members: string[];
  meetings: Record<string, { convenedFor?: string; heldOn?: string; cancelled?: boolean }>;
  actions: Record<string, { ownerInstitution: string; dueOn: string; completedOn?: string }>;
  decisions: number;
}

export const initialTableFacts = (tableId: string): TableFacts => ({ tableId, members: [], meetings: {}, actions: {}, decisions: 0 });

/** The table an event is about (table events carry their table id in the payload or stream). */
export function tableOf(event: EventEnvelope): string | null {
  if (!event.type.startsWith('table.')) return null;
  return ((event.payload as D).tableId as string | undefined) ?? tableIdOfStream(event.streamId);
}

export function evolveTableFacts(facts: TableFacts, event: EventEnvelope): TableFacts {
  const d = event.payload as D;
  switch (event.type) {
    case 'table.created':
      return { ...facts, level: d.level, scopeId: d.scopeId, keptBy: event.institutionId, members: d.members.map((m: D) => m.institutionId).sort() };
    case 'table.member-added':
      return { ...facts, members: [...new Set([...facts.members, d.member.institutionId])].sort() };
    case 'table.meeting-convened':
      return { ...facts, meetings: { ...facts.meetings, [d.meetingId]: { ...facts.meetings[d.meetingId], convenedFor: d.date } } };
    case 'table.meeting-held':
      return { ...facts, meetings: { ...facts.meetings, [d.meetingId]: { ...facts.meetings[d.meetingId], heldOn: d.heldOn } } };
    case 'table.meeting-cancelled':
      return { ...facts, meetings: { ...facts.meetings, [d.meetingId]: { ...facts.meetings[d.meetingId], cancelled: true } } };
    case 'table.decision-recorded':
      return { ...facts, decisions: facts.decisions + 1 };
    case 'table.action-added':
      return { ...facts, actions: { ...facts.actions, [d.actionId]: { ownerInstitution: d.ownerInstitution, dueOn: d.dueOn } } };
    case 'table.action-completed':
      return facts.actions[d.actionId] ? { ...facts, actions: { ...facts.actions, [d.actionId]: { ...facts.actions[d.actionId], completedOn: d.completedOn } } } : facts;
    default:
      return facts;
  }
}

/** A follow-up action as the reports see it. */
interface ActionDates {
  dueOn: string;
  completedOn?: string;
}

/** The one definition of an overdue table action: its due date has passed (as of a time) and it is not completed. */
export const actionOverdue = (action: ActionDates, asOf: string): boolean => !action.completedOn && action.dueOn < asOf.slice(0, 10);

/** Completed by its due date. */
export const actionCompletedOnTime = (action: ActionDates): boolean => action.completedOn !== undefined && action.completedOn <= action.dueOn;
