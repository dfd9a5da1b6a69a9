import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { PUBLIC_ROUTE } from '@inclusion/access';
import { DOCUMENTED_BODIES, DOCUMENTED_SCHEMAS, ERROR_BODY } from './api-command';

// class-transformer keeps its @Type metadata here (nested classes); it ships no typings for the CommonJS path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Schema = Record<string, unknown>;
type BodyClass = new () => object;
const SCHEMAS = '#/components/schemas/';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The classes a body class nests (ValidateNested + @Type), inherited rules included. */
const nestedClassesOf = (bodyClass: BodyClass): BodyClass[] =>
  getMetadataStorage()
    .getTargetValidationMetadatas(bodyClass, '', true, false)
    .filter((rule) => rule.type === ValidationTypes.NESTED_VALIDATION)
    .map((rule) => defaultMetadataStorage.findTypeMetadata(rule.target as BodyClass, rule.propertyName)?.typeFunction() as BodyClass | undefined)
    .filter((nested): nested is BodyClass => typeof nested === 'function');

/**
 * The JSON schemas of the request bodies and of the classes they nest, from their
 * class-validator rules (inherited ones too: OmitType/PickType bodies), by class name.
 */
function bodySchemas(): Map<string, Schema> {
  const schemas = new Map<string, Schema>();
  const classes = new Map<string, BodyClass>();
  const add = (bodyClass: BodyClass) => {
    const known = classes.get(bodyClass.name);
    if (known && known !== bodyClass) throw new Error(`two request body classes are named ${bodyClass.name}: their OpenAPI schemas would collide`);
    if (known) return;
    classes.set(bodyClass.name, bodyClass);
    schemas.set(bodyClass.name, targetConstructorToSchema(bodyClass, { refPointerPrefix: SCHEMAS, classTransformerMetadataStorage: defaultMetadataStorage }) as Schema);
    nestedClassesOf(bodyClass).forEach(add);
  };
  DOCUMENTED_BODIES.forEach(add);
  return schemas;
}

const refsIn = (node: unknown, found: Set<string> = new Set()): Set<string> => {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else refsIn(value, found);
    }
  }
  return found;
};

/** The operation ids of the routes that need no token (@Public on the controller or the handler): Nest names them `<Controller>_<method>`. */
function publicOperationIds(app: INestApplication): Set<string> {
  const ids = new Set<string>();
  const container = (app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: unknown }> }> } }).container;
  for (const module of container.getModules().values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const controller = metatype as { name: string; prototype: Record<string, unknown> };
      const wholeClass = Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        if (wholeClass || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true) ids.add(`${controller.name}_${method}`);
      }
    }
  }
  return ids;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_BODY } } });

/**
 * What every operation may answer besides its own success, from the one error filter
 * (HttpErrorFilter): 400 for a request it refuses, 401/403 for a route that needs a token,
 * 404 for an unknown resource named in the path, 503 while the database is unavailable.
 * An error status an operation already declares gets the error body if it names none.
 */
function completeResponses(document: OpenAPIObject, publicIds: Set<string>): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const isPublic = publicIds.has(operation.operationId ?? '');
      if (isPublic) delete operation.security;
      else operation.security = [{ bearer: [] }];
      const responses = operation.responses as Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
      const parameters = (operation.parameters ?? []) as { in: string }[];
      const defaults: [string, string, boolean][] = [
        ['400', 'the request is invalid: every invalid field, parameter or header named', parameters.length > 0 || operation.requestBody !== undefined || !isPublic],
        ['401', 'no token, or a forged or expired one', !isPublic],
        ['403', 'not allowed to this institution or user (another kind or role, no part in the case, consent withdrawn)', !isPublic],
        ['404', 'unknown resource', parameters.some((p) => p.in === 'path')],
        ['503', 'the database is unavailable: nothing was written; retry', !isPublic],
      ];
      for (const [status, description, applies] of defaults) if (applies && !responses[status]) responses[status] = errorResponse(description);
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && !response.content) response.content = { 'application/json': { schema: ERROR_BODY } };
        if (Number(status) >= 200 && Number(status) < 300) {
          if (!response.description) response.description = 'OK';
          if (!response.content) response.content = { 'application/json': { schema: { type: 'object', additionalProperties: true } } };
        }
      }
    }
  }
}

/**
 * The OpenAPI document of a service's HTTP API, from its controllers' decorators; request
 * bodies and their nested classes come from their class-validator rules (libs/contracts),
 * response and error bodies from the schemas the decorators name (api-command.ts). Only the
 * schemas the service's operations refer to are kept, so the document is the same whichever
 * other services' classes the process loaded. Served at /docs and /docs/json; written to
 * docs/openapi/<service>.json by `npm run docs:openapi` (a test keeps those current).
 */
export function buildOpenApiDocument(app: INestApplication, serviceName: string, title: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA), issuer = institution id' })
      .setTitle(title)
      .setDescription(
        `The ${serviceName} service's HTTP API. Every call but the public ones carries a token the institution's own system signs (JWT, EdDSA/Ed25519, issuer = institution id, subject = user, audience \`inclusion-network\`, claim \`role\`). ` +
          'Errors are JSON (ErrorBody): 400 names every invalid field or header, 401 a missing, forged or expired token, 403 an institution of another kind or with no part in the case, 404 an unknown resource, 409 a version conflict or a reused Idempotency-Key, 422 the violated rule with its code.',
      )
      .setVersion('1')
      .build(),
  );
  completeResponses(document, publicOperationIds(app));
  const available = new Map<string, Schema>([...Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>), ...bodySchemas(), ...DOCUMENTED_SCHEMAS]);
  // Keep the schemas the operations reach, following references between schemas.
  const kept = new Map<string, Schema>();
  const pending = [...refsIn(document.paths)];
  while (pending.length) {
    const ref = pending.pop()!;
    if (!ref.startsWith(SCHEMAS)) continue;
    const name = ref.slice(SCHEMAS.length);
    if (kept.has(name)) continue;
    const schema = available.get(name);
    if (!schema) throw new Error(`OpenAPI of ${serviceName}: ${ref} is not defined (a body class without class-validator rules, or an unregistered schema)`);
    kept.set(name, schema);
    pending.push(...refsIn(schema));
  }
  document.components = { ...document.components, schemas: Object.fromEntries([...kept].sort(([a], [b]) => a.localeCompare(b))) };
  return document;
}
