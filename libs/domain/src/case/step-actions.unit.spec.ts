import { EVENT_CATALOGUE, lineOfStepKind, STEP_KINDS, StepKind } from '@inclusion/contracts';
import { decideCase, decideStep } from './case.decide';
import { CaseCommand, StepCommand } from './case.commands';
import { evolveCase, initialCaseView } from './case-view';
import { fold } from '../shared/decider';
import { meta, recorded, spec } from '../shared/given-when-then.testing';

/**
 * Itinerary actions beyond employment (seeds/000, the Toledo plan's objectives): housing,
 * schooling and school absenteeism, health resources, regularisation of immigrants,
 * socio-family mediation. They are itinerary steps like the employment ones, each with its
 * responsible institution, which records its result; each kind counts in one line.
 */
const caseSpec = spec(evolveCase, initialCaseView, (c: CaseCommand, s, m) => decideCase(c, s, m));
const stepSpec = spec(evolveCase, initialCaseView, (c: StepCommand, s, m) => decideStep(c, s, m));

const NGO = 'accem-albacete'; // a third-sector entity (regularisation, intercultural integration)
const opened = recorded({ type: 'case.opened', data: { personId: 'p-1', municipality: 'Albacete', gender: 'female', birthYear: 1990, incidenceGroups: ['migrant'] } });
const step = (stepId: string, kind: StepKind, responsibleInstitution: string) => ({ stepId, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-06-30' });
const steps = [step('papers', 'regularisation', NGO), step('school', 'school-absenteeism', 'ss-albacete'), step('home', 'housing-access', 'ss-albacete')];
const designed = recorded({ type: 'itinerary.designed', data: { itineraryId: 'it-1', steps } });
const started = recorded({ type: 'itinerary.step-started', data: { itineraryId: 'it-1', stepId: 'papers', startedOn: '2026-02-10' } }, NGO);
const complete = (result: string) => ({ type: 'CompleteStep' as const, data: { itineraryId: 'it-1', stepId: 'papers', completedOn: '2026-05-10', result: result as 'achieved' } });

describe('itinerary actions beyond employment', () => {
  it('every step kind counts in one of the six lines of intervention', () => {
    expect(STEP_KINDS.map(lineOfStepKind).filter((line) => line === 'unknown')).toEqual([]);
    expect(new Set(STEP_KINDS.map(lineOfStepKind))).toEqual(new Set(['employment', 'housing', 'education-and-youth', 'intercultural-coexistence-and-participation', 'socio-family-mediation', 'health']));
    expect(lineOfStepKind('no-such-kind')).toBe('unknown');
  });

  it('given an opened case, when social services design an itinerary of housing, schooling and regularisation actions, then it is designed with each responsible institution', () =>
    caseSpec.given(opened).when({ type: 'DesignItinerary', data: { itineraryId: 'it-1', steps } }).then({ type: 'itinerary.designed', data: { itineraryId: 'it-1', steps } }));

  it('the case view shows each step with its line', () => {
    const view = fold(evolveCase, initialCaseView(), [opened, designed]);
    expect(view.itinerary!.steps.map((s) => [s.stepId, s.line, s.responsibleInstitution])).toEqual([
      ['papers', 'intercultural-coexistence-and-participation', NGO],
      ['school', 'education-and-youth', 'ss-albacete'],
      ['home', 'housing', 'ss-albacete'],
    ]);
  });

  it('given a started regularisation step, when its responsible institution completes it with a result, then the completion carries the result', () =>
    stepSpec.given(opened, designed, started).when(complete('partly-achieved'), meta(NGO)).then({
      type: 'itinerary.step-completed',
      data: { itineraryId: 'it-1', stepId: 'papers', completedOn: '2026-05-10', result: 'partly-achieved' },
    }));

  it('given a started step, when another institution (even the case owner) completes it, then STEP.NOT_RESPONSIBLE', () =>
    stepSpec.given(opened, designed, started).when(complete('achieved'), meta('ss-albacete')).thenRejects('STEP.NOT_RESPONSIBLE', /responsibility of accem-albacete/, 'forbidden'));

  it('given a step of the owner itself (socio-family work), when social services start and complete it, then they record its result', () => {
    const schoolStarted = recorded({ type: 'itinerary.step-started', data: { itineraryId: 'it-1', stepId: 'school', startedOn: '2026-02-03' } });
    stepSpec.given(opened, designed, schoolStarted).when({ type: 'CompleteStep', data: { itineraryId: 'it-1', stepId: 'school', completedOn: '2026-06-20', result: 'achieved', outcome: 'attends school regularly' } }).then({
      type: 'itinerary.step-completed',
      data: { itineraryId: 'it-1', stepId: 'school', completedOn: '2026-06-20', result: 'achieved', outcome: 'attends school regularly' },
    });
  });

  it('the result reaches the case view only from the responsible institution', () => {
    const byNgo = recorded({ type: 'itinerary.step-completed', data: { itineraryId: 'it-1', stepId: 'papers', completedOn: '2026-05-10', result: 'achieved' } }, NGO);
    const byOther = recorded({ type: 'itinerary.step-completed', data: { itineraryId: 'it-1', stepId: 'papers', completedOn: '2026-05-10', result: 'not-achieved' } }, 'eo-albacete');
    const papers = (events: ReturnType<typeof recorded>[]) => fold(evolveCase, initialCaseView(), events).itinerary!.steps.find((s) => s.stepId === 'papers')!;
    expect(papers([opened, designed, started, byOther])).toMatchObject({ status: 'started' });
    expect(papers([opened, designed, started, byOther]).result).toBeUndefined();
    expect(papers([opened, designed, started, byNgo])).toMatchObject({ status: 'completed', completedOn: '2026-05-10', result: 'achieved' });
  });

  it('itinerary.step-completed v2 requires a result; a v1 completion is read as legacy, without one', () => {
    const base = { itineraryId: 'it-1', stepId: 's1', completedOn: '2026-05-10' };
    expect(EVENT_CATALOGUE.latestVersion('itinerary.step-completed')).toBe(2);
    expect(EVENT_CATALOGUE.validate('itinerary.step-completed', 2, base).map((p) => p.field)).toEqual(['result']);
    expect(EVENT_CATALOGUE.validate('itinerary.step-completed', 2, { ...base, result: 'maybe' }).map((p) => p.field)).toEqual(['result']);
    expect(EVENT_CATALOGUE.validate('itinerary.step-completed', 2, { ...base, result: 'not-achieved' })).toEqual([]);
    const { schemaVersion, payload } = EVENT_CATALOGUE.upcast('itinerary.step-completed', 1, { ...base, outcome: 'done' });
    expect(schemaVersion).toBe(2);
    expect(payload).toEqual({ ...base, outcome: 'done', legacy: true });
    expect(EVENT_CATALOGUE.validate('itinerary.step-completed', 2, payload)).toEqual([]);
  });
});
