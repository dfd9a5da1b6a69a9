import { ComplianceReport, DEFAULT_COMPLIANCE_PARAMETERS, withholdCases } from './compliance';

const report = (): ComplianceReport => ({
  scope: { programmeId: 'p' },
  asOf: '2026-12-31T00:00:00Z',
  parameters: DEFAULT_COMPLIANCE_PARAMETERS,
  rules: [
    {
      id: 'case.reference-technician' as ComplianceReport['rules'][number]['id'],
      definition: 'd',
      parameter: null,
      checked: 2,
      compliant: 0,
      byInstitution: [{ institutionId: 'ss-a', checked: 2, compliant: 0, offending: [{ caseId: 'c-hidden', subject: 'c-hidden', detail: 'x' }, { caseId: 'c-shown', subject: 'c-shown', detail: 'y' }] }],
    },
  ],
});

describe('compliance as a reader may see it', () => {
  it('counts the cases a consent withdrawal hides but does not name them', () => {
    const seen = withholdCases(report(), (caseId) => caseId === 'c-hidden');
    expect(seen.rules[0].checked).toBe(2);
    expect(seen.rules[0].byInstitution[0].offending).toEqual([
      { caseId: null, subject: 'withheld', detail: expect.stringMatching(/withdrew/) },
      { caseId: 'c-shown', subject: 'c-shown', detail: 'y' },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/c-hidden/);
  });
});
