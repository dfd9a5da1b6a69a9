import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { serviceClient, ServiceClient } from '@inclusion/api-client';
import { eventTopicOf } from '@inclusion/contracts';
import { PrivateCluster } from '../test/faults/private-cluster';
import { PrivatePostgres } from '../test/faults/private-postgres';
import { tokenFor } from '../test/support/institutions';
import { freePort, ServiceName, ServiceProcess, testTopicPrefix, uniqueSchema } from '../test/support/service-process';
import { ROOT } from '../test/support/stack';
import { caseJourney, JourneyClients } from './load';
import { percentile } from './support';

/**
 * `npm run soak -- --minutes 30 [--users 2] [--pause-ms 1500] [--fault-every 4] [--sample-seconds 60] [--out docs]`
 *
 * A soak (a bench, not CI): the four services on a private three-node Kafka cluster
 * (test/faults/private-cluster.ts, free ports, never the shared broker) and a private PostgreSQL
 * (test/faults/private-postgres.ts: nobody else's restarts or load in the numbers), social services and the employment office with two instances
 * each, the delegation and the insertion company with one. `users` virtual users run the case
 * journeys of bench/load.ts (pausing `pause-ms` between two journeys) against a live instance of
 * each service, while every `fault-every` minutes a fault is injected in turn: kill -9 the second
 * social-services instance (it appends, may hold the relay lock, consumes) and restart it, kill
 * -9 the broker leading most partitions of the social-services event topic and restart it 30 s
 * later, kill -9 the second employment-office instance and restart it, SIGSTOP a broker for 30 s
 * (a network partition: open sockets, no answer) and SIGCONT it. Every `sample-seconds` it
 * samples each instance's RSS (/proc), each service's outbox lag and consumer lag (its
 * /metrics) and the p99 of the requests of the interval. After the load it waits for the lags
 * to drain, then writes `<out>/soak.md` (settings, pass criteria, table, fault log) and
 * `<out>/soak.svg` (the same series plotted, faults marked), and prints the verdict:
 * - lag = 0 at the end: every service's outbox unpublished and consumer lag are 0 within
 *   `drain-seconds` (180) after the load stops;
 * - flat memory: for each instance never killed, the least-squares slope of its RSS over the
 *   samples after the warm-up (the first quarter of the run) is below `max-slope-mb` MB per
 *   minute (1; a leak of a few hundred bytes per request shows above it at this rate, GC noise
 *   stays below), and its last sample is at most 25 % above its first sample after the warm-up;
 *   and the slope of its V8 heap in use (the instance's /metrics) is below `max-heap-slope-mb`
 *   (0.5): RSS may grow while V8 sizes its heap; retained objects grow the heap in use.
 * Exit code 0 when both hold, 1 otherwise.
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const textOption = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const minutes = option('minutes', 30);
const users = option('users', 2);
const pauseMs = option('pause-ms', 1500);
const faultEvery = option('fault-every', minutes >= 10 ? 4 : 0.5);
const sampleSeconds = option('sample-seconds', minutes >= 10 ? 60 : 15);
const drainSeconds = option('drain-seconds', 180);
const maxSlopeMb = option('max-slope-mb', 1);
const maxHeapSlopeMb = option('max-heap-slope-mb', 0.5);
const outDir = resolve(ROOT, textOption('out', 'docs'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** One OS process of a service, with the metrics port it serves on; `restarts` counts kill -9s. */
interface Instance {
  label: string;
  name: ServiceName;
  process: ServiceProcess;
  metricsPort: number;
  env: Record<string, string>;
  down: boolean;
  restarts: number;
}

interface Sample {
  minute: number;
  rssMb: Record<string, number | null>;
  /** V8 heap in use (nodejs_heap_size_used_bytes of the instance's /metrics), MB: a leak of JS objects shows here first. */
  heapMb: Record<string, number | null>;
  outbox: Record<string, number | null>;
  consumerLag: Record<string, number | null>;
  p99: number | null;
  requests: number;
  failed: number;
  journeys: number;
}

/** A consumer lag above this is explained in the log, group by group and partition by partition. */
const LAG_TO_EXPLAIN = 500;

const SHORT: Record<ServiceName, string> = { 'social-services': 'ss', 'employment-office': 'eo', 'insertion-company': 'ei', 'regional-delegation': 'rd' };

async function main() {
  let began = Date.now();
  const minuteNow = () => (Date.now() - began) / 60_000;
  log(`private PostgreSQL and three-node Kafka cluster starting (${minutes} min, ${users} users, ${pauseMs} ms between journeys, a fault every ${faultEvery} min, a sample every ${sampleSeconds} s)`);
  // a node of a loaded machine may take more than kafka.sh's default 120 s to start
  process.env.KAFKA_START_TIMEOUT ??= '300';
  const cluster = await PrivateCluster.create(3);
  const postgres = await PrivatePostgres.create();
  const databaseUrl = postgres.url;
  const prefix = testTopicPrefix();
  const schemas: Record<ServiceName, string> = {
    'social-services': uniqueSchema('soak_ss'),
    'employment-office': uniqueSchema('soak_eo'),
    'insertion-company': uniqueSchema('soak_ei'),
    'regional-delegation': uniqueSchema('soak_rd'),
  };
  const instances: Instance[] = [];
  /** Starts (or restarts) an instance; on a loaded machine a boot may time out on its first connections: up to three tries. */
  const startInstance = async (instance: Instance) => {
    for (let attempt = 1; ; attempt++) {
      instance.process = await ServiceProcess.start(instance.name, instance.env);
      try {
        await instance.process.waitHealthy(180_000);
        instance.down = false;
        return;
      } catch (error) {
        await instance.process.stop('SIGKILL');
        if (attempt === 3) throw error;
        log(`${instance.label} did not start (${(error as Error).message.split('\n')[0]}); trying again`);
      }
    }
  };
  const add = async (name: ServiceName, n: number) => {
    const metricsPort = await freePort();
    const instance: Instance = {
      label: `${SHORT[name]}-${n}`,
      name,
      metricsPort,
      env: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schemas[name], KAFKA_BROKERS: cluster.brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_REPLICATION_FACTOR: '3', METRICS_PORT: String(metricsPort) },
      process: undefined as unknown as ServiceProcess,
      down: true,
      restarts: 0,
    };
    instances.push(instance);
    await startInstance(instance);
    return instance;
  };
  const cleanUp = async () => {
    await Promise.all(instances.map((instance) => instance.process?.stop().catch(() => undefined)));
    await Promise.all([cluster.destroy(), postgres.destroy()]);
  };
  process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  try {
    await postgres.start();
    // the three JVMs of a loaded machine may miss kafka.sh's start timeout: stop what started and try again
    for (let attempt = 1; ; attempt++) {
      try {
        await cluster.start();
        break;
      } catch (error) {
        await cluster.stop().catch(() => undefined);
        if (attempt === 3) throw error;
        log(`the cluster did not start (${(error as Error).message.split('\n').find((line) => line.includes('not started')) ?? 'see its logs'}); trying again`);
      }
    }
    // the first instance of each service migrates its schema; the second starts after it
    // one at a time: the machine's cores are shared
    for (const name of ['social-services', 'employment-office', 'insertion-company', 'regional-delegation'] as const) await add(name, 1);
    await add('social-services', 2);
    await add('employment-office', 2);
    log(`services up: ${instances.map((i) => `${i.label} ${i.process.url}`).join(', ')}; the clock starts now`);
    began = Date.now();

    const token = (institution: string, user: string, role: 'technician' | 'tutor') => tokenFor(institution, user, role, '3h');
    const [ssToken, eoToken, eiToken] = await Promise.all([token('ss-albacete', 'soak-tech', 'technician'), token('eo-albacete', 'soak-orient', 'technician'), token('ei-solidaria', 'soak-tutor', 'tutor')]);
    // a live instance per request; a client per address (a restarted instance listens on a new port)
    const clients = new Map<string, unknown>();
    const pick =
      <S extends ServiceName>(name: S, bearer: string) =>
      (): ServiceClient<S> => {
        const live = instances.filter((i) => i.name === name && !i.down);
        const chosen = live[Math.floor(Math.random() * live.length)] ?? instances.find((i) => i.name === name)!;
        const url = chosen.process.url;
        if (!clients.has(url)) clients.set(url, serviceClient(name, url, { token: bearer }));
        return clients.get(url) as ServiceClient<S>;
      };
    const ssPick = pick('social-services', ssToken);
    const eoPick = pick('employment-office', eoToken);
    const eiPick = pick('insertion-company', eiToken);
    const journeyClients: JourneyClients = { ss: ssPick, eo: eoPick, ei: eiPick };

    // requests of the current interval: latency of those answered, count of those refused (instance down)
    let interval: number[] = [];
    let failed = 0;
    let journeys = 0;
    let cut = 0;
    const allLatencies: number[] = [];
    const statuses = new Map<number, number>();
    const call = async (_kind: string, request: () => Promise<{ response: Response }>) => {
      for (let attempt = 0; ; attempt++) {
        const t0 = performance.now();
        try {
          const { response } = await request();
          const ms = performance.now() - t0;
          interval.push(ms);
          allLatencies.push(ms);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          return response.status;
        } catch (error) {
          // connection refused or reset: the instance was killed; the next pick is a live one
          failed += 1;
          if (attempt >= 20) throw error;
          await sleep(500);
        }
      }
    };

    const faults: { minute: number; what: string; tookS: number }[] = [];
    const loadEnds = began + minutes * 60_000;
    const user = async () => {
      while (Date.now() < loadEnds) {
        try {
          await caseJourney(journeyClients, call);
          journeys += 1;
        } catch (error) {
          cut += 1;
          log(`a journey cut: ${(error as Error).message}`);
        }
        await sleep(pauseMs);
      }
    };

    // --- samples ---
    /** Each instance's /metrics lines, one scrape (it reads Kafka and PostgreSQL), or null when it did not answer. */
    const scrapeAll = async (): Promise<Map<string, string[] | null>> =>
      new Map(
        await Promise.all(
          instances.map(async (instance) => {
            if (instance.down) return [instance.label, null] as const;
            try {
              const text = await (await fetch(`http://127.0.0.1:${instance.metricsPort}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
              return [instance.label, text.split('\n')] as const;
            } catch {
              return [instance.label, null] as const;
            }
          }),
        ),
      );
    /** The lines of one metric in a scrape (with their labels). */
    const linesOf = (lines: string[] | null | undefined, name: string) => (lines ?? []).filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
    /** The sum of a metric's lines in a scrape; null when the scrape did not carry it (not a zero). */
    const sumOf = (lines: string[] | null | undefined, name: string): number | null => {
      const found = linesOf(lines, name);
      return found.length ? found.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0) : null;
    };
    /** The last sample's scrape of each instance (the reading a large lag is explained from). */
    let lastScrape = new Map<string, string[] | null>();
    const rssOf = (instance: Instance): number | null => {
      if (instance.down || !instance.process.child.pid) return null;
      try {
        const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${instance.process.child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : null;
      } catch {
        return null;
      }
    };
    /** Per service the largest value its instances report in `scrape` (both instances of a schema see the same outbox and the same group). */
    const perService = (scrape: Map<string, string[] | null>, name: string) => {
      const out: Record<string, number | null> = {};
      for (const service of Object.keys(SHORT) as ServiceName[]) {
        const values = instances.filter((i) => i.name === service).map((i) => sumOf(scrape.get(i.label), name)).filter((v): v is number => v !== null);
        out[SHORT[service]] = values.length ? Math.max(...values) : null;
      }
      return out;
    };
    const samples: Sample[] = [];
    const takeSample = async () => {
      const sorted = [...interval].sort((a, b) => a - b);
      const scrape = await scrapeAll();
      lastScrape = scrape;
      const sample: Sample = {
        minute: Number(minuteNow().toFixed(2)),
        rssMb: Object.fromEntries(instances.map((i) => [i.label, rssOf(i)])),
        heapMb: Object.fromEntries(
          instances.map((i) => {
            const bytes = sumOf(scrape.get(i.label), 'nodejs_heap_size_used_bytes');
            return [i.label, bytes === null ? null : bytes / 2 ** 20];
          }),
        ),
        outbox: perService(scrape, 'inclusion_outbox_unpublished'),
        consumerLag: perService(scrape, 'inclusion_consumer_lag_messages'),
        p99: sorted.length ? percentile(sorted, 99) : null,
        requests: sorted.length,
        failed,
        journeys,
      };
      interval = [];
      failed = 0;
      samples.push(sample);
      const f = (v: number | null) => (v === null ? '-' : v.toFixed(0));
      log(
        `t=${sample.minute.toFixed(1)} min rss ${Object.entries(sample.rssMb).map(([k, v]) => `${k} ${f(v)}`).join(' ')} MB | heap ${Object.entries(sample.heapMb).map(([k, v]) => `${k} ${f(v)}`).join(' ')} MB | outbox ${Object.values(sample.outbox).map(f).join('/')} | ` +
          `consumer lag ${Object.values(sample.consumerLag).map(f).join('/')} | p99 ${f(sample.p99)} ms over ${sample.requests} requests (${sample.failed} refused) | ${journeys} journeys`,
      );
    };
    const kafka = new Kafka({ clientId: 'soak-admin', brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING });
    /**
     * A consumer lag above `LAG_TO_EXPLAIN` is explained in the log: each group of the instance
     * (the metric's `consumer` label) with the partitions behind, their committed offset as the
     * group coordinator answers it (-1: none) and their high watermark, read now and again 5 s
     * later (a committed offset read as none for a moment shows as a whole partition of lag).
     */
    const explainLag = async (instance: Instance) => {
      // the lines of the very scrape that read the large lag (a new scrape reads Kafka again)
      const lines = linesOf(lastScrape.get(instance.label), 'inclusion_consumer_lag_messages');
      const groups = lines.filter((line) => Number(line.split(' ').pop()) > LAG_TO_EXPLAIN).map((line) => /consumer="([^"]+)"/.exec(line)?.[1]).filter((g): g is string => !!g);
      if (groups.length === 0) return;
      const admin = kafka.admin();
      await admin.connect();
      try {
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
        for (const read of ['now', '5 s later']) {
          if (read !== 'now') await sleep(5_000);
          for (const groupId of groups) {
            const committed = await admin.fetchOffsets({ groupId, topics });
            const behind: string[] = [];
            for (const { topic, partitions } of committed) {
              const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
              for (const { partition, offset } of partitions) {
                const high = ends.get(partition) ?? 0;
                if (high - Math.max(0, Number(offset)) > 0) behind.push(`${topic.slice(prefix.length + 1)}[${partition}] committed ${offset} high ${high}`);
              }
            }
            const reported = lines.find((line) => line.includes(`consumer="${groupId}"`))?.split(' ').pop();
            log(`lag of ${instance.label}, group ${groupId.slice(prefix.length + 1)} (scraped ${reported}; read by the soak ${read}): ${behind.length ? behind.join('; ') : 'nothing behind'}`);
          }
        }
      } catch (error) {
        log(`lag of ${instance.label}: could not explain it (${(error as Error).message})`);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };
    const sampleAndExplain = async () => {
      await takeSample();
      const last = samples[samples.length - 1];
      for (const instance of instances) if ((last.consumerLag[SHORT[instance.name]] ?? 0) > LAG_TO_EXPLAIN) await explainLag(instance);
    };
    await sampleAndExplain();
    const sampler = setInterval(() => void sampleAndExplain(), sampleSeconds * 1000);

    // --- faults, in turn ---
    const topic = eventTopicOf('social-services', prefix);
    const leaderOfMost = async (): Promise<number> => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const led = new Map<number, number>();
        for (const p of (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
        return [...led].filter(([node]) => node > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
      } catch {
        return 1;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };
    const killInstance = async (label: string) => {
      const instance = instances.find((i) => i.label === label)!;
      instance.down = true;
      await instance.process.stop('SIGKILL');
      instance.restarts += 1;
      await sleep(10_000);
      await startInstance(instance);
      return `kill -9 ${label}, restarted 10 s later`;
    };
    const faultKinds = [
      () => killInstance('ss-2'),
      async () => {
        const node = await leaderOfMost();
        await cluster.kill(node);
        await sleep(30_000);
        await cluster.start(node);
        return `kill -9 broker ${node} (leading most partitions of ${topic.replace(prefix, '<prefix>')}), restarted 30 s later`;
      },
      () => killInstance('eo-2'),
      async () => {
        const node = await leaderOfMost();
        await cluster.signal(node, 'SIGSTOP');
        await sleep(30_000);
        await cluster.signal(node, 'SIGCONT');
        return `SIGSTOP broker ${node} (a partition leader) for 30 s, then SIGCONT`;
      },
    ];
    const faultsDone = (async () => {
      const lastStart = minutes - Math.max(1, minutes * 0.15);
      for (let k = 0, at = faultEvery; at <= lastStart; k++, at += faultEvery) {
        const wait = began + at * 60_000 - Date.now();
        if (wait > 0) await sleep(wait);
        const t0 = Date.now();
        const minute = Number(minuteNow().toFixed(2));
        try {
          const what = await faultKinds[k % faultKinds.length]();
          faults.push({ minute, what, tookS: Math.round((Date.now() - t0) / 1000) });
          log(`fault at ${minute} min: ${what} (${Math.round((Date.now() - t0) / 1000)} s)`);
        } catch (error) {
          faults.push({ minute, what: `FAILED to inject: ${(error as Error).message}`, tookS: Math.round((Date.now() - t0) / 1000) });
          log(`fault at ${minute} min failed: ${(error as Error).message}`);
        }
      }
    })();

    await Promise.all([...Array.from({ length: users }, user), faultsDone]);
    const loadMinutes = minuteNow();
    log(`load stopped after ${loadMinutes.toFixed(1)} min: ${journeys} journeys, ${cut} cut; waiting for the lags to drain`);

    // --- drain ---
    const drainBegan = Date.now();
    let drained = false;
    while (Date.now() - drainBegan < drainSeconds * 1000) {
      const scrape = await scrapeAll();
      const outbox = perService(scrape, 'inclusion_outbox_unpublished');
      const lag = perService(scrape, 'inclusion_consumer_lag_messages');
      if ([...Object.values(outbox), ...Object.values(lag)].every((v) => v === 0)) {
        drained = true;
        break;
      }
      await sleep(2_000);
    }
    const drainS = (Date.now() - drainBegan) / 1000;
    clearInterval(sampler);
    await sampleAndExplain();
    const last = samples[samples.length - 1];

    // --- verdict ---
    const warmUp = minutes / 4;
    /** The least-squares slope (MB per minute) of an instance's series after the warm-up, with its first and last points. */
    const trendOf = (label: string, pick: (s: Sample) => Record<string, number | null>) => {
      const points = samples.filter((s) => s.minute >= warmUp && pick(s)[label] !== null).map((s) => [s.minute, pick(s)[label] as number] as const);
      const n = points.length;
      const mx = points.reduce((a, p) => a + p[0], 0) / n;
      const my = points.reduce((a, p) => a + p[1], 0) / n;
      const slope = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / Math.max(1e-9, points.reduce((a, p) => a + (p[0] - mx) ** 2, 0));
      return { n, slope, first: points[0]?.[1] ?? 0, end: points[n - 1]?.[1] ?? 0 };
    };
    const memory = instances
      .filter((i) => i.restarts === 0)
      .map((i) => {
        const { n, slope, first, end } = trendOf(i.label, (s) => s.rssMb);
        const heap = trendOf(i.label, (s) => s.heapMb);
        const flat = n >= 3 && slope < maxSlopeMb && end <= first * 1.25 && heap.n >= 3 && heap.slope < maxHeapSlopeMb;
        return { label: i.label, n, slope, first, end, heap, flat };
      });
    const memoryFlat = memory.every((m) => m.flat);
    // judged on the drain: every lag seen at 0 together (a later sample may catch a checkpoint message in flight)
    const lagZero = drained;
    const sortedAll = allLatencies.sort((a, b) => a - b);
    const pct = (p: number) => (sortedAll.length ? percentile(sortedAll, p).toFixed(0) : '–');
    const verdict = memoryFlat && lagZero ? 'PASS' : 'FAIL';

    const memoryLines = memory.map(
      (m) =>
        `${m.label}: RSS ${m.first.toFixed(0)} → ${m.end.toFixed(0)} MB, slope ${m.slope.toFixed(2)} MB/min; heap ${m.heap.first.toFixed(0)} → ${m.heap.end.toFixed(0)} MB, slope ${m.heap.slope.toFixed(2)} MB/min; over ${m.n} samples: ${m.flat ? 'flat' : 'NOT flat'}`,
    );
    const lagLine = `outbox ${Object.entries(last.outbox).map(([k, v]) => `${k} ${v}`).join(', ')}; consumer lag ${Object.entries(last.consumerLag).map(([k, v]) => `${k} ${v}`).join(', ')} (${drained ? `drained ${drainS.toFixed(0)} s after the load` : `NOT drained after ${drainSeconds} s`})`;
    const summary = [
      `soak ${verdict}: ${loadMinutes.toFixed(1)} min of load, ${journeys} case journeys (${cut} cut by a fault), ${sortedAll.length} requests (${(sortedAll.length / (loadMinutes * 60)).toFixed(1)} req/s), p50 ${pct(50)} ms, p99 ${pct(99)} ms, ${faults.length} faults`,
      `lag = 0 at the end: ${lagZero ? 'yes' : 'NO'}: ${lagLine}`,
      `flat memory: ${memoryFlat ? 'yes' : 'NO'} (instances never killed, samples after minute ${warmUp.toFixed(1)}, RSS slope < ${maxSlopeMb} MB/min and last ≤ 1.25 × first, V8 heap in use slope < ${maxHeapSlopeMb} MB/min): ${memoryLines.join('; ')}`,
      // since each instance's last start (an instance killed by a fault starts again from 0)
      `Kafka consumers replaced for not progressing or after a crash kafkajs does not restart after: ${instances.map((i) => `${i.label} ${sumOf(lastScrape.get(i.label), 'inclusion_consumer_restarts_total') ?? '–'}`).join(', ')}`,
      `statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    ];
    for (const line of summary) log(line);

    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'soak.svg'), plot(samples, faults, instances.map((i) => i.label)));
    writeFileSync(join(outDir, 'soak.md'), report({ samples, faults, summary, loadMinutes, labels: instances.map((i) => i.label), journeys }));
    log(`wrote ${relative(ROOT, join(outDir, 'soak.md'))} and ${relative(ROOT, join(outDir, 'soak.svg'))}`);
    await cleanUp();
    process.exit(verdict === 'PASS' ? 0 : 1);
  } catch (error) {
    log(`soak aborted: ${(error as Error).stack}`);
    for (const instance of instances) if (instance.process) log(`${instance.label} last lines:\n${instance.process.log.split('\n').slice(-15).join('\n')}`);
    await cleanUp();
    process.exit(2);
  }
}

function report(r: { samples: Sample[]; faults: { minute: number; what: string; tookS: number }[]; summary: string[]; loadMinutes: number; labels: string[]; journeys: number }): string {
  const f = (v: number | null) => (v === null ? '–' : v.toFixed(0));
  const services = Object.values(SHORT);
  const head = ['minute', ...r.labels.map((l) => `RSS ${l} (MB)`), ...r.labels.map((l) => `heap ${l} (MB)`), ...services.map((s) => `outbox ${s}`), ...services.map((s) => `lag ${s}`), 'p99 (ms)', 'requests', 'refused', 'journeys'];
  const rows = r.samples.map((s) => [s.minute.toFixed(1), ...r.labels.map((l) => f(s.rssMb[l])), ...r.labels.map((l) => f(s.heapMb[l])), ...services.map((k) => f(s.outbox[k])), ...services.map((k) => f(s.consumerLag[k])), f(s.p99), String(s.requests), String(s.failed), String(s.journeys)]);
  return [
    '# Soak run',
    '',
    `Written by \`npm run soak -- ${args.join(' ')}\` (bench/soak.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; how it works and how the verdict is judged: docs/operations.md, "Soak".`,
    `Settings: ${minutes} min, ${users} virtual users pausing ${pauseMs} ms between case journeys, a fault every ${faultEvery} min, a sample every ${sampleSeconds} s;`,
    'a private three-node Kafka cluster (replication factor 3, min.insync.replicas 2), two instances of social services (ss-1, ss-2) and of the employment office (eo-1, eo-2), one of the insertion company (ei-1) and of the delegation (rd-1). Outbox and consumer lag: the largest value a service\'s instances report; "–": the instance was down or did not answer.',
    '',
    '## Verdict',
    '',
    ...r.summary.map((line) => `- ${line}`),
    '',
    '![RSS, V8 heap in use, outbox lag, consumer lag and p99 per sample; faults marked](soak.svg)',
    '',
    '## Faults',
    '',
    '| minute | fault | took (s) |',
    '| --- | --- | --- |',
    ...r.faults.map((x) => `| ${x.minute.toFixed(1)} | ${x.what} | ${x.tookS} |`),
    '',
    '## Samples',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

/** Five stacked line charts (RSS and V8 heap in use per instance, outbox lag, consumer lag, p99), faults as dashed vertical lines. */
function plot(samples: Sample[], faults: { minute: number; what: string }[], labels: string[]): string {
  const W = 900;
  const panelH = 170;
  const left = 70;
  const right = 140;
  const top = 30;
  const gap = 45;
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
  const maxMinute = Math.max(1, ...samples.map((s) => s.minute));
  const x = (m: number) => left + ((W - left - right) * m) / maxMinute;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const panels: { title: string; unit: string; series: { name: string; values: (number | null)[] }[] }[] = [
    { title: 'Resident memory per instance', unit: 'MB', series: labels.map((l) => ({ name: l, values: samples.map((s) => s.rssMb[l]) })) },
    { title: 'V8 heap in use per instance', unit: 'MB', series: labels.map((l) => ({ name: l, values: samples.map((s) => s.heapMb[l]) })) },
    { title: 'Outbox lag (rows not yet published)', unit: 'rows', series: Object.values(SHORT).map((k) => ({ name: k, values: samples.map((s) => s.outbox[k]) })) },
    { title: 'Consumer lag (messages left to read)', unit: 'msgs', series: Object.values(SHORT).map((k) => ({ name: k, values: samples.map((s) => s.consumerLag[k]) })) },
    { title: 'p99 latency of the interval\'s requests', unit: 'ms', series: [{ name: 'p99', values: samples.map((s) => s.p99) }] },
  ];
  const out: string[] = [];
  const H = top + panels.length * (panelH + gap) + 10;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${left}" y="18" font-size="13" font-weight="bold">Soak: ${samples.length} samples over ${maxMinute.toFixed(1)} min; dashed lines: faults</text>`);
  panels.forEach((panel, p) => {
    const y0 = top + p * (panelH + gap) + 15;
    const all = panel.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
    const maxV = Math.max(1, ...all) * 1.1;
    const y = (v: number) => y0 + panelH - (panelH * v) / maxV;
    out.push(`<text x="${left}" y="${y0 - 4}" font-weight="bold">${esc(panel.title)}</text>`);
    out.push(`<rect x="${left}" y="${y0}" width="${W - left - right}" height="${panelH}" fill="none" stroke="#999"/>`);
    for (let t = 0; t <= 4; t++) {
      const v = (maxV * t) / 4;
      out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`);
      out.push(`<text x="${left - 5}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(0)}${t === 4 ? ` ${panel.unit}` : ''}</text>`);
    }
    for (let m = 0; m <= maxMinute; m += maxMinute > 10 ? 5 : 1) {
      out.push(`<text x="${x(m).toFixed(1)}" y="${y0 + panelH + 14}" text-anchor="middle">${m}${m === 0 ? ' min' : ''}</text>`);
    }
    for (const fault of faults) out.push(`<line x1="${x(fault.minute).toFixed(1)}" x2="${x(fault.minute).toFixed(1)}" y1="${y0}" y2="${y0 + panelH}" stroke="#c00" stroke-dasharray="4 3"><title>${esc(fault.what)}</title></line>`);
    panel.series.forEach((series, i) => {
      const colour = colours[i % colours.length];
      // a gap where the instance was down (null)
      let d = '';
      let pen = false;
      series.values.forEach((v, k) => {
        if (v === null) return void (pen = false);
        d += `${pen ? 'L' : 'M'}${x(samples[k].minute).toFixed(1)},${y(v).toFixed(1)} `;
        pen = true;
      });
      out.push(`<path d="${d.trim()}" fill="none" stroke="${colour}" stroke-width="1.6"/>`);
      out.push(`<line x1="${W - right + 10}" x2="${W - right + 30}" y1="${y0 + 12 + i * 14}" y2="${y0 + 12 + i * 14}" stroke="${colour}" stroke-width="2"/>`);
      out.push(`<text x="${W - right + 35}" y="${y0 + 16 + i * 14}">${esc(series.name)}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

main();
