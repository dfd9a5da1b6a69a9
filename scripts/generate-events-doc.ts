import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument, EVENT_CATALOGUE, renderAsyncApiYaml, renderEventsDoc } from '@inclusion/contracts';
import { renderDomainDoc } from '@inclusion/domain';

/** `npm run docs:events`: docs/events.md, docs/asyncapi.yaml and docs/domain.md, generated from the code. */
const docs = join(__dirname, '..', '..', 'docs');
writeFileSync(join(docs, 'events.md'), renderEventsDoc(EVENT_CATALOGUE));
writeFileSync(join(docs, 'asyncapi.yaml'), renderAsyncApiYaml(buildAsyncApiDocument(EVENT_CATALOGUE)));
writeFileSync(join(docs, 'domain.md'), renderDomainDoc());
