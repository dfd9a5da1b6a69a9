import { evolveCase, initialCaseView } from '../case/case-view';
import { fold } from '../shared/decider';
import { meta, recorded, spec } from '../shared/given-when-then.testing';
import { decidePlacement, evolvePlacement, initialPlacement, PlacementCommand } from './placement';

const opened = recorded({ type: 'case.opened', data: { personId: 'p-0001', municipality: 'Albacete', gender: 'male', birthYear: 1990, incidenceGroups: [] } });
const accredited = recorded({ type: 'case.exclusion-accredited', data: { validFrom: '2026-01-01', validUntil: '2026-12-31', basis: 'report' } });
// Each party signs in its own log: social services (and the person's signature, with its evidence) on the case, the company at its own service.
const signed = (party: string, companyInstitution = 'ei-solidaria') =>
  recorded(
    { type: 'agreement.signed', data: { agreementId: 'ag-1', companyInstitution, party, signedBy: party, signedOn: '2026-01-20' } },
    party === 'company' ? companyInstitution : 'ss-albacete',
  );
const allSigned = [signed('social-services'), signed('company'), signed('person')];

const start = { placementId: 'pl-1', agreementId: 'ag-1', contractStart: '2026-02-01', position: 'gardening assistant', weeklyHours: 30, tutorId: 'tutor-luis' };
const company = meta('ei-solidaria');

/** The company decides with what social services recorded and it received: the case view. */
const placementSpec = (...caseHistory: ReturnType<typeof recorded>[]) =>
  spec(evolvePlacement, initialPlacement, (c: PlacementCommand, s, m) => decidePlacement(c, s, fold(evolveCase, initialCaseView(), caseHistory), m));

const started = recorded({ type: 'placement.started', data: start }, 'ei-solidaria');

describe('a placement (insertion company)', () => {
  it('starts under a valid accreditation and a fully signed agreement with this company', () =>
    placementSpec(opened, accredited, ...allSigned).given().when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, company).then({ type: 'placement.started', data: start }));

  it('needs an accreditation', () =>
    placementSpec(opened, ...allSigned).given().when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, company).thenRejects('PLACEMENT.NO_ACCREDITATION'));

  it('needs the accreditation to be valid on the contract start', () =>
    placementSpec(opened, accredited, ...allSigned).given().when({ type: 'StartPlacement', data: { ...start, contractStart: '2027-01-15' }, caseId: 'case-1' }, company).thenRejects('PLACEMENT.ACCREDITATION_NOT_VALID'));

  it('needs all three signatures', () =>
    placementSpec(opened, accredited, signed('social-services'), signed('company'))
      .given()
      .when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, company)
      .thenRejects('PLACEMENT.AGREEMENT_NOT_SIGNED', /signed by social-services, company/));

  it('needs the agreement to be with this company', () =>
    placementSpec(opened, accredited, ...allSigned).given().when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, meta('ei-other')).thenRejects('PLACEMENT.NO_AGREEMENT'));

  it('cannot start for a case the company never heard of', () =>
    placementSpec().given().when({ type: 'StartPlacement', data: start, caseId: 'case-1' }, company).thenRejects('CASE.NOT_FOUND', undefined, 'not-found'));

  it('reports an incident during the contract', () => {
    const data = { incidentId: 'inc-1', placementId: 'pl-1', kind: 'absenteeism' as const, severity: 'medium', observedOn: '2026-03-02', description: 'absent' };
    placementSpec().given(started).when({ type: 'ReportIncident', data }, company).then({ type: 'incident.reported', data });
  });

  it('refuses an incident observed before the contract started (dates cannot go backwards)', () =>
    placementSpec()
      .given(started)
      .when({ type: 'ReportIncident', data: { incidentId: 'inc-1', placementId: 'pl-1', kind: 'other', severity: 'low', observedOn: '2026-01-02', description: 'x' } }, company)
      .thenRejects('DATES.BACKWARDS'));

  it('refuses a follow-up meeting dated before the previous one', () => {
    const scores = { punctuality: 3, teamwork: 4, taskPerformance: 3, autonomy: 2 };
    const first = recorded({ type: 'placement.follow-up-meeting-held', data: { placementId: 'pl-1', meetingId: 'm1', heldOn: '2026-03-01', tutorId: 'tutor-luis', notes: 'ok', scores } }, 'ei-solidaria');
    placementSpec()
      .given(started, first)
      .when({ type: 'HoldFollowUpMeeting', data: { placementId: 'pl-1', meetingId: 'm2', heldOn: '2026-02-15', tutorId: 'tutor-luis', notes: 'x', scores } }, company)
      .thenRejects('DATES.BACKWARDS');
  });

  it('ends the contract, after which no incident can be reported', () => {
    const ended = recorded({ type: 'placement.contract-ended', data: { placementId: 'pl-1', endedOn: '2026-07-31', reason: 'term-completed' } }, 'ei-solidaria');
    placementSpec()
      .given(started, ended)
      .when({ type: 'ReportIncident', data: { incidentId: 'inc-9', placementId: 'pl-1', kind: 'other', severity: 'low', observedOn: '2026-08-02', description: 'x' } }, company)
      .thenRejects('PLACEMENT.ENDED');
  });

  it('records one final evaluation', () => {
    const data = { placementId: 'pl-1', evaluatedOn: '2026-07-20', scores: { punctuality: 4, teamwork: 4, taskPerformance: 4, autonomy: 3 }, recommendation: 'ordinary-labour-market', summary: 'ready' };
    placementSpec().given(started).when({ type: 'RecordFinalEvaluation', data }, company).then({ type: 'placement.final-evaluation-recorded', data });
    placementSpec().given(started, recorded({ type: 'placement.final-evaluation-recorded', data }, 'ei-solidaria')).when({ type: 'RecordFinalEvaluation', data }, company).thenRejects('PLACEMENT.ALREADY_EVALUATED');
  });
});
