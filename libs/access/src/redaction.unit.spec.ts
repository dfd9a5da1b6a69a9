import { redactForReader } from './redaction';

const diagnosis = {
  type: 'case.diagnosis-recorded',
  payload: {
    diagnosedOn: '2026-01-20',
    dimensions: [
      { dimension: 'health', score: 8, critical: true },
      { dimension: 'housing', score: 5, critical: false },
    ],
    healthDetails: 'chronic back condition',
  },
};

describe('what each institution kind sees of an event', () => {
  it('social services see the whole diagnosis', () => {
    expect(redactForReader(diagnosis, 'social-services')).toBe(diagnosis);
  });

  it('a company sees that a job adaptation is needed, never the health details', () => {
    const seen = redactForReader(diagnosis, 'insertion-company');
    expect(seen.payload).toEqual({ diagnosedOn: '2026-01-20', dimensionsAssessed: ['housing'], jobAdaptationNeeded: true, redacted: 'health details are kept by social services' });
    expect(JSON.stringify(seen)).not.toMatch(/back condition|"health"/);
  });

  it('leaves other events as they are', () => {
    const event = { type: 'case.opened', payload: { personId: 'p-1' } };
    expect(redactForReader(event, 'employment-office')).toBe(event);
  });
});
