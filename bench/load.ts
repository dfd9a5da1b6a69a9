import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { signToken } from '@inclusion/access';
import { serviceClient, ServiceClient } from '@inclusion/api-client';
import { ActorRole } from '@inclusion/contracts';
import { NotificationListener } from '@inclusion/event-store';
import { networkLogChannelOf } from '@inclusion/network-log';
import { env, Line, median, percentile } from './support';

/**
 * `npm run load -- [seconds] [virtual users]` (closed loop) or
 * `npm run load -- --rates 100,500,2000 [seconds]` (open loop, see runAtRate): drives a realistic mix of commands across the
 * four running services (`npm start`, demo institutions of infra/institutions.dev.json) for a
 * fixed time, then prints throughput, latency percentiles per kind of request, outbox and
 * consumer lag (from /metrics on the metrics ports) and the services' memory before and after. Loopback only.
 * The commands go through the services' typed client (libs/api-client, generated from docs/openapi).
 */
const ROOT = join(__dirname, '..', '..');
const SERVICES = { ss: 'http://127.0.0.1:3001', eo: 'http://127.0.0.1:3002', ei: 'http://127.0.0.1:3003', rd: 'http://127.0.0.1:3004' };
const openLoop = process.argv[2] === '--rates';
/** Seconds per rate of the open-loop run (`--rates r1,r2 [seconds]`). */
const seconds = Number(process.argv[4] ?? 10);

const tokenOf = async (institution: string, user: string, role: ActorRole) =>
  signToken(institution, readFileSync(join(ROOT, 'infra', 'dev-keys', `${institution}.pem`), 'utf8'), { userId: user, role, expiresIn: '2h' });

const latencies = new Map<string, number[]>();
const statuses = new Map<number, number>();

/** Times one request of the typed client (the answer read and parsed included). */
async function call(kind: string, request: () => Promise<{ response: Response }>): Promise<number> {
  const began = performance.now();
  const { response } = await request();
  latencies.set(kind, [...(latencies.get(kind) ?? []), performance.now() - began]);
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  return response.status;
}

/** Metrics are served on their own port: the local stack's METRICS_PORT is the service's port + 6400 (infra/start.sh). */
const metricsUrl = (base: string) => base.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 6400}`) + '/metrics';

const metric = async (base: string, name: string) => {
  const text = await (await fetch(metricsUrl(base))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
};

/** Where a journey sends each request: a function, so that a caller running several instances of a service can pick a live one per request. */
export interface JourneyClients {
  ss: () => ServiceClient<'social-services'>;
  eo: () => ServiceClient<'employment-office'>;
  ei: () => ServiceClient<'insertion-company'>;
}

/** Times one request of the typed client and answers its status. */
export type Call = (kind: string, request: () => Promise<{ response: Response }>) => Promise<number>;

/**
 * One case's journey across three services: opened, diagnosed, accredited, an itinerary, the
 * agreement signed by the three parties, a placement and a training at the other institutions
 * once social services' events reached them (retried while they answer 403/404/422), an
 * incident and a timeline read. Shared by `npm run load` and the soak (bench/soak.ts).
 */
export async function caseJourney(clients: JourneyClients, call: Call): Promise<string> {
  const caseId = `load-${randomUUID().slice(0, 12)}`;
  const path = { caseId };
  const placementId = `pl-${caseId}`;
  await call('open case', () =>
    clients.ss().POST('/cases', { body: { caseId, personId: `p-${caseId}`, municipality: 'Albacete', gender: Math.random() < 0.6 ? 'female' : 'male', birthYear: 1960 + Math.floor(Math.random() * 45), incidenceGroups: ['long-term-unemployed'], openedOn: '2026-11-01' } }),
  );
  await call('diagnosis', () => clients.ss().POST('/cases/{caseId}/diagnosis', { params: { path }, body: { diagnosedOn: '2026-11-22', dimensions: [{ dimension: 'employability', score: 6, critical: true }] } }));
  await call('accreditation', () => clients.ss().POST('/cases/{caseId}/accreditation', { params: { path }, body: { validFrom: '2026-11-01', validUntil: '2027-10-31', basis: 'social report' } }));
  await call('itinerary', () =>
    clients.ss().POST('/cases/{caseId}/itinerary', {
      params: { path },
      body: { itineraryId: `it-${caseId}`, steps: [{ stepId: 'training', kind: 'training', responsibleInstitution: 'eo-albacete', plannedStart: '2026-12-01', plannedEnd: '2027-01-31' }] },
    }),
  );
  // Each party signs in its own log: social services and the person's signature (with its evidence) here, the company at its service.
  const agreement = { agreementId: `ag-${caseId}`, companyInstitution: 'ei-solidaria' };
  await call('agreement signature', () => clients.ss().POST('/cases/{caseId}/agreement-signatures', { params: { path }, body: { ...agreement, signedBy: 'load-tech', signedOn: '2026-11-22' } }));
  await call('person signature', () =>
    clients.ss().POST('/cases/{caseId}/agreement-signatures/person', {
      params: { path },
      body: { ...agreement, signedOn: '2026-11-22', evidence: { documentRef: `doc-${caseId}`, documentSha256: '0'.repeat(64), method: 'handwritten', witnessedBy: 'load-tech' } },
    }),
  );
  const companySignature = () => call('company signature', () => clients.ei().POST('/cases/{caseId}/agreement-signatures', { params: { path }, body: { agreementId: agreement.agreementId, signedBy: 'load-tutor', signedOn: '2026-11-22' } }));
  for (let attempt = 0; attempt < 50 && (await companySignature()) !== 201; attempt++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // the other institutions act once social services' events reached them (retry while 403/404)
  const placement = () =>
    call('placement', () => clients.ei().POST('/placements', { body: { caseId, placementId, agreementId: `ag-${caseId}`, contractStart: '2026-12-01', position: 'operator', weeklyHours: 30, tutorId: 'load-tutor' } }));
  for (let attempt = 0; attempt < 50 && (await placement()) !== 201; attempt++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const training = () => call('training', () => clients.eo().POST('/cases/{caseId}/trainings', { params: { path }, body: { trainingId: 'course', course: 'Forklift', hours: 60, startsOn: '2026-12-01' } }));
  for (let attempt = 0; attempt < 50 && (await training()) !== 201; attempt++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await call('incident', () =>
    clients.ei().POST('/placements/{placementId}/incidents', { params: { path: { placementId } }, body: { incidentId: 'inc-1', kind: 'absenteeism', severity: 'low', observedOn: '2026-12-05', description: 'late' } }),
  );
  await call('case timeline', () => clients.ss().GET('/cases/{caseId}/timeline', { params: { path, header: { 'X-Purpose': 'follow-up' } } }));
  return caseId;
}

async function main() {
  const seconds = Number(process.argv[2] ?? 30);
  const users = Number(process.argv[3] ?? 8);
  const ss = serviceClient('social-services', SERVICES.ss, { token: await tokenOf('ss-albacete', 'load-tech', 'technician') });
  const eo = serviceClient('employment-office', SERVICES.eo, { token: await tokenOf('eo-albacete', 'load-orient', 'technician') });
  const ei = serviceClient('insertion-company', SERVICES.ei, { token: await tokenOf('ei-solidaria', 'load-tutor', 'tutor') });
  for (const [name, base] of Object.entries(SERVICES)) {
    if ((await fetch(`${base}/health`).catch(() => undefined))?.status !== 200) throw new Error(`${name} at ${base} is not healthy: run npm start first`);
  }
  const memoryBefore = await Promise.all(Object.values(SERVICES).map((base) => metric(base, 'process_resident_memory_bytes')));
  const deadline = Date.now() + seconds * 1000;
  let cases = 0;

  const user = async () => {
    while (Date.now() < deadline) {
      await caseJourney({ ss: () => ss, eo: () => eo, ei: () => ei }, call);
      cases += 1;
    }
  };
  const began = Date.now();
  await Promise.all(Array.from({ length: users }, user));
  const elapsed = (Date.now() - began) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const memoryAfter = await Promise.all(Object.values(SERVICES).map((base) => metric(base, 'process_resident_memory_bytes')));
  const requests = [...latencies.values()].reduce((n, l) => n + l.length, 0);

  console.log(`load: ${users} virtual users for ${elapsed.toFixed(0)} s: ${cases} case journeys, ${requests} requests, ${(requests / elapsed).toFixed(1)} req/s`);
  console.log(`statuses: ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')} (403/404/422 on placement/training are "not known there yet" retries)`);
  for (const [kind, values] of latencies) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(20)} n=${String(sorted.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms`);
  }
  for (const [name, base] of Object.entries(SERVICES)) {
    console.log(`  ${name}: outbox unpublished ${await metric(base, 'inclusion_outbox_unpublished')}, consumer lag ${await metric(base, 'inclusion_consumer_lag_messages')}`);
  }
  console.log(`memory (rss, MB) before: ${memoryBefore.map((m) => (m / 1e6).toFixed(0)).join(' / ')}, after: ${memoryAfter.map((m) => (m / 1e6).toFixed(0)).join(' / ')} (ss / eo / ei / rd)`);
}

/** `npm run load -- --rates 100,500,2000 [seconds]` against the running local stack (npm start): the delegation's schema is regional_delegation. */
async function openLoopMain() {
  const delegationDb = new Client({ connectionString: env().databaseUrl, options: '-c search_path=regional_delegation' });
  await delegationDb.connect();
  const token = await tokenOf('ss-albacete', 'load-tech', 'technician');
  const pids = ['social-services', 'employment-office', 'insertion-company', 'regional-delegation'].map((name) => Number(readFileSync(join(ROOT, '.run', `${name}.pid`), 'utf8')));
  for (const asked of process.argv[3].split(',').map(Number)) {
    const result = await runAtRate({ socialServices: SERVICES.ss, token, delegationDb, delegationChannel: networkLogChannelOf('regional_delegation'), pids }, asked, seconds);
    console.log(describe(result));
  }
  await delegationDb.end();
}

/** One rate's figures in a line. */
export const describe = (r: RateResult) => {
  const shown = [...r.latencies].sort((a, b) => a - b);
  const http = [...r.httpLatencies].sort((a, b) => a - b);
  return (
    `${r.rate}/s${r.scaledDown ? ` (${r.scaledDown})` : ''}: ${r.sent} sent, ${r.accepted} accepted, ${shown.length} shown by the delegation; ` +
    `command -> read model p50 ${percentile(shown, 50)?.toFixed(1)} ms p99 ${percentile(shown, 99)?.toFixed(1)} ms; HTTP p50 ${percentile(http, 50)?.toFixed(1)} ms p99 ${percentile(http, 99)?.toFixed(1)} ms; ` +
    `CPU ${((r.cpuSeconds / Math.max(1, r.accepted)) * 1000).toFixed(1)} ms per command`
  );
};

if (require.main === module) {
  (openLoop ? openLoopMain() : main()).then(
    () => process.exit(0),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}

/**
 * Open-loop load at fixed rates (the generator of `npm run load -- --rates ...` and of the
 * bench's load lines): case openings sent at a fixed schedule, whatever the answers (a late
 * answer does not delay the next command), each timed from the HTTP request to the moment the
 * regional delegation's network log (written in the same transaction as its read models)
 * shows the case, by polling its table every 5 ms.
 */
export interface RateResult {
  /** The rate asked for and the rate run (lower when the machine could not keep the schedule). */
  asked: number;
  rate: number;
  sent: number;
  accepted: number;
  /** HTTP command -> shown in the delegation's read model, per accepted command (ms). */
  latencies: number[];
  /** HTTP answer times (ms). */
  httpLatencies: number[];
  /** Why the rate was lowered, if it was. */
  scaledDown?: string;
  /** Why the machine could not keep this rate, when it was not lowered (a measured round at a fixed rate). */
  overloaded?: string;
  /** CPU seconds of the services, Kafka and PostgreSQL during the run (from /proc/<pid>/stat). */
  cpuSeconds: number;
  seconds: number;
}

export interface LoadTarget {
  /** Base URL of social services and the token to open cases with. */
  socialServices: string;
  token: string;
  /** A connection to the delegation's schema (the network log). */
  delegationDb: Client;
  /** The network log's NOTIFY channel (networkLogChannelOf): the generator reads the log when it is woken, not on a timer. */
  delegationChannel: string;
  /** Service processes whose CPU counts (with Kafka and PostgreSQL). */
  pids: number[];
}

const TICKS = 100; // USER_HZ on Linux

/**
 * CPU of a process and of its children it has reaped (utime + stime + cutime + cstime), in
 * seconds; 0 when it is gone. PostgreSQL's postmaster reaps every backend that ends, so the
 * CPU of a connection closed during a run stays counted (in its postmaster) rather than vanish.
 */
const cpuOf = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS;
  } catch {
    return 0;
  }
};

/** The PostgreSQL and Kafka processes of the machine (every postgres process: shared with other users' sessions). */
export function stackPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'postgres' || cmdline.includes('kafka.Kafka')) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * CPU seconds so far of the given processes and of PostgreSQL and Kafka, listed afresh at each
 * reading: a backend started during a run counts from its start, one that ended counts in its
 * postmaster (cpuOf), so the difference of two readings is the CPU used between them.
 */
const totalCpu = (pids: number[]) => [...new Set([...pids, ...stackPids()])].reduce((sum, pid) => sum + cpuOf(pid), 0);

/**
 * Runs `seconds` of case openings at `rate` per second. If the schedule slips by more than a
 * second (the generator cannot start the commands), more than two seconds of commands are
 * waiting for an answer, or the answers take more than 1.5 times the schedule (+ 2 s), the run
 * is repeated at a quarter of the rate (down to 10/s), and the result says so.
 */
export async function runAtRate(target: LoadTarget, asked: number, seconds: number, scaleDown = true): Promise<RateResult> {
  let rate = asked;
  let scaledDown: string | undefined;
  for (;;) {
    const result = await attempt(target, rate, seconds);
    // the queue grew: the answers took much longer than the schedule
    const overloaded = result.overloaded ?? (result.seconds > seconds * 1.5 + 2 ? `the answers took ${result.seconds.toFixed(1)} s for ${seconds} s of schedule` : undefined);
    if (!overloaded || rate <= 10 || !scaleDown) return { ...result, asked, rate, scaledDown, overloaded };
    scaledDown = `${asked}/s could not be kept (at ${rate}/s ${overloaded})`;
    rate = Math.max(10, Math.floor(rate / 4));
  }
}

async function attempt(target: LoadTarget, rate: number, seconds: number) {
  const [{ head }] = (await target.delegationDb.query(`SELECT coalesce(max(position), 0) AS head FROM network_log`)).rows;
  let cursor = Number(head);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const httpLatencies: number[] = [];
  let accepted = 0;
  let inFlight = 0;
  let overloaded: string | undefined;
  const cpuBefore = totalCpu(target.pids);
  const began = performance.now();
  let polling = true;
  // Woken by the delegation's NOTIFY after each recorded batch (a read every 100 ms at most otherwise):
  // a timer poll every few ms would itself cost PostgreSQL CPU that the line counts per command.
  const wakeUps = new NotificationListener(env().databaseUrl, target.delegationChannel);
  await wakeUps.start();
  const poller = (async () => {
    while (polling || sentAt.size > 0) {
      const rows = (await target.delegationDb.query(`SELECT position, case_id FROM network_log WHERE position > $1 AND type = 'case.opened' ORDER BY position`, [cursor])).rows as { position: string; case_id: string }[];
      const now = performance.now();
      for (const row of rows) {
        cursor = Math.max(cursor, Number(row.position));
        const sent = sentAt.get(row.case_id);
        if (sent !== undefined) {
          latencies.push(now - sent);
          sentAt.delete(row.case_id);
        }
      }
      if (!polling && now - began > (seconds + 30) * 1000) break; // what never arrives is reported as missing
      await wakeUps.wait(100);
    }
  })().finally(() => wakeUps.stop());
  const total = Math.round(rate * seconds);
  const requests: Promise<void>[] = [];
  let sent = 0;
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (-wait > 1000) overloaded = `the generator fell ${(-wait / 1000).toFixed(1)} s behind its schedule`;
    if (inFlight > rate * 2) overloaded = `${inFlight} commands waited for an answer (more than 2 s of load)`;
    if (overloaded) break;
    const caseId = `ol-${randomUUID().slice(0, 13)}`;
    const start = performance.now();
    inFlight += 1;
    sent += 1;
    // registered before the answer: the delegation may show it before the HTTP answer arrives
    sentAt.set(caseId, start);
    requests.push(
      fetch(`${target.socialServices}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
        body: JSON.stringify({ caseId, personId: `p-${caseId}`, municipality: 'Albacete', gender: i % 2 ? 'female' : 'male', birthYear: 1960 + (i % 45), incidenceGroups: ['long-term-unemployed'], openedOn: '2026-11-01' }),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          httpLatencies.push(performance.now() - start);
          if (response.status === 201) accepted += 1;
          else sentAt.delete(caseId); // refused: never shown
        })
        .catch(() => void sentAt.delete(caseId))
        .finally(() => void (inFlight -= 1)),
    );
  }
  await Promise.all(requests);
  // commands refused over HTTP are not waited for
  const elapsed = (performance.now() - began) / 1000;
  polling = false;
  await poller;
  const cpuSeconds = totalCpu(target.pids) - cpuBefore;
  return { sent, accepted, latencies, httpLatencies, overloaded, cpuSeconds, seconds: elapsed };
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Social services and the regional delegation started from dist/ on free ports, with fresh
 * schemas and a fresh topic prefix, the development registry and keys (infra/), so the bench
 * does not touch the local stack's services.
 */
export async function startServicesForLoad(databaseUrl: string, brokers: string[]): Promise<{ socialServices: string; delegationSchema: string; schemas: string[]; children: ChildProcess[]; stop: () => Promise<void> }> {
  const prefix = `bench-load-${Date.now().toString(36)}`;
  const children: ChildProcess[] = [];
  const schemas: string[] = [];
  const urls: string[] = [];
  for (const service of ['social-services', 'regional-delegation']) {
    const port = await freePort();
    const schema = `bench_load_${service.replace(/-/g, '_')}_${Date.now().toString(36)}`;
    schemas.push(schema);
    children.push(
      spawn(process.execPath, [join(ROOT, 'dist', 'apps', service, 'src', 'main.js')], {
        env: {
          ...process.env,
          PORT: String(port),
          METRICS_PORT: String(await freePort()),
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: brokers.join(','),
          DATABASE_SCHEMA: schema,
          KAFKA_TOPIC_PREFIX: prefix,
          LOG_LEVEL: 'error',
          INSTITUTIONS_FILE: join(ROOT, 'infra', 'institutions.dev.json'),
          EVENT_SIGNING_KEYS_DIR: join(ROOT, 'infra', 'dev-keys', 'events', '{service}'),
        },
        stdio: 'ignore',
      }),
    );
    urls.push(`http://127.0.0.1:${port}`);
  }
  const stopAll = async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
    }
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  };
  for (const url of urls) {
    let healthy = false;
    for (let i = 0; i < 240 && !healthy; i++) {
      healthy = (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!healthy) {
      // nothing left behind: the processes stopped and their schemas dropped
      await stopAll();
      throw new Error(`${url} did not become healthy within 2 minutes`);
    }
  }
  return {
    socialServices: urls[0],
    delegationSchema: schemas[1],
    schemas,
    children,
    stop: stopAll,
  };
}

/**
 * The bench's load lines: social services and the delegation started for the bench (fresh
 * schemas and topics), case openings at 100, 500 and 2000 per second (each lowered when the
 * machine cannot start them, which the line says), a warm-up round then `repetitions` rounds
 * of `seconds` per rate; p50 and p99 from the HTTP command to the delegation's read model.
 * The goal is absolute (p99 <= 100 ms at 500/s): its line's baseline is that bound. CPU per
 * command: CPU seconds of both services, Kafka and every PostgreSQL process during the
 * rounds at the first rate, divided by the commands accepted (no baseline).
 */
export async function openLoopLoad(rates = [100, 500, 2000], seconds = 3, repetitions = 5): Promise<Line[]> {
  const services = await startServicesForLoad(env().databaseUrl, env().brokers);
  const delegationDb = new Client({ connectionString: env().databaseUrl, options: `-c search_path="${services.delegationSchema}"` });
  const lines: Line[] = [];
  try {
    await delegationDb.connect();
    const token = await tokenOf('ss-albacete', 'load-tech', 'technician');
    const target: LoadTarget = { socialServices: services.socialServices, token, delegationDb, delegationChannel: networkLogChannelOf(services.delegationSchema), pids: services.children.map((c) => c.pid!) };
    for (const [index, asked] of rates.entries()) {
      const warm = await runAtRate(target, asked, seconds);
      console.log(`  warm-up ${describe(warm)}`);
      // The rounds run at the rate the warm-up could keep, all of them (a round that cannot keep it says so, it is not lowered).
      const rounds: RateResult[] = [];
      for (let k = 0; k < repetitions; k++) {
        const round = await runAtRate(target, warm.rate, seconds, false);
        console.log(`  round ${describe(round)}${round.overloaded ? ` (overloaded: ${round.overloaded})` : ''}`);
        rounds.push(round);
      }
      const ran = warm.rate;
      const overloadedRounds = rounds.filter((r) => r.overloaded).length;
      const note = warm.scaledDown ? `: ${warm.scaledDown}` : '';
      const p = (q: number) => rounds.map((r) => percentile([...r.latencies].sort((a, b) => a - b), q) ?? NaN);
      const missing = rounds.reduce((n, r) => n + r.accepted - r.latencies.length, 0);
      const extra = `${missing ? `; ${missing} accepted but not shown within 30 s` : ''}`;
      const line = (q: number, goal?: number): Line => {
        const values = p(q);
        return {
          name: `open-loop ${asked}/s case openings, HTTP command -> delegation read model p${q}${ran !== asked ? ` (run at ${ran}/s${note})` : ''}${overloadedRounds ? `; ${overloadedRounds} of ${repetitions} rounds could not keep ${ran}/s` : ''}${extra}`,
          unit: 'ms',
          value: median(values),
          valueRange: [Math.min(...values), Math.max(...values)],
          baselineName: goal ? 'the issue\'s bound (absolute goal, no raw baseline)' : 'none (reported)',
          baseline: goal ? 100 : NaN,
          higherIsBetter: false,
          repetitions,
          ratio: goal ? { median: median(values) / 100, min: Math.min(...values) / 100, max: Math.max(...values) / 100 } : undefined,
          goal: goal,
        };
      };
      lines.push(line(50), line(99, asked === 500 ? 1 : undefined));
      if (index === 0) {
        const perCommand = rounds.map((r) => (r.cpuSeconds / Math.max(1, r.accepted)) * 1000);
        lines.push({
          name: `CPU per command at ${ran}/s (social services + delegation processes, Kafka, every PostgreSQL process; /proc/<pid>/stat)`,
          unit: 'ms CPU',
          value: median(perCommand),
          valueRange: [Math.min(...perCommand), Math.max(...perCommand)],
          baselineName: 'none (reported; every PostgreSQL process counts, other sessions too)',
          baseline: NaN,
          higherIsBetter: false,
          repetitions,
        });
      }
    }
    return lines;
  } finally {
    await delegationDb.end().catch(() => undefined);
    await services.stop();
  }
}

