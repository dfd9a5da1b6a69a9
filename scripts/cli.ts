import 'reflect-metadata';
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_HEADERS, EVENT_CATALOGUE, eventTopicOf } from '@inclusion/contracts';
import { openDatabase } from '@inclusion/database';
import { EVENT_STORE_MIGRATIONS, EventStore, ImportLineError, keptWitnessedCheckpoints, KeyRing, SigningKeyProvider, StaticSigningKeyProvider, verifyAgainstCheckpoints } from '@inclusion/event-store';
import { fetchWitnessed, witnessIdsOf } from '@inclusion/messaging';
import { InstitutionRegistry } from '@inclusion/access';
import { AuditTrail, trailToCsv, trailToJsonLines } from '@inclusion/network-member';
import { NetworkLog, networkLogChannelOf } from '@inclusion/network-log';
import { PROJECTIONS, projectionNamed } from '@inclusion/read-models';

/**
 * Operators' command line: `npm run cli -- <command> [options]`. Works on a service's
 * database schema and the Kafka broker named by DATABASE_URL / KAFKA_BROKERS, with the registry
 * of INSTITUTIONS_FILE (defaults: the local stack). Long commands print their progress on stderr; results go to stdout.
 */
const USAGE = `usage: npm run cli -- <command> [options]

  verify        --service <name> [--institution <id>] [--witness <url>]...
                                                              verify hash chains, transparency logs (signed tree heads),
                                                              checkpoints, and the witnesses' cosigned checkpoints: kept
                                                              in the store and fetched from each --witness (default:
                                                              WITNESS_URLS, comma-separated)
  export-trail  --service <name> [--case <id> | --programme <id> | --stream <id>] [--format jsonl|csv] [--out <file>]
  replay-dead-letter --partition <n> --offset <n> [--topic <dead-letter topic>] [--prefix inclusion]
                                                              republish one dead-lettered message to its source topic
  erase         --service social-services --person <id> --institution <id> --reason <text>
                                                              destroy a person's key and record person.erased
  import        <institution> <file.ndjson> [--service <name>]  (also npm run import -- <institution> <file>)
                                                              bulk-load an institution's history (one event per line),
                                                              chained and signed like any append, in one transaction
  rebuild-projection [--projection case-facts|table-facts|programme-facts] [--check]
                                                              regional delegation: fold the read models again from the
                                                              network log (all by default); --check only compares

  --service is social-services, employment-office, insertion-company or regional-delegation;
  --schema overrides its database schema (default: the service name in snake_case).`;

const progress = (text: string) => process.stderr.write(`${text}\n`);

async function openStore(values: Record<string, string | undefined>) {
  const service = values.service;
  if (!service) throw new Error('--service is required');
  const schema = values.schema ?? service.replace(/-/g, '_');
  const dataSource = await openDatabase({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/inclusion',
    schema,
    applicationName: 'inclusion-cli',
    migrations: EVENT_STORE_MIGRATIONS,
    poolSize: 2,
  });
  return { store: new EventStore(dataSource, { topic: eventTopicOf(service, values.prefix ?? 'inclusion'), catalogue: EVENT_CATALOGUE, keyRing: keyRingOf(service) }), dataSource };
}

/**
 * The keys of the CLI's store: public keys from the registry (INSTITUTIONS_FILE /
 * INSTITUTIONS_JSON; default: the local stack's infra/institutions.dev.json), private keys
 * (EVENT_SIGNING_KEYS_DIR / _JSON; default: the local stack's development keys) loaded only
 * when a command records an event (`erase`), so verifying needs no private key.
 */
function keyRingOf(service: string): KeyRing {
  const root = join(__dirname, '..', '..');
  const env = { INSTITUTIONS_FILE: join(root, 'infra', 'institutions.dev.json'), EVENT_SIGNING_KEYS_DIR: join(root, 'infra', 'dev-keys', 'events', '{service}'), ...process.env };
  const registry = InstitutionRegistry.fromEnvironment(env);
  let provider: SigningKeyProvider | undefined;
  const held = () => (provider ??= StaticSigningKeyProvider.fromEnvironment(env, registry, service));
  return new KeyRing({ currentKey: (id, at) => held().currentKey(id, at), heldKeys: () => held().heldKeys() }, registry);
}

const kafka = () => new Kafka({ clientId: 'inclusion-cli', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.ERROR });

/** The witnesses to fetch cosigned checkpoints from: each --witness, else WITNESS_URLS (comma-separated http(s) URLs). */
function witnessUrlsOf(values: Record<string, string | undefined>): string[] {
  const given = (values.witness ?? process.env.WITNESS_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  for (const url of given) if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) throw new Error(`witness URL ${JSON.stringify(url)} must be an http(s) base URL such as http://127.0.0.1:3004`);
  return given.map((url) => url.replace(/\/+$/, ''));
}

async function verify(values: Record<string, string | undefined>): Promise<number> {
  const { store, dataSource } = await openStore(values);
  const registry = store.keyRing.directory as InstitutionRegistry;
  const witnessUrls = witnessUrlsOf(values);
  try {
    const hosted = witnessUrls.length ? registry.all().filter((i) => i.service === values.service).map((i) => i.id) : [];
    const institutions: string[] = values.institution
      ? [values.institution]
      : [
          ...new Set([
            ...(await dataSource.query(`SELECT institution_id FROM chain_heads UNION SELECT institution_id FROM audit_checkpoints WHERE service = $1 UNION SELECT log_id FROM tlog_cosignatures`, [values.service])).map(
              (r: { institution_id: string }) => r.institution_id,
            ),
            ...hosted,
          ]),
        ];
    let broken = 0;
    for (const [index, institutionId] of institutions.sort().entries()) {
      progress(`[${index + 1}/${institutions.length}] verifying ${institutionId}...`);
      const checkpoints = (await dataSource.query(`SELECT sequence, head_hash, issued_at FROM audit_checkpoints WHERE institution_id = $1`, [institutionId])).map(
        (r: { sequence: string; head_hash: string; issued_at: Date }) => ({ sequence: Number(r.sequence), headHash: r.head_hash, issuedAt: r.issued_at.toISOString() }),
      );
      const kept = await keptWitnessedCheckpoints(store, institutionId, witnessIdsOf(registry));
      const fetched = await Promise.all(witnessUrls.map((url) => fetchWitnessed(url, institutionId, { registry, origin: store.logs.originOf(institutionId) })));
      for (const f of fetched) if (f.error) progress(`  witness ${f.url}: ${f.error}`);
      const witnessed = [...kept.checkpoints, ...fetched.flatMap((f) => f.checkpoints)];
      const report = await verifyAgainstCheckpoints(store, institutionId, checkpoints, witnessed);
      process.stdout.write(`${JSON.stringify({ ...report, witnesses: [{ source: 'kept', checkpoints: kept.checkpoints.length, refused: kept.refused }, ...fetched.map((f) => ({ source: f.url, checkpoints: f.checkpoints.length, refused: f.refused, ...(f.error ? { error: f.error } : {}) }))] })}\n`);
      progress(
        report.intact
          ? `  intact: ${report.eventsChecked} events, ${report.signedHeadsChecked} signed tree heads, ${report.checkpointsChecked} checkpoints, ${report.witnessedChecked} witnessed checkpoints`
          : `  BROKEN at ${report.firstBroken.institutionSequence}: ${report.firstBroken.kind}: ${report.firstBroken.detail}`,
      );
      if (!report.intact) broken += 1;
    }
    return broken === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

async function exportTrail(values: Record<string, string | undefined>): Promise<number> {
  const { store, dataSource } = await openStore(values);
  try {
    const trail = new AuditTrail(store);
    const records = [];
    let after: string | undefined;
    for (;;) {
      const page = await trail.query({ caseId: values.case, programmeId: values.programme, streamId: values.stream, after, limit: 1000 });
      records.push(...page.records);
      progress(`exported ${records.length} records...`);
      if (!page.next) break;
      after = page.next;
    }
    const text = values.format === 'csv' ? trailToCsv(records) : trailToJsonLines(records);
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    progress(`done: ${records.length} records${values.out ? ` in ${values.out}` : ''}`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

async function replayDeadLetter(values: Record<string, string | undefined>): Promise<number> {
  const topic = values.topic ?? `${values.prefix ?? 'inclusion'}.dead-letter.v1`;
  const partition = Number(values.partition);
  const offset = values.offset;
  if (!Number.isInteger(partition) || !offset || !/^\d+$/.test(offset)) throw new Error('--partition and --offset are required whole numbers');
  const client = kafka();
  const consumer = client.consumer({ groupId: `inclusion-cli-replay-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  const message = await new Promise<{ key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | string | undefined> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message at ${topic}/${partition}@${offset} within 30 s`)), 30_000);
    void consumer.run({
      eachMessage: async ({ partition: p, message: m }) => {
        if (p === partition && m.offset === offset) {
          clearTimeout(timer);
          resolve({ key: m.key, value: m.value, headers: (m.headers ?? {}) as Record<string, Buffer | string | undefined> });
        }
      },
    });
    consumer.seek({ topic, partition, offset });
  });
  await consumer.disconnect();
  const source = String(message.headers[DEAD_LETTER_HEADERS.sourceTopic] ?? '');
  if (!source) throw new Error('the message has no dlt-source-topic header: not a dead letter');
  const dltHeaders = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  const headers = Object.fromEntries(Object.entries(message.headers).filter(([name]) => !dltHeaders.has(name))) as Record<string, Buffer>;
  const producer = client.producer();
  await producer.connect();
  await producer.send({ topic: source, acks: -1, messages: [{ key: message.key, value: message.value, headers: { ...headers, 'replayed-from': `${topic}/${partition}@${offset}` } }] });
  await producer.disconnect();
  progress(`republished ${topic}/${partition}@${offset} to ${source} (reason it failed: ${message.headers[DEAD_LETTER_HEADERS.reason]})`);
  return 0;
}

async function erase(values: Record<string, string | undefined>): Promise<number> {
  if (!values.person || !values.institution || !values.reason) throw new Error('--person, --institution and --reason are required');
  const { store, dataSource } = await openStore({ ...values, service: values.service ?? 'social-services' });
  try {
    await dataSource.transaction(async (tx) => {
      await store.lockForAppend(tx);
      await store.personKeys.erase(values.person!, tx);
      const version = await store.streamVersion(`person-${values.person}`, tx);
      await store.append(
        `person-${values.person}`,
        [{ type: 'person.erased', schemaVersion: 1, payload: { personId: values.person, erasedOn: new Date().toISOString().slice(0, 10), reason: values.reason } }],
        version === 0 ? 'no-stream' : version,
        { institutionId: values.institution!, actor: { userId: process.env.USER ?? 'operator', role: 'system' }, correlationId: (await import('uuid')).v7() },
        tx,
      );
    });
    progress(`erased ${values.person}: key destroyed, person.erased recorded`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

async function rebuildProjection(values: Record<string, string | undefined>): Promise<number> {
  const projections = values.projection ? [projectionNamed(values.projection)] : PROJECTIONS;
  if (projections.some((p) => !p)) throw new Error(`unknown projection ${values.projection}: one of ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  const { dataSource } = await openStore({ ...values, service: values.service ?? 'regional-delegation' });
  try {
    const log = new NetworkLog(dataSource, networkLogChannelOf(values.schema ?? 'regional_delegation'), EVENT_CATALOGUE);
    const chosen = projections.map((p) => p!);
    if (values.check !== undefined) {
      progress(`comparing ${chosen.map((p) => p.name).join(', ')} with a fresh fold of ${await log.head()} events...`);
      const differences = await log.compare(chosen);
      for (const d of differences) process.stdout.write(`${JSON.stringify(d)}\n`);
      const differing = differences.filter((d) => d.missing.length + d.extra.length + d.different.length > 0);
      progress(differing.length ? `${differing.length} projection(s) differ from the log: rebuild them` : 'every projection equals a fresh fold of the log');
      return differing.length ? 1 : 0;
    }
    const started = Date.now();
    const reports = await log.rebuild(chosen, progress);
    for (const report of reports) process.stdout.write(`${JSON.stringify(report)}\n`);
    progress(`rebuilt ${reports.map((r) => `${r.projection} (${r.documents} documents)`).join(', ')} from ${reports[0]?.events ?? 0} events in ${Date.now() - started} ms`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

/** The lines of a file, counted without holding it in memory. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return last === 10 ? lines : lines + 1;
}

/** A progress bar on stderr: `[#####.....]  50%  5000/10000 lines  4000 events/s`. */
const progressBar = (total: number, started: number) => ({ lines, events }: { lines: number; events: number }) => {
  const share = total ? Math.min(1, lines / total) : 1;
  const rate = events / Math.max(0.001, (Date.now() - started) / 1000);
  process.stderr.write(`\r[${'#'.repeat(Math.round(share * 30)).padEnd(30, '.')}] ${(share * 100).toFixed(0).padStart(3)}%  ${lines}/${total} lines  ${events} events  ${rate.toFixed(0)} events/s`);
};

/**
 * `npm run import -- <institution> <file.ndjson> [--service <name>]`: loads an institution's
 * history (one event per line, see ImportedLine in libs/event-store) into its service's store
 * in one transaction, chained and signed like any append, with a progress bar. A bad line
 * rejects the whole import, naming the line; nothing is written.
 */
async function importHistory(values: Record<string, string | undefined>, positionals: string[]): Promise<number> {
  const [institution, file] = positionals;
  if (!institution || !file) throw new Error('usage: npm run import -- <institution> <file.ndjson> [--service <name>]');
  const root = join(__dirname, '..', '..');
  const registry = InstitutionRegistry.fromEnvironment({ INSTITUTIONS_FILE: join(root, 'infra', 'institutions.dev.json'), ...process.env });
  const service = values.service ?? registry.get(institution)?.kind;
  if (!service) throw new Error(`institution ${institution} is in no registry: name its service with --service`);
  const total = await countLines(file);
  const { store, dataSource } = await openStore({ ...values, service });
  const started = Date.now();
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    const report = await store.bulkImport(institution, lines, { onProgress: progressBar(total, started) });
    process.stderr.write('\n');
    process.stdout.write(`${JSON.stringify(report)}\n`);
    progress(`imported ${report.events} events of ${institution} into ${service} in ${((Date.now() - started) / 1000).toFixed(1)} s (${report.signedHeads} signed tree heads, positions ${report.firstPosition}-${report.lastPosition}); the relay publishes them to Kafka`);
    return 0;
  } catch (error) {
    process.stderr.write('\n');
    if (error instanceof ImportLineError) {
      progress(`import rejected, nothing written: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: Object.fromEntries(
      [
        ...['service', 'schema', 'institution', 'case', 'programme', 'stream', 'format', 'out', 'topic', 'partition', 'offset', 'prefix', 'person', 'reason', 'projection', 'witness'].map((name) => [name, { type: 'string' as const }]),
        ['check', { type: 'boolean' as const }],
      ],
    ),
  });
  const commands: Record<string, (v: Record<string, string | undefined>) => Promise<number>> = {
    verify,
    'export-trail': exportTrail,
    'replay-dead-letter': replayDeadLetter,
    erase,
    'rebuild-projection': rebuildProjection,
    import: (v) => importHistory(v, positionals),
  };
  const run = command ? commands[command] : undefined;
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return run(values as Record<string, string | undefined>);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
