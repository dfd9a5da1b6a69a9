import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE } from './catalogue';
import { renderEventsDoc } from './events-doc';
import { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi';
import { EventCatalogue, UnknownEventTypeError } from './event-catalogue';

describe('the event catalogue', () => {
  it('upcasts a frozen case.opened v1 fixture to v2 without touching the input', () => {
    const v1 = Object.freeze({ personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1980 });
    const result = EVENT_CATALOGUE.upcast('case.opened', 1, v1);
    expect(result).toEqual({ schemaVersion: 2, payload: { ...v1, incidenceGroups: [] } });
    expect(v1).toEqual({ personId: 'p-0001', municipality: 'Albacete', gender: 'female', birthYear: 1980 });
    expect(EVENT_CATALOGUE.validate('case.opened', 2, result.payload)).toEqual([]);
  });

  it('leaves the newest version as it is', () => {
    const v2 = { personId: 'p-0002', municipality: 'Hellín', gender: 'male', birthYear: 1990, incidenceGroups: ['youth'] };
    expect(EVENT_CATALOGUE.upcast('case.opened', 2, v2)).toEqual({ schemaVersion: 2, payload: v2 });
  });

  it('knows the newest version of each type whatever order its versions were defined in, and no version of an unknown type', () => {
    class Payload {}
    const definition = (type: string, version: number) => ({ type, version, producer: 'any' as const, aggregate: 'case', description: `${type} v${version}`, payload: Payload });
    const catalogue = new EventCatalogue([definition('a.happened', 2), definition('a.happened', 3), definition('a.happened', 1), definition('b.happened', 1)]);
    expect(catalogue.latestVersion('a.happened')).toBe(3);
    expect(catalogue.latestVersion('b.happened')).toBe(1);
    expect(catalogue.latestVersion('c.happened')).toBeUndefined();
    expect(EVENT_CATALOGUE.latestVersion('case.opened')).toBe(2);
  });

  it('names every invalid field of a payload', () => {
    const problems = EVENT_CATALOGUE.validate('incident.reported', 1, { incidentId: '!!', placementId: 'pl-1', kind: 'boredom', severity: 'high', observedOn: '2026-01-01', description: 'x', extra: 1 });
    expect(problems.map((p) => p.field).sort()).toEqual(['extra', 'incidentId', 'kind']);
  });

  it('treats an unknown type or version as a problem, and get() throws a typed error', () => {
    expect(EVENT_CATALOGUE.validate('case.vanished', 1, {})).toEqual([{ field: 'type', problems: ['unknown event type case.vanished v1'] }]);
    expect(() => EVENT_CATALOGUE.get('case.opened', 9)).toThrow(UnknownEventTypeError);
  });

  it('refuses to define the same type and version twice', () => {
    const [definition] = EVENT_CATALOGUE.all();
    expect(() => new EventCatalogue([definition, definition])).toThrow(/defined twice/);
  });

  it('has an upcaster for every step between published versions', () => {
    for (const definition of EVENT_CATALOGUE.all().filter((d) => d.version > 1)) {
      expect(() => EVENT_CATALOGUE.upcast(definition.type, 1, {})).not.toThrow();
    }
  });

  it('docs/events.md is generated from the catalogue and current (npm run docs:events)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'events.md'), 'utf8');
    expect(committed).toBe(renderEventsDoc(EVENT_CATALOGUE));
  });

  it('docs/asyncapi.yaml is generated from the catalogue and current (npm run docs:events)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml'), 'utf8');
    expect(committed).toBe(renderAsyncApiYaml(buildAsyncApiDocument(EVENT_CATALOGUE)));
  });
});
