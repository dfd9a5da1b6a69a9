import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import SwaggerParser = require('@apidevtools/swagger-parser');
import { OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_SERVICES, openApiDocumentOf, renderOpenApiJson } from '../../scripts/openapi-documents';
import { clientTypesOf } from '../../scripts/generate-openapi';

const ROOT = join(__dirname, '..', '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: unknown[];
};
const operationsOf = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((method) => ({ path, method, operation: (item as Record<string, Operation>)[method] })),
  );
const schemaOf = (document: OpenAPIObject, ref: string) => (document.components!.schemas as Record<string, { type?: string; properties?: object; required?: string[] }>)[ref.replace('#/components/schemas/', '')];

describe.each(OPENAPI_SERVICES.map((s) => s.name))('the OpenAPI document of %s', (service) => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await openApiDocumentOf(service);
  });

  it('is valid OpenAPI 3 (@apidevtools/swagger-parser: the official schema, every $ref resolved)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    // not vacuous: a dangling reference and a malformed operation are refused
    const dangling = structuredClone(document) as OpenAPIObject;
    (dangling.components!.schemas as Record<string, unknown>).CaseOpenedV2Body = { type: 'object', properties: { x: { $ref: '#/components/schemas/Array' } } };
    (dangling.paths['/health/live'].get!.responses as Record<string, unknown>)['200'] = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Array' } } } };
    await expect(SwaggerParser.validate(dangling as never)).rejects.toThrow();
    const malformed = structuredClone(document) as OpenAPIObject;
    (malformed.paths['/health/live'].get as unknown as Record<string, unknown>).responses = { ok: {} };
    await expect(SwaggerParser.validate(malformed as never)).rejects.toThrow();
  });

  it('declares every path parameter of every route', () => {
    const missing = operationsOf(document).flatMap(({ path, method, operation }) =>
      [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => !operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.required)).map((name) => `${method} ${path}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('describes every request body with its fields', () => {
    const bodies = operationsOf(document).filter(({ operation }) => operation.requestBody);
    expect(bodies.length).toBeGreaterThan(0);
    for (const { path, method, operation } of bodies) {
      const ref = operation.requestBody!.content['application/json'].schema.$ref!;
      const schema = schemaOf(document, ref);
      expect({ operation: `${method} ${path}`, ref, fields: Object.keys(schema?.properties ?? {}).length > 0 }).toEqual({ operation: `${method} ${path}`, ref, fields: true });
    }
    if (service === 'social-services') {
      expect(Object.keys(schemaOf(document, 'RecordDecisionBody').properties!)).toEqual(expect.arrayContaining(['meetingId', 'decisionId', 'text']));
      expect(Object.keys(schemaOf(document, 'AddMemberBody').properties!).length).toBeGreaterThan(0);
      expect(JSON.stringify(document)).not.toContain('#/components/schemas/Array');
    }
  });

  it('describes the answers of every operation: its success body, and the error body of each error status', () => {
    for (const { path, method, operation } of operationsOf(document)) {
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => /^2/.test(s));
      expect({ operation: `${method} ${path}`, success: success.length }).toEqual({ operation: `${method} ${path}`, success: 1 });
      expect(Object.values(operation.responses[success[0]].content ?? {}).some((c) => c.schema)).toBe(true);
      const expected = operation.security ? ['400', '401', '403'] : [];
      if (path.includes('{')) expected.push('404');
      if (operation.requestBody && method === 'post' && operation.responses['201']?.content?.['application/json']?.schema?.$ref === '#/components/schemas/CommandResult') expected.push('409', '422');
      expect({ operation: `${method} ${path}`, statuses }).toEqual({ operation: `${method} ${path}`, statuses: expect.arrayContaining(expected) });
      for (const status of statuses.filter((s) => /^4/.test(s))) {
        expect({ operation: `${method} ${path}`, status, schema: operation.responses[status].content?.['application/json']?.schema }).toEqual({ operation: `${method} ${path}`, status, schema: { $ref: '#/components/schemas/ErrorBody' } });
      }
    }
    expect(schemaOf(document, 'ErrorBody').required).toEqual(['statusCode', 'error', 'message']);
  });

  it('takes the placement of follow-up, incident and contract-end commands from the path only', () => {
    if (service !== 'insertion-company') return;
    for (const route of ['follow-up-meetings', 'incidents', 'contract-end']) {
      const operation = (document.paths[`/placements/{placementId}/${route}`].post as unknown as Operation);
      expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'path', name: 'placementId', required: true })]));
      const body = schemaOf(document, operation.requestBody!.content['application/json'].schema.$ref!);
      expect({ route, placementId: 'placementId' in (body.properties ?? {}), required: body.required?.includes('placementId') ?? false }).toEqual({ route, placementId: false, required: false });
    }
  });

  it('asks a token of every route but the public ones', () => {
    const open = operationsOf(document).filter(({ operation }) => !operation.security).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(open.filter((route) => !/^(GET|POST) \/public\/|^GET \/(health|asyncapi|audit\/log\/(checkpoint|consistency)|audit\/witness)/.test(route))).toEqual([]);
    expect(open).toContain('GET /health');
  });

  it(`docs/openapi/${service}.json is generated and current (npm run docs:openapi)`, () => {
    expect(readFileSync(join(ROOT, 'docs', 'openapi', `${service}.json`), 'utf8')).toBe(renderOpenApiJson(document));
  });

  it(`the typed client's types (libs/api-client/src/generated/${service}.ts) are openapi-typescript's output for it (npm run docs:openapi)`, () => {
    expect(readFileSync(join(ROOT, 'libs', 'api-client', 'src', 'generated', `${service}.ts`), 'utf8')).toBe(clientTypesOf(join(ROOT, 'docs', 'openapi', `${service}.json`)));
  });
});
