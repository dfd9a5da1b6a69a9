import { EventEnvelope } from '@inclusion/contracts';
import type { CaseFacts } from '../case-facts';
import type { ProgrammeFacts } from '../programme-facts';
import type { ProgrammeReadModel } from '../scope';
import type { TableFacts } from '../table-facts';

/**
 * Builds network events for read-model tests: the envelope fields a projection reads, filled
 * deterministically (ids and recording times follow the order of creation).
 */
export class ScenarioBuilder {
  readonly events: EventEnvelope[] = [];
  private clock: number;

  constructor(start = '2026-01-01T08:00:00Z') {
    this.clock = Date.parse(start);
  }

  /** Sets the recording clock (ISO date-time); each event then advances it by one minute. */
  at(iso: string): this {
    this.clock = Date.parse(iso);
    return this;
  }

  add(type: string, institutionId: string, concerns: { caseId?: string; projectId?: string; programmeId?: string; streamId?: string }, payload: Record<string, unknown>): EventEnvelope {
    const n = this.events.length + 1;
    const recordedAt = new Date(this.clock).toISOString();
    this.clock += 60_000;
    const event: EventEnvelope = {
      eventId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      type,
      schemaVersion: type === 'case.opened' ? 2 : 1,
      streamId: concerns.streamId ?? concerns.caseId ?? concerns.programmeId ?? 'stream',
      streamVersion: n,
      globalPosition: n,
      institutionId,
      institutionSequence: n,
      actor: { userId: 'user', role: 'technician' },
      occurredAt: recordedAt,
      recordedAt,
      correlationId: `00000000-0000-7000-9000-${String(n).padStart(12, '0')}`,
      causationId: null,
      caseId: concerns.caseId ?? null,
      projectId: concerns.projectId ?? null,
      programmeId: concerns.programmeId ?? null,
      payload,
      metadata: {},
      previousHash: '',
      hash: '',
      signature: '',
    };
    this.events.push(event);
    return event;
  }
}

export interface AlbaceteFigures {
  people: number;
  trainedMen: number;
  trainedWomen: number;
  untrainedMen: number;
  untrainedWomen: number;
}

/** The figures the Albacete employment plan reports: 71 people, 47 trained (15 men, 32 women). */
export const ALBACETE_FIGURES: AlbaceteFigures = { people: 71, trainedMen: 15, trainedWomen: 32, untrainedMen: 10, untrainedWomen: 14 };

const INCIDENCE_GROUPS = [['long-term-unemployed'], ['minimum-income-recipient'], ['youth', 'migrant'], ['roma'], ['disability']];

/** The plan's people in order: trained men, trained women, then the others; one in seven trained drops out. */
export function albacetePeople(figures: AlbaceteFigures = ALBACETE_FIGURES) {
  return [
    ...Array.from({ length: figures.trainedMen }, () => ({ gender: 'male', trained: true })),
    ...Array.from({ length: figures.trainedWomen }, () => ({ gender: 'female', trained: true })),
    ...Array.from({ length: figures.untrainedMen }, () => ({ gender: 'male', trained: false })),
    ...Array.from({ length: figures.untrainedWomen }, () => ({ gender: 'female', trained: false })),
  ].map((person, i) => ({ ...person, index: i, birthYear: 1960 + (i % 45), incidenceGroups: INCIDENCE_GROUPS[i % INCIDENCE_GROUPS.length], dropsOut: person.trained && i % 7 === 6 }));
}

/**
 * The Albacete employment plan as the network records it, for `figures.people` people: each
 * case opened, diagnosed and enrolled; the trained ones enrolled in a course by the
 * employment office (one in seven drops out), placements with monthly follow-ups, a few
 * incidents, a programme table with one action.
 */
export function albaceteProgramme(figures: AlbaceteFigures = ALBACETE_FIGURES, programmeId = 'plan-empleo-albacete'): ScenarioBuilder {
  const b = new ScenarioBuilder('2026-01-10T08:00:00Z');
  const SS = 'ss-albacete', EO = 'eo-albacete', EI = 'ei-solidaria', RD = 'rd-albacete';
  const projectId = 'cohort-1';
  b.add('programme.created', RD, { programmeId }, { name: 'Plan de Empleo Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 });
  b.add('programme.project-added', RD, { programmeId, projectId }, { projectId, name: 'Cohort 1', runByInstitution: SS, line: 'employment' });
  b.add('table.created', RD, { programmeId, streamId: 'table-pt' }, { tableId: 'pt', level: 'programme', scopeId: programmeId, members: [SS, EO, EI, RD].map((institutionId) => ({ institutionId, people: ['coordinator'] })) });
  b.add('table.meeting-held', RD, { programmeId, streamId: 'table-pt' }, { meetingId: 'prep', heldOn: '2026-01-15', attendees: [{ institutionId: RD, person: 'rosa' }], minutes: 'Preparatory meeting' });
  b.add('table.action-added', RD, { programmeId, streamId: 'table-pt' }, { meetingId: 'prep', actionId: 'calendar', description: 'Publish the calendar', ownerInstitution: RD, dueOn: '2026-01-31' });

  albacetePeople(figures).forEach((person, i) => {
    const caseId = `case-${String(i + 1).padStart(3, '0')}`;
    b.at(`2026-01-${String(16 + (i % 10)).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00Z`);
    b.add('case.opened', SS, { caseId }, { personId: `p-${caseId}`, municipality: 'Albacete', gender: person.gender, birthYear: 1960 + (i % 45), incidenceGroups: person.incidenceGroups, openedOn: '2026-01-16' });
    b.add('case.reference-technician-assigned', SS, { caseId }, { technicianId: 'tech-ana' });
    b.add('case.diagnosis-recorded', SS, { caseId }, { diagnosedOn: i % 9 === 0 ? '2026-03-30' : '2026-01-25', dimensions: [{ dimension: 'employability', score: 6 + (i % 5), critical: i % 3 === 0 }, { dimension: 'income', score: 7, critical: true }], criticalFactors: i % 4 === 0 ? ['long-term unemployment'] : [] });
    b.add('programme.case-enrolled', RD, { programmeId, projectId, caseId }, { projectId, caseId, enrolledOn: '2026-01-26' });
    if (person.trained) {
      // The employment office takes part because social services gave it the training step.
      b.add('itinerary.designed', SS, { caseId }, { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: EO, plannedStart: '2026-02-10', plannedEnd: '2026-03-31' }] });
      b.add('training.enrolled', EO, { caseId, streamId: `employment-${caseId}` }, { trainingId: 'forklift', course: 'Forklift operator', hours: 60, startsOn: '2026-02-10' });
      if (person.dropsOut) b.add('training.dropped-out', EO, { caseId, streamId: `employment-${caseId}` }, { trainingId: 'forklift', droppedOn: '2026-02-25', reason: 'childcare' });
      else b.add('training.completed', EO, { caseId, streamId: `employment-${caseId}` }, { trainingId: 'forklift', completedOn: '2026-03-20', hoursAttended: 58 });
    }
  });
  return b;
}

/**
 * A programme whose people took different paths, for the funnel by path: two on a Plan de
 * Empleo (an employment-plan contract, hired by the municipal employment service: one hired
 * and finished, one waiting), three towards an insertion company (one trained, signed, placed
 * and hired in the ordinary market without the case being closed; one signed, not placed; one
 * with a single signature), three on training only (completed, dropped out, not started yet)
 * and one with no itinerary.
 */
export function pathsProgramme(programmeId = 'pg-paths'): ScenarioBuilder {
  const b = new ScenarioBuilder('2026-01-05T08:00:00Z');
  const SS = 'ss-a', EO = 'eo-a', EI = 'ei-a', RD = 'rd-a';
  const step = (stepId: string, kind: string, responsibleInstitution: string) => ({ stepId, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-06-30' });
  const employment = (caseId: string) => ({ caseId, streamId: `employment-${caseId}` });
  b.add('programme.created', RD, { programmeId }, { name: 'Paths', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 1 });
  const open = (caseId: string, steps: ReturnType<typeof step>[] | null) => {
    b.add('programme.case-enrolled', RD, { programmeId, caseId }, { projectId: 'pj', caseId, enrolledOn: '2026-01-05' });
    b.add('case.opened', SS, { caseId }, { personId: `p-${caseId}`, municipality: 'A', gender: 'female', birthYear: 1985, incidenceGroups: [], openedOn: '2026-01-05' });
    b.add('case.diagnosis-recorded', SS, { caseId }, { diagnosedOn: '2026-01-10', dimensions: [{ dimension: 'income', score: 5, critical: false }] });
    if (steps) b.add('itinerary.designed', SS, { caseId }, { itineraryId: `it-${caseId}`, steps });
  };
  const sign = (caseId: string, parties: string[]) => {
    for (const party of parties) b.add('agreement.signed', party === 'company' ? EI : SS, { caseId }, { agreementId: `ag-${caseId}`, companyInstitution: EI, party, signedBy: party, signedOn: '2026-01-20' });
  };

  open('plan-1', [step('plan', 'employment-plan-contract', EO)]);
  b.add('itinerary.step-started', EO, { caseId: 'plan-1' }, { itineraryId: 'it-plan-1', stepId: 'plan', startedOn: '2026-02-01' });
  b.add('contract.document-registered', EO, employment('plan-1'), { documentId: 'doc-plan-1', contractKind: 'employment-plan', employer: 'Ayuntamiento', registeredOn: '2026-02-01' });
  b.add('itinerary.closed', SS, { caseId: 'plan-1' }, { itineraryId: 'it-plan-1', closedOn: '2026-08-01', reason: 'plan completed' });
  b.add('case.closed', SS, { caseId: 'plan-1' }, { closedOn: '2026-08-01', outcome: 'itinerary-completed' });
  open('plan-2', [step('plan', 'employment-plan-contract', EO)]);

  open('ei-1', [step('training', 'training', EO), step('placement', 'insertion-company-placement', EI)]);
  b.add('training.enrolled', EO, employment('ei-1'), { trainingId: 'tr', course: 'Gardening', hours: 40, startsOn: '2026-01-25' });
  sign('ei-1', ['social-services', 'company', 'person']);
  b.add('placement.started', EI, { caseId: 'ei-1' }, { placementId: 'pl-ei-1', agreementId: 'ag-ei-1', contractStart: '2026-02-01', position: 'x', weeklyHours: 30, tutorId: 't' });
  b.add('placement.contract-ended', EI, { caseId: 'ei-1' }, { placementId: 'pl-ei-1', endedOn: '2026-06-30', reason: 'hired-ordinary-market' });
  open('ei-2', [step('placement', 'insertion-company-placement', EI)]);
  sign('ei-2', ['social-services', 'company', 'person']);
  open('ei-3', [step('placement', 'insertion-company-placement', EI)]);
  sign('ei-3', ['social-services']);

  open('tr-1', [step('training', 'training', EO)]);
  b.add('training.enrolled', EO, employment('tr-1'), { trainingId: 'tr', course: 'Forklift', hours: 60, startsOn: '2026-02-10' });
  b.add('training.completed', EO, employment('tr-1'), { trainingId: 'tr', completedOn: '2026-03-20', hoursAttended: 58 });
  open('tr-2', [step('training', 'training', EO)]);
  b.add('training.enrolled', EO, employment('tr-2'), { trainingId: 'tr', course: 'Forklift', hours: 60, startsOn: '2026-02-10' });
  b.add('training.dropped-out', EO, employment('tr-2'), { trainingId: 'tr', droppedOn: '2026-02-25', reason: 'childcare' });
  open('tr-3', [step('training', 'training', EO)]);

  open('none-1', null);
  return b;
}

/** A programme's read model from replayed projection documents (replay(events)), as the delegation's queries assemble it. */
export const modelOf = (documents: Map<string, Map<string, unknown>>, programmeId: string): ProgrammeReadModel => ({
  programme: documents.get('programme-facts')!.get(programmeId) as ProgrammeFacts,
  cases: [...documents.get('case-facts')!.values()] as CaseFacts[],
  tables: [...documents.get('table-facts')!.values()] as TableFacts[],
});
