import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { signToken } from '@inclusion/access';
import { serviceClient, ServiceClient } from '@inclusion/api-client';
import { ActorRole } from '@inclusion/contracts';
import { percentile } from './support';

/**
 * `npm run load -- [seconds] [virtual users]`: drives a realistic mix of commands across the
 * four running services (`npm start`, demo institutions of infra/institutions.dev.json) for a
 * fixed time, then prints throughput, latency percentiles per kind of request, outbox and
 * consumer lag (from /metrics on the metrics ports) and the services' memory before and after. Loopback only.
 * The commands go through the services' typed client (libs/api-client, generated from docs/openapi).
 */
const ROOT = join(__dirname, '..', '..');
const SERVICES = { ss: 'http://127.0.0.1:3001', eo: 'http://127.0.0.1:3002', ei: 'http://127.0.0.1:3003', rd: 'http://127.0.0.1:3004' };

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

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
