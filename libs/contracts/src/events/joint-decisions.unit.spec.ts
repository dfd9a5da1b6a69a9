import { EVENT_CATALOGUE } from '../catalogue/catalogue';
import { validatePayload } from '../catalogue/validate-payload';
import { CompanySignatureBody, PersonSignatureBody, SocialServicesSignatureBody, StepChangeProposedV1 } from './case-work.events';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field).sort();
const evidence = { documentRef: 'doc-1', documentSha256: 'c'.repeat(64), method: 'handwritten', witnessedBy: 'tech-ana' };

describe('agreement signatures: shapes', () => {
  it('agreement.signed v1 reads as v2 marked legacy, and still validates (old events stay readable)', () => {
    const v1 = { agreementId: 'ag-1', companyInstitution: 'ei-solidaria', party: 'person', signedBy: 'person', signedOn: '2026-01-20' };
    expect(EVENT_CATALOGUE.latestVersion('agreement.signed')).toBe(2);
    const { schemaVersion, payload } = EVENT_CATALOGUE.upcast('agreement.signed', 1, v1);
    expect(schemaVersion).toBe(2);
    expect(payload).toEqual({ ...v1, legacy: true });
    expect(EVENT_CATALOGUE.validate('agreement.signed', 2, payload)).toEqual([]);
  });

  it("v2 requires the person's evidence (unless legacy)", () => {
    const person = { agreementId: 'ag-1', companyInstitution: 'ei-solidaria', party: 'person', signedBy: 'p-1', signedOn: '2026-01-20' };
    expect(fields(EVENT_CATALOGUE.validate('agreement.signed', 2, person))).toEqual(['evidence']);
    expect(EVENT_CATALOGUE.validate('agreement.signed', 2, { ...person, evidence })).toEqual([]);
    expect(EVENT_CATALOGUE.validate('agreement.signed', 2, { ...person, party: 'company', signedBy: 'x' })).toEqual([]);
  });

  it("the person's signature names every problem of its evidence", () => {
    const problems = validatePayload(PersonSignatureBody, { agreementId: 'ag 1', companyInstitution: 'ei-solidaria', signedOn: 'yesterday', evidence: { documentRef: '', documentSha256: 'abc', method: 'oral' } });
    expect(fields(problems)).toEqual(['agreementId', 'evidence.documentRef', 'evidence.documentSha256', 'evidence.method', 'evidence.witnessedBy', 'signedOn']);
    expect(problems.find((p) => p.field === 'evidence.documentSha256')!.problems.join()).toMatch(/SHA-256/);
    expect(fields(validatePayload(PersonSignatureBody, { agreementId: 'ag-1', companyInstitution: 'ei-solidaria', signedOn: '2026-01-20' }))).toEqual(['evidence']);
  });

  it('social services sign only for themselves: another party is refused with where it signs', () => {
    const problems = validatePayload(SocialServicesSignatureBody, { agreementId: 'ag-1', companyInstitution: 'ei-solidaria', party: 'company', signedBy: 'x', signedOn: '2026-01-20' });
    expect(fields(problems)).toEqual(['party']);
    expect(problems[0].problems.join()).toMatch(/company signs at its own service.*agreement-signatures\/person/);
    expect(validatePayload(SocialServicesSignatureBody, { agreementId: 'ag-1', companyInstitution: 'ei-solidaria', signedBy: 'x', signedOn: '2026-01-20' })).toEqual([]);
  });

  it("the company's body names no company (it signs for itself)", () =>
    expect(fields(validatePayload(CompanySignatureBody, { agreementId: 'ag-1', companyInstitution: 'ei-other', signedOn: 'soon' }))).toEqual(['companyInstitution', 'signedBy', 'signedOn']));
});

describe('a proposed step change: shape', () => {
  const base = { itineraryId: 'it-1', stepId: 's1', proposalId: 'ch-1', proposedOn: '2026-01-25', reason: 'later course' };
  it('names at least one field to change, each valid', () => {
    expect(validatePayload(StepChangeProposedV1, { ...base, change: { plannedStart: '2026-03-01' } })).toEqual([]);
    const empty = validatePayload(StepChangeProposedV1, { ...base, change: {} });
    expect(fields(empty)).toEqual(['change']);
    expect(empty[0].problems.join()).toMatch(/at least one of kind, plannedStart, plannedEnd, description/);
    expect(fields(validatePayload(StepChangeProposedV1, { ...base, reason: '', change: { kind: 'gardening', plannedEnd: 'May' } }))).toEqual(['change.kind', 'change.plannedEnd', 'reason']);
  });
});
