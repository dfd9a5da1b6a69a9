import { redactForReader, WITHHELD } from './redaction';

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
const opening = { type: 'case.opened', payload: { personId: 'p-1', municipality: 'Albacete', identity: { name: 'Ana' } } };
const everything = { identity: true, healthDetails: true, healthDimension: true };
const nothing = { identity: false, healthDetails: false, healthDimension: false };

describe('what a reader is shown of an event', () => {
  it('with everything disclosed (the owner, for case work), the whole event', () => {
    expect(redactForReader(diagnosis, everything)).toEqual(diagnosis);
    expect(redactForReader(opening, everything)).toEqual(opening);
  });

  it('without the health dimension (a company), a diagnosis reads as "job adaptation needed", never the health details', () => {
    const seen = redactForReader(diagnosis, nothing);
    expect(seen.payload).toEqual({ diagnosedOn: '2026-01-20', dimensionsAssessed: ['housing'], jobAdaptationNeeded: true, redacted: 'health details are kept by social services' });
    expect(JSON.stringify(seen)).not.toMatch(/back condition|"health"/);
  });

  it('another social-services participant sees the dimensions but not the health details', () => {
    const seen = redactForReader(diagnosis, { identity: false, healthDetails: false, healthDimension: true });
    expect(seen.payload.healthDetails).toEqual(WITHHELD);
    expect(seen.payload.dimensions).toHaveLength(2);
  });

  it('identity is withheld unless disclosed; other fields stay', () => {
    expect(redactForReader(opening, nothing).payload).toEqual({ personId: 'p-1', municipality: 'Albacete', identity: WITHHELD });
  });

  it('a field still encrypted (no key here) reads as protected', () => {
    const encrypted = { $enc: 'aes-256-gcm', person: 'p-1', iv: 'x', tag: 'y', data: 'z' };
    expect(redactForReader({ type: 'case.opened', payload: { personId: 'p-1', identity: encrypted } }, everything).payload.identity).toEqual({ $protected: true });
  });
});
