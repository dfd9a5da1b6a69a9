import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { DOMAIN_MAP, renderDomainDoc } from './domain-map';

const source = (file: string) => readFileSync(join(__dirname, file), 'utf8');
const codesIn = (text: string) => new Set([...text.matchAll(/'([A-Z]+\.[A-Z_]+)'/g)].map((m) => m[1]));

describe('docs/domain.md and the domain map', () => {
  it.each(DOMAIN_MAP.map((a) => [a.aggregate, a] as const))('%s: the map names every command its decider handles, and nothing else', (_, aggregate) => {
    const text = source(aggregate.source);
    const handled = new Set([...text.matchAll(/case '([A-Z][A-Za-z]+)':/g)].map((m) => m[1]));
    const mapped = aggregate.commands.map((c) => c.command);
    for (const command of mapped) expect(handled).toContain(command);
    const sameFile = DOMAIN_MAP.filter((a) => a.source === aggregate.source).flatMap((a) => a.commands.map((c) => c.command));
    for (const command of handled) expect(sameFile).toContain(command);
  });

  it('lists exactly the rule codes the deciders throw', () => {
    const thrown = new Set([...new Set(DOMAIN_MAP.map((a) => a.source))].flatMap((file) => [...codesIn(source(file))]));
    const mapped = new Set(DOMAIN_MAP.flatMap((a) => a.commands.flatMap((c) => c.rules)));
    expect([...mapped].sort()).toEqual([...thrown].sort());
  });

  it('names only events of the catalogue', () => {
    for (const event of DOMAIN_MAP.flatMap((a) => a.commands.flatMap((c) => c.events))) expect(EVENT_CATALOGUE.latestVersion(event)).toBeDefined();
  });

  it('docs/domain.md is generated from the map and current (npm run docs:events)', () => {
    expect(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'domain.md'), 'utf8')).toBe(renderDomainDoc());
  });
});
