import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { ImportLineError, parseImportLine } from './bulk-import';

describe('a bulk import line', () => {
  const opened = { streamId: 'case-1', type: 'case.opened', schemaVersion: 2, caseId: '1', payload: { personId: 'person-1', municipality: 'Albacete', gender: 'female', birthYear: 1985, incidenceGroups: [] } };

  it('given a catalogue event with its stream, reads it as the event to append (occurredAt and actor kept)', () => {
    const parsed = parseImportLine(JSON.stringify({ ...opened, occurredAt: '2019-03-01T09:00:00Z', actor: { userId: 'legacy', role: 'technician' } }), 7, EVENT_CATALOGUE);
    expect(parsed).toEqual({
      streamId: 'case-1',
      event: { type: 'case.opened', schemaVersion: 2, payload: opened.payload, occurredAt: '2019-03-01T09:00:00Z', caseId: '1', projectId: null, programmeId: null, personId: null, metadata: undefined },
      actor: { userId: 'legacy', role: 'technician' },
      correlationId: undefined,
    });
  });

  it('names the line and every problem: unknown type, bad payload, date, actor, correlation id', () => {
    const unknown = parseImportLine(JSON.stringify({ ...opened, type: 'case.invented' }), 3, EVENT_CATALOGUE) as ImportLineError;
    expect(unknown).toBeInstanceOf(ImportLineError);
    expect(unknown.message).toBe('line 3: case.invented v2 is not an event type of the catalogue');

    const bad = parseImportLine(JSON.stringify({ ...opened, streamId: '', payload: { ...opened.payload, birthYear: 'old' }, occurredAt: 'yesterday', actor: { userId: 'x', role: 'boss' }, correlationId: 'c-1' }), 9, EVENT_CATALOGUE) as ImportLineError;
    expect(bad.line).toBe(9);
    expect(bad.problems).toEqual([
      'streamId must be a non-empty string',
      expect.stringMatching(/^payload\.birthYear: /),
      'occurredAt must be an ISO date-time',
      'correlationId must be a UUID',
      'actor must be { userId, role } with role one of technician, tutor, coordinator, supervisor, system',
    ]);
  });

  it('refuses text that is not a JSON object', () => {
    expect((parseImportLine('{"streamId":', 1, EVENT_CATALOGUE) as ImportLineError).message).toMatch(/^line 1: not JSON/);
    expect((parseImportLine('[1]', 2, EVENT_CATALOGUE) as ImportLineError).problems).toEqual(['not a JSON object']);
  });
});
