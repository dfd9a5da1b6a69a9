import { commandRoutes, parseCommandMessage } from './command-message';

const routes = commandRoutes('social-services');
const headers = { 'command-id': 'cmd-1', authorization: 'Bearer x.y.z' };
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('a command sent through Kafka', () => {
  it("takes the service's HTTP commands, by the domain map's names, and no reaction", () => {
    expect(routes.get('RecordDiagnosis')).toEqual({ type: 'RecordDiagnosis', method: 'POST', template: '/cases/:caseId/diagnosis', params: ['caseId'] });
    expect(routes.get('OpenCase')?.template).toBe('/cases');
    expect(routes.get('CompleteAction')?.template).toBe('/tables/:tableId/completed-actions');
    expect(routes.has('OpenIncidentFollowUp')).toBe(false);
    expect(routes.has('StartPlacement')).toBe(false);
    expect(commandRoutes('insertion-company').has('StartPlacement')).toBe(true);
  });

  it('given a well-formed command, routes it to its HTTP path with its parameters', () =>
    expect(parseCommandMessage(json({ type: 'RecordDiagnosis', version: 1, params: { caseId: 'case-1' }, body: { diagnosedOn: '2026-01-20' } }), headers, routes)).toMatchObject({
      ok: true,
      commandId: 'cmd-1',
      path: '/cases/case-1/diagnosis',
    }));

  it('names every problem of a message that is not a command', () => {
    const parsed = parseCommandMessage(json({ type: 'Nope', version: 2, body: 'x' }), {}, routes);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(/command-id/);
    expect(parsed.reason).toMatch(/authorization/);
    expect(parsed.reason).toMatch(/type must be one of/);
    expect(parsed.reason).toMatch(/version must be 1/);
    expect(parsed.reason).toMatch(/body must be a JSON object/);
  });

  it('refuses bad JSON, a missing or forged parameter and an oversized message', () => {
    expect(parseCommandMessage(Buffer.from('{not json'), headers, routes)).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/), commandId: 'cmd-1' });
    expect(parseCommandMessage(json({ type: 'RecordDiagnosis', version: 1, params: { caseId: '../x' }, body: {} }), headers, routes)).toMatchObject({ ok: false, reason: expect.stringMatching(/params.caseId/) });
    expect(parseCommandMessage(Buffer.alloc(200 * 1024, 32), headers, routes)).toMatchObject({ ok: false, reason: expect.stringMatching(/larger than/) });
  });
});
