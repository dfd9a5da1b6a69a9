import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_SERVICES, openApiDocumentOf, renderOpenApiJson } from './openapi-documents';

/**
 * `npm run docs:openapi`: docs/openapi/<service>.json (each service's OpenAPI document, as it
 * serves it at /docs/json) and the typed client's types, libs/api-client/src/generated/<service>.ts
 * (openapi-typescript). A test keeps both current.
 */
// scripts/ when run from source (tests), dist/scripts/ when built.
const ROOT = existsSync(join(__dirname, '..', 'package.json')) ? join(__dirname, '..') : join(__dirname, '..', '..');

/** openapi-typescript's output for one document (its CLI: the package is ES modules only). */
export const clientTypesOf = (documentFile: string): string =>
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), documentFile], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function main() {
  mkdirSync(join(ROOT, 'docs', 'openapi'), { recursive: true });
  for (const { name } of OPENAPI_SERVICES) {
    const file = join(ROOT, 'docs', 'openapi', `${name}.json`);
    writeFileSync(file, renderOpenApiJson(await openApiDocumentOf(name)));
    writeFileSync(join(ROOT, 'libs', 'api-client', 'src', 'generated', `${name}.ts`), clientTypesOf(file));
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
