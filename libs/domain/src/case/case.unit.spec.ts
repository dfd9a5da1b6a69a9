import { decideCase, decideStep } from './case.decide';
import { CaseCommand, StepCommand } from './case.commands';
import { evolveCase, initialCaseView } from './case-view';
import { StepKind } from '@inclusion/contracts';
import { meta, recorded, spec } from '../shared/given-when-then.testing';

const caseSpec = spec(evolveCase, initialCaseView, (c: CaseCommand, s, m) => decideCase(c, s, m));
const stepSpec = spec(evolveCase, initialCaseView, (c: StepCommand, s, m) => decideStep(c, s, m));

const opened = recorded({ type: 'case.opened', data: { personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['long-term-unemployed'] } });
const open = { personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: ['long-term-unemployed' as const] };
const step = (stepId: string, responsibleInstitution: string, kind: StepKind = 'training') => ({ stepId, kind, responsibleInstitution, plannedStart: '2026-02-01', plannedEnd: '2026-04-30' });
const designed = recorded({ type: 'itinerary.designed', data: { itineraryId: 'it-1', steps: [step('s1', 'eo-albacete'), step('s2', 'ei-solidaria', 'insertion-company-placement')] } });
const closed = recorded({ type: 'case.closed', data: { closedOn: '2026-05-01', outcome: 'dropped-out' } });
const followUp = recorded({ type: 'incident.follow-up-opened', data: { incidentId: 'inc-1', reportedByInstitution: 'ei-solidaria', kind: 'absenteeism', severity: 'medium' } });
const acknowledged = recorded({ type: 'incident.acknowledged', data: { incidentId: 'inc-1', acknowledgedOn: '2026-03-03' } });

describe('a case (social services)', () => {
  describe('opening', () => {
    it('opens a case for a person', () => caseSpec.given().when({ type: 'OpenCase', data: open }).then({ type: 'case.opened', data: open }));

    it('refuses a second open case for the same person in the same municipality', () =>
      caseSpec.given().when({ type: 'OpenCase', data: open, knownOpenCaseOfPerson: 'case-7' }).thenRejects('CASE.PERSON_ALREADY_OPEN', /case-7.*Albacete/));

    it('refuses to open a case id twice', () => caseSpec.given(opened).when({ type: 'OpenCase', data: open }).thenRejects('CASE.ALREADY_EXISTS'));
  });

  describe('diagnosis, accreditation, technician', () => {
    it('records a diagnosis', () => {
      const data = { diagnosedOn: '2026-01-15', dimensions: [{ dimension: 'housing', score: 7, critical: true }] };
      caseSpec.given(opened).when({ type: 'RecordDiagnosis', data }).then({ type: 'case.diagnosis-recorded', data });
    });

    it('refuses an accreditation whose validity ends before it starts (dates cannot go backwards)', () =>
      caseSpec.given(opened).when({ type: 'AccreditExclusion', data: { validFrom: '2026-03-01', validUntil: '2026-01-01', basis: 'report' } }).thenRejects('DATES.BACKWARDS'));

    it('assigning the technician already assigned changes nothing', () =>
      caseSpec
        .given(opened, recorded({ type: 'case.reference-technician-assigned', data: { technicianId: 'tech-ana' } }))
        .when({ type: 'AssignReferenceTechnician', data: { technicianId: 'tech-ana' } })
        .thenNothing());

    it('refuses work on an unknown case', () =>
      caseSpec.given().when({ type: 'AssignReferenceTechnician', data: { technicianId: 'tech-ana' } }).thenRejects('CASE.NOT_FOUND'));
  });

  describe('itinerary', () => {
    it('designs an itinerary with ordered steps', () => {
      const data = { itineraryId: 'it-1', steps: [step('s1', 'eo-albacete')] };
      caseSpec.given(opened).when({ type: 'DesignItinerary', data }).then({ type: 'itinerary.designed', data });
    });

    it('refuses a step that ends before it starts', () =>
      caseSpec.given(opened).when({ type: 'DesignItinerary', data: { itineraryId: 'it-1', steps: [{ ...step('s1', 'x'), plannedEnd: '2026-01-01' }] } }).thenRejects('DATES.BACKWARDS'));

    it('a closed case accepts no new steps', () =>
      caseSpec.given(opened, designed, closed).when({ type: 'ReorientItinerary', data: { itineraryId: 'it-1', reason: 'r', steps: [step('s3', 'x')] } }).thenRejects('CASE.CLOSED'));

    it('a closed itinerary accepts no new steps', () =>
      caseSpec
        .given(opened, designed, recorded({ type: 'itinerary.closed', data: { itineraryId: 'it-1', closedOn: '2026-04-01', reason: 'done' } }))
        .when({ type: 'ReorientItinerary', data: { itineraryId: 'it-1', reason: 'r', steps: [step('s3', 'x')] } })
        .thenRejects('ITINERARY.CLOSED'));

    it('reorientation keeps started steps and refuses to reuse their ids', () =>
      caseSpec
        .given(opened, designed, recorded({ type: 'itinerary.step-started', data: { itineraryId: 'it-1', stepId: 's1', startedOn: '2026-02-01' } }, 'eo-albacete'))
        .when({ type: 'ReorientItinerary', data: { itineraryId: 'it-1', reason: 'r', steps: [step('s1', 'x')] } })
        .thenRejects('ITINERARY.DUPLICATE_STEP'));
  });

  describe('insertion agreement: social services sign for themselves and record the person\'s signature with its evidence', () => {
    const agreement = { agreementId: 'ag-1', companyInstitution: 'ei-solidaria' };
    const evidence = { documentRef: 'doc-77', documentSha256: 'a'.repeat(64), method: 'handwritten', witnessedBy: 'tech-ana' };
    const ssSigned = recorded({ type: 'agreement.signed', data: { ...agreement, party: 'social-services', signedBy: 'tech-ana', signedOn: '2026-01-20' } });

    it('social services sign for themselves, naming the company', () =>
      caseSpec
        .given(opened)
        .when({ type: 'SignAgreement', data: { ...agreement, signedBy: 'tech-ana', signedOn: '2026-01-20' } })
        .then({ type: 'agreement.signed', data: { ...agreement, party: 'social-services', signedBy: 'tech-ana', signedOn: '2026-01-20' } }));

    it("records the person's signature with its evidence, signed by the person's pseudonymous id", () =>
      caseSpec
        .given(opened, ssSigned)
        .when({ type: 'RecordPersonSignature', data: { ...agreement, signedOn: '2026-01-21', evidence } })
        .then({ type: 'agreement.signed', data: { ...agreement, party: 'person', signedBy: 'p-0001', signedOn: '2026-01-21', evidence } }));

    it('refuses a party signing twice', () => {
      caseSpec.given(opened, ssSigned).when({ type: 'SignAgreement', data: { ...agreement, signedBy: 'coord-luz', signedOn: '2026-01-22' } }).thenRejects('AGREEMENT.ALREADY_SIGNED');
      const personSigned = recorded({ type: 'agreement.signed', data: { ...agreement, party: 'person', signedBy: 'p-0001', signedOn: '2026-01-21', evidence } });
      caseSpec.given(opened, personSigned).when({ type: 'RecordPersonSignature', data: { ...agreement, signedOn: '2026-01-22', evidence } }).thenRejects('AGREEMENT.ALREADY_SIGNED');
    });

    it('refuses a signature of the agreement naming another company', () =>
      caseSpec.given(opened, ssSigned).when({ type: 'RecordPersonSignature', data: { ...agreement, companyInstitution: 'ei-other', signedOn: '2026-01-21', evidence } }).thenRejects('AGREEMENT.OTHER_COMPANY', /ei-solidaria/));

    it("refuses the person's signature dated before the case was opened, and any signature on a closed or unknown case", () => {
      caseSpec.given(recorded({ type: 'case.opened', data: { ...open, openedOn: '2026-01-10' } })).when({ type: 'RecordPersonSignature', data: { ...agreement, signedOn: '2025-12-01', evidence } }).thenRejects('DATES.BACKWARDS');
      caseSpec.given(opened, closed).when({ type: 'SignAgreement', data: { ...agreement, signedBy: 'tech-ana', signedOn: '2026-05-02' } }).thenRejects('CASE.CLOSED');
      caseSpec.given().when({ type: 'SignAgreement', data: { ...agreement, signedBy: 'tech-ana', signedOn: '2026-05-02' } }).thenRejects('CASE.NOT_FOUND', undefined, 'not-found');
    });
  });

  describe('incidents', () => {
    it('opens a follow-up item for the reference technician when a company reports an incident', () =>
      caseSpec
        .given(opened, recorded({ type: 'case.reference-technician-assigned', data: { technicianId: 'tech-ana' } }))
        .when({ type: 'OpenIncidentFollowUp', data: { incidentId: 'inc-1', reportedByInstitution: 'ei-solidaria', kind: 'absenteeism', severity: 'medium' } })
        .then({ type: 'incident.follow-up-opened', data: { incidentId: 'inc-1', reportedByInstitution: 'ei-solidaria', kind: 'absenteeism', severity: 'medium', referenceTechnician: 'tech-ana' } }));

    it('a redelivered report opens nothing new', () =>
      caseSpec.given(opened, followUp).when({ type: 'OpenIncidentFollowUp', data: { incidentId: 'inc-1', reportedByInstitution: 'ei-solidaria', kind: 'absenteeism', severity: 'medium' } }).thenNothing());

    it('an incident can be resolved only after it was acknowledged', () =>
      caseSpec.given(opened, followUp).when({ type: 'ResolveIncident', data: { incidentId: 'inc-1', resolvedOn: '2026-03-05', resolution: 'talk' } }).thenRejects('INCIDENT.NOT_ACKNOWLEDGED'));

    it('resolves an acknowledged incident', () => {
      const data = { incidentId: 'inc-1', resolvedOn: '2026-03-05', resolution: 'schedule adapted' };
      caseSpec.given(opened, followUp, acknowledged).when({ type: 'ResolveIncident', data }).then({ type: 'incident.resolved', data });
    });

    it('refuses a resolution dated before the acknowledgement', () =>
      caseSpec.given(opened, followUp, acknowledged).when({ type: 'ResolveIncident', data: { incidentId: 'inc-1', resolvedOn: '2026-03-01', resolution: 'x' } }).thenRejects('DATES.BACKWARDS'));
  });

  describe('consent', () => {
    const consent = { institutionId: 'eo-albacete', purpose: 'follow-up', on: '2026-02-01' };
    it('records a withdrawal once', () => {
      caseSpec.given(opened).when({ type: 'WithdrawConsent', data: consent }).then({ type: 'consent.withdrawn', data: consent });
      caseSpec.given(opened, recorded({ type: 'consent.withdrawn', data: consent })).when({ type: 'WithdrawConsent', data: consent }).thenNothing();
    });
  });

  describe('closing', () => {
    it('closes an open case with an outcome', () => {
      const data = { closedOn: '2026-06-01', outcome: 'ordinary-labour-market' };
      caseSpec.given(opened).when({ type: 'CloseCase', data }).then({ type: 'case.closed', data });
    });
    it('refuses to close twice', () => caseSpec.given(opened, closed).when({ type: 'CloseCase', data: { closedOn: '2026-06-01', outcome: 'other' } }).thenRejects('CASE.CLOSED'));
  });
});

describe('itinerary steps (recorded by the responsible institution)', () => {
  const started = recorded({ type: 'itinerary.step-started', data: { itineraryId: 'it-1', stepId: 's1', startedOn: '2026-02-03' } }, 'eo-albacete');

  it('the responsible institution starts its step', () =>
    stepSpec.given(opened, designed).when({ type: 'StartStep', data: { itineraryId: 'it-1', stepId: 's1', startedOn: '2026-02-03' } }, meta('eo-albacete')).then({
      type: 'itinerary.step-started',
      data: { itineraryId: 'it-1', stepId: 's1', startedOn: '2026-02-03' },
    }));

  it('another institution may not start or complete it', () => {
    stepSpec.given(opened, designed).when({ type: 'StartStep', data: { itineraryId: 'it-1', stepId: 's1', startedOn: '2026-02-03' } }, meta('ei-solidaria')).thenRejects('STEP.NOT_RESPONSIBLE', /responsibility of eo-albacete/, 'forbidden');
    stepSpec.given(opened, designed, started).when({ type: 'CompleteStep', data: { itineraryId: 'it-1', stepId: 's1', completedOn: '2026-04-30', result: 'achieved' } }, meta('ei-solidaria')).thenRejects('STEP.NOT_RESPONSIBLE');
  });

  it('a step can complete only after it started', () =>
    stepSpec.given(opened, designed).when({ type: 'CompleteStep', data: { itineraryId: 'it-1', stepId: 's1', completedOn: '2026-04-30', result: 'achieved' } }, meta('eo-albacete')).thenRejects('STEP.NOT_STARTED'));

  it('a step cannot complete before the date it started', () =>
    stepSpec.given(opened, designed, started).when({ type: 'CompleteStep', data: { itineraryId: 'it-1', stepId: 's1', completedOn: '2026-02-01', result: 'achieved' } }, meta('eo-albacete')).thenRejects('DATES.BACKWARDS'));

  it('completes a started step', () =>
    stepSpec.given(opened, designed, started).when({ type: 'CompleteStep', data: { itineraryId: 'it-1', stepId: 's1', completedOn: '2026-04-30', result: 'achieved' } }, meta('eo-albacete')).then({
      type: 'itinerary.step-completed',
      data: { itineraryId: 'it-1', stepId: 's1', completedOn: '2026-04-30', result: 'achieved' },
    }));

  it('a closed case accepts no step start', () =>
    stepSpec.given(opened, designed, closed).when({ type: 'StartStep', data: { itineraryId: 'it-1', stepId: 's1', startedOn: '2026-05-03' } }, meta('eo-albacete')).thenRejects('CASE.CLOSED'));
});
