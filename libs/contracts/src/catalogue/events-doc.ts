import { getMetadataStorage } from 'class-validator';
import { eventTopicOf } from '../topics';
import { CLOUDEVENT_HEADERS, CLOUDEVENTS_SPEC_VERSION } from '../cloudevents';
import { EventCatalogue } from './event-catalogue';

const rulesOf = (payloadClass: new () => object): Map<string, string[]> => {
  const rules = new Map<string, string[]>();
  const metadata = getMetadataStorage().getTargetValidationMetadatas(payloadClass, '', true, false);
  for (const rule of metadata) {
    const name = rule.name ?? rule.type;
    const args = (rule.constraints ?? []).filter((c: unknown) => typeof c !== 'function' && c !== undefined);
    const text = args.length ? `${name}(${args.map((a: unknown) => (Array.isArray(a) ? a.join(' / ') : String(a)).replace(/\|/g, '\\|')).join(', ')})` : name;
    rules.set(rule.propertyName, [...(rules.get(rule.propertyName) ?? []), text + (rule.each ? ' each' : '')]);
  }
  return rules;
};

/** docs/events.md, generated from the catalogue (npm run docs:events); a test keeps it current. */
export function renderEventsDoc(catalogue: EventCatalogue): string {
  const lines = [
    '# Event catalogue',
    '',
    '<!-- generated from libs/contracts by `npm run docs:events`; do not edit by hand -->',
    '',
    'Every event is published on its producer\'s topic as a JSON envelope (libs/contracts/src/envelope.ts), keyed by',
    'its case id (else project, programme, stream id) so that one case\'s events keep their order. Headers: the event\'s',
    `CloudEvents ${CLOUDEVENTS_SPEC_VERSION} attributes in the binary content mode of the Kafka protocol binding, so any CloudEvents SDK`,
    'reads a message as an event whose `data` is the envelope (libs/contracts/src/cloudevents.ts):',
    Object.values(CLOUDEVENT_HEADERS).map((h) => `\`${h}\``).join(', ') + '.',
    '',
    'The same topics, keys, headers and payload schemas, machine-readable: the AsyncAPI 3.0.0 document',
    '[asyncapi.yaml](asyncapi.yaml), also served by the regional delegation at `/asyncapi.json` and `/asyncapi.yaml`.',
    'Topic names carry the prefix `KAFKA_TOPIC_PREFIX` (default `inclusion`, as shown here).',
    '',
    '| type | version | producer (topic) | aggregate | original term | description |',
    '|---|---|---|---|---|---|',
  ];
  for (const d of catalogue.all()) {
    lines.push(
      `| \`${d.type}\` | ${d.version}${d.deprecated ? ' (deprecated)' : ''} | ${d.producer === 'any' ? 'the responsible institution (its service\'s topic)' : `${d.producer} (\`${eventTopicOf(d.producer)}\`)`} | ${d.aggregate} | ${d.originalTerm ?? ''} | ${d.description} |`,
    );
  }
  for (const d of catalogue.all()) {
    lines.push('', `## ${d.type} v${d.version}`, '', d.description, '', '| field | rules |', '|---|---|');
    for (const [field, rules] of rulesOf(d.payload)) lines.push(`| \`${field}\` | ${rules.join(', ')} |`);
  }
  return lines.join('\n') + '\n';
}
