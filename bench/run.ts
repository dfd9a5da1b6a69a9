import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { appendVsRawInsert, endToEndLatency, relayVsRawProducer } from './backbone.bench';
import { caseViewRebuildVsRawRead, inclusionProofVsRawSha256, verificationVsRawReadAndHash } from './audit.bench';
import { httpCommandThroughput } from './http.bench';
import { liveRecordingVsRawEachBatch, readModelRebuildVsRawRead } from './read-models.bench';
import { consumerVsRawEachBatch } from './consumer.bench';
import { bulkImportVsRawCopy } from './import.bench';
import { appendAtScale } from './scale.bench';
import { openLoopLoad } from './load';
import { formatLine, Line, TABLE_HEADER, tableRow } from './support';
import { settle, Settled } from './settle';

/**
 * `npm run bench`: every benchmark, each printed against a baseline measured in the same
 * run on the same machine, then written to docs/performance.md. Not a test: nothing here
 * asserts a timing.
 */
/** Every bench, by the name `npm run bench -- <word>` selects it with (a word matches the names containing it). */
const BENCHES: Record<string, () => Promise<Line[]>> = {
  appendVsRawInsert: () => appendVsRawInsert(),
  relayVsRawProducer: () => relayVsRawProducer(),
  consumerVsRawEachBatch: () => consumerVsRawEachBatch(),
  endToEndLatency: () => endToEndLatency(),
  verificationVsRawReadAndHash: () => verificationVsRawReadAndHash(),
  inclusionProofVsRawSha256: () => inclusionProofVsRawSha256(),
  caseViewRebuildVsRawRead: () => caseViewRebuildVsRawRead(),
  readModelRebuildVsRawRead: () => readModelRebuildVsRawRead(),
  liveRecordingVsRawEachBatch: () => liveRecordingVsRawEachBatch(),
  bulkImportVsRawCopy: () => bulkImportVsRawCopy(),
  httpCommandThroughput: () => httpCommandThroughput(),
  openLoopLoad: () => openLoopLoad(process.env.BENCH_LOAD_RATES ? process.env.BENCH_LOAD_RATES.split(',').map(Number) : undefined),
  appendAtScale: () => appendAtScale(),
};

/**
 * Benches a full run leaves out (they take longer than the 15 minutes the rest takes on 2 cores):
 * run them by name (`npm run bench -- scale`); a full run keeps their rows from the last time.
 */
const ONLY_BY_NAME: Record<string, string[]> = { appendAtScale: ['append p50 with ', 'append p99 with '] };

const docPath = join(__dirname, '..', '..', 'docs', 'performance.md');

/** The table's rows: every line measured; for a partial run, the rows of the last full run with the measured ones replaced. */
function rowsOf(lines: Line[], partial: boolean): string[] {
  const measured = lines.map((l) => `| ${tableRow(l)} |`);
  if (!existsSync(docPath)) return measured;
  const kept = Object.values(ONLY_BY_NAME).flat();
  const previous = readFileSync(docPath, 'utf8')
    .split('\n')
    .filter((row) => row.startsWith('| ') && !row.startsWith('| measure') && !row.startsWith('|---'))
    .filter((row) => partial || kept.some((prefix) => row.startsWith(`| ${prefix}`)))
    // a row whose name carries run details (the scale preload) is replaced by the new line of the same prefix
    .filter((row) => !kept.some((prefix) => row.startsWith(`| ${prefix}`) && lines.some((l) => l.name.startsWith(prefix))));
  const nameOf = (row: string) => row.split(' | ')[0].slice(2);
  const replaced = new Set<string>();
  const rows = previous.map((row) => {
    const line = lines.find((l) => l.name === nameOf(row));
    if (!line) return row;
    replaced.add(line.name);
    return `| ${tableRow(line)} |`;
  });
  return [...rows, ...lines.filter((l) => !replaced.has(l.name)).map((l) => `| ${tableRow(l)} |`)];
}

/** What the runner's settling between benches (bench/settle.ts) did in this run. */
function settlingNote(settles: ({ name: string } & Settled)[]): string {
  if (settles.length === 0) return '';
  const waits = settles.map((s) => s.seconds).sort((a, b) => a - b);
  const span = (min: number, max: number) => (min.toFixed(0) === max.toFixed(0) ? `${min.toFixed(0)}` : `${min.toFixed(0)}-${max.toFixed(0)}`);
  const restless = settles.filter((s) => !s.quiet).map((s) => `${s.name} (${(s.busy * 100).toFixed(0)} % busy)`);
  return (
    'Before each bench the runner let the machine settle (bench/settle.ts: a CHECKPOINT, then until no autovacuum worker ran and the ' +
    `machine was under 20 % busy over a second, at most 30 s): it waited ${span(waits[0], waits[waits.length - 1])} s` +
    (restless.length ? `; still busy when measuring began: ${restless.join(', ')}.` : '.')
  );
}

async function main() {
  Logger.overrideLogger(['error']);
  const lines: Line[] = [];
  const failures: string[] = [];
  const settles: ({ name: string } & Settled)[] = [];
  const memoryBefore = process.memoryUsage().rss;
  // How busy the machine was: the 1-minute load average, sampled every 10 s while the benches run.
  const loads = [loadavg()[0]];
  const loadSampler = setInterval(() => loads.push(loadavg()[0]), 10_000);
  // `npm run bench -- append relay` runs only the benches whose name contains one of the words and replaces their rows in docs/performance.md.
  const words = process.argv.slice(2).map((word) => word.toLowerCase());
  const unknown = words.filter((word) => !Object.keys(BENCHES).some((name) => name.toLowerCase().includes(word)));
  if (unknown.length) throw new Error(`no bench named like ${unknown.join(', ')} (one of ${Object.keys(BENCHES).join(', ')})`);
  const only = words.length ? Object.keys(BENCHES).filter((name) => words.some((word) => name.toLowerCase().includes(word))) : [];
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (only.length ? !only.includes(name) : name in ONLY_BY_NAME) continue;
    const settled = await settle();
    settles.push({ name, ...settled });
    if (!settled.quiet) console.log(`(before ${name}: the machine was still ${(settled.busy * 100).toFixed(0)} % busy or vacuuming after ${settled.seconds.toFixed(0)} s; measuring anyway)`);
    const began = Date.now();
    let result: Line[];
    try {
      result = await bench();
    } catch (error) {
      // one bench failing does not lose the others' figures: the document says which failed and why
      console.error(`${name} failed:`, error);
      failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    result.forEach((line) => console.log(formatLine(line)));
    console.log(`(${name}: ${((Date.now() - began) / 1000).toFixed(0)} s)`);
    lines.push(...result);
  }
  const memoryAfter = process.memoryUsage().rss;
  clearInterval(loadSampler);
  const sortedLoads = [...loads].sort((a, b) => a - b);
  const load = { min: sortedLoads[0], median: sortedLoads[Math.floor(sortedLoads.length / 2)], max: sortedLoads[sortedLoads.length - 1] };
  console.log(`memory (rss): ${(memoryBefore / 1e6).toFixed(0)} MB before, ${(memoryAfter / 1e6).toFixed(0)} MB after`);

  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const doc = [
    '# Performance',
    '',
    '<!-- written by `npm run bench`; ratios against baselines measured in the same run -->',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}, ${machine}, local PostgreSQL and the local Kafka broker.`,
    'Ratio = measured / baseline (for rates, below 1 means slower than the baseline; for latencies, above 1 means slower).',
    '',
    'Lines measured in repetitions: one warm-up round, then each round runs the measure and its baseline (the same durable work);',
    'value and baseline are the medians (min-max) of the rounds, the ratio is the median (min-max) of the per-round ratios.',
    'A line that misses its goal says so; none is dropped.',
    ...(only.length ? ['', `This run measured only ${only.join(', ')} (their rows); the other rows are from the previous run, which may have been on another machine.`] : []),
    '',
    ...TABLE_HEADER,
    ...rowsOf(lines, only.length > 0),
    ...(failures.length ? ['', `Benches that failed in this run (no row): ${failures.join('; ')}.`] : []),
    ...(only.length ? [] : ['', `Rows of ${Object.keys(ONLY_BY_NAME).join(', ')} are from its last run by name (\`npm run bench -- scale\`): it preloads millions of events.`]),
    '',
    `Process memory (rss): ${(memoryBefore / 1e6).toFixed(0)} MB before, ${(memoryAfter / 1e6).toFixed(0)} MB after the suite.`,
    '',
    `Load average (1 min) while this ran: median ${load.median.toFixed(1)} (min ${load.min.toFixed(1)}, max ${load.max.toFixed(1)}) on ${cpus().length} cores. ` +
      'It counts the benches\' own processes (the services the load benches start, PostgreSQL, Kafka) and anything else running; ' +
      'absolute figures vary with it, the ratios compare sides measured in the same rounds.',
    '',
    settlingNote(settles),
    '',
    '## What the numbers say',
    '',
    '- Appends are group-committed (docs/event-store.md, "Append"): the appends that queue while a batch commits go',
    '  into the next one, whose critical section is BEGIN + lock + one read (one round trip), hashes and one signed',
    '  tree head per institution in memory, one set-based write (events and outbox rows as one JSON array read by',
    '  json_to_recordset, heads and tree nodes by unnest), COMMIT. With 8 closed-loop writers a batch',
    '  holds about 8 appends, so one fsync and one lock serve 8 events; the baseline gets the same from PostgreSQL\'s',
    '  own group commit across 8 connections. The store still does more per event than the baseline (hash chain,',
    '  Merkle nodes, a signed head per institution and batch, stream and chain heads, an inclusion proof in each',
    '  outbox row), all inside the one lock. Batched appends (100 per call) amortise the same fixed cost.',
    '- Why the append goals are missed: a single-event append waits for its batch, and batches run one at a time',
    '  because the store-wide lock is held until COMMIT (that is what keeps global positions gap-free in commit order',
    '  for the relay and the readers, docs/event-store.md); the 8 raw writers commit in parallel on both cores. Raising',
    '  it needs another ordering design (commit outside the lock, readers bounded by a visibility watermark), not done.',
    '  Round trips are not what bounds it: on 2026-11-28 a batch that skipped its read (it assumed what the last commit',
    '  left and checked it under the lock in the statement before its write) and sent BEGIN, lock, check, write and COMMIT',
    '  as one query was measured against the current three round trips (profile-append.js, 4 alternating runs of 10,000',
    '  events): 1,690-1,950 events/s against 1,710-2,220, no gain, not kept. In PostgreSQL a batch of 8 took about 1.1 ms',
    '  for the write, 0.2 ms for the read (auto_explain), then the COMMIT\'s flush; in Node about 1.2 ms (hashes, proofs,',
    '  4 signed heads, JSON); all of it in series, one batch at a time.',
    '  Since 2026-11-29 the batch is computed while its read is in flight, on the state the last commit left',
    '  (chain heads, tree frontiers, next position; each stream at the version its first member expects), and kept',
    '  when the read finds exactly that state (docs/event-store.md, "Append"): Node\'s part now overlaps the read.',
    '  profile-append.js 6000, 3 alternating runs: 1,995-2,005 events/s against 1,601-1,808 before; the bench line,',
    '  4 alternating runs: 0.60 and 0.62 before, 0.63 and 0.65 after (this machine\'s baseline moved between 2,571',
    '  and 3,405 events/s from run to run). No gain for 100-event appends, whose Node part is far longer than the read.',
    '  A 100-event append is bound by Node CPU (about 13 ms per call, GC included, by `profile-append.js 5000 100`: canonical JSON and SHA-256 of each event, the',
    '  Merkle nodes and proofs, the outbox messages) run in series with its database work; the raw INSERT has none.',
    '  Since 2026-11-28 a batch of 40 events or more (copyFromEvents) streams its events, outbox rows and tree nodes by',
    '  COPY, as the bulk import does, instead of one JSON parameter read by json_to_recordset: that parameter (about',
    '  250 KB for 100 events) cost Node a flatten and pg\'s message buffer several fresh large allocations, dear on this',
    '  machine, and PostgreSQL the JSON parsing. profile-append.js 20000 100, 3 alternating runs: 3,040-3,200 events/s',
    '  before, 3,890-4,790 after; 50-event appends 2,990-3,090 against 3,350-3,370 by COPY; 20-event appends were',
    '  slower by COPY (2,070 against 2,500: three more round trips), hence the threshold.',
    '  Its baseline inserts every row the append wrote (events and outbox rows, tree nodes and the signed tree head, the',
    '  stream and the chain head, upserted as the store does), as the bulk import\'s baseline does; before 2026-11-28 it',
    '  inserted only the events and outbox rows. Writing the events while the proofs and outbox messages are computed',
    '  (two statements instead of one) was tried and measured: within this machine\'s noise, not kept.',
    '- The relay reads the outbox by cursor (no row lock, no per-row UPDATE), reads the next batch while one is in',
    '  flight, and advances its cursor with one UPDATE per batch; the baseline sends the same bytes from memory.',
    '- The consumer decodes each event and runs one transaction per fetched batch (the inbox rows in one INSERT, then',
    '  the handlers); the raw eachBatch parses the JSON and does the same inserts. Neither checks signatures here.',
    '  Decoding checks the envelope with a JSON Schema compiled by ajv (libs/messaging/src/envelope-shape.ts) since 2026-11-28:',
    '  about 14 us per event instead of 38 us with the class-validator class it replaced (the payload rules are still',
    '  class-validator); in the same conditions the consumer line went from 0.78 to 0.84-0.91 and live recording from about 4,300 to 5,000-5,250 events/s.',
    '- End-to-end latency includes the commit, the in-process wake-up of the relay, the publish with acks=all,',
    '  the consumer fetch and the inbox transaction.',
    '- Verification reads each event back from PostgreSQL, recomputes its canonical hash, rebuilds the Merkle tree',
    '  in memory and checks one Ed25519 signature per signed tree head (one per commit), not one per event. Its',
    '  baseline reads the same rows in the same pages and canonicalises and hashes each inside the timer.',
    '- An inclusion proof per event is one query of at most ~2 log2 n stored nodes plus ~log2 n SHA-256 node',
    '  hashes to verify: the query round trip dominates the gap to raw hashing.',
    '- A case-view rebuild reads the log in pages, reveals (decrypts where it can) and folds every event. Upcasting an',
    '  event looks its type\'s newest version up in a map; until 2026-11-28 it sorted every definition of the catalogue',
    '  each time (in one run: case-view rebuilds 0.20 of the raw read before, 0.68 after; read models 0.15, then 0.23).',
    '- The read-model rebuild (regional delegation) reads the network log in pages, upcasts and folds every event',
    '  into three projections in memory, then writes the documents back in batches, all in one transaction.',
    '- Live recording is measured as the delegation does it: an EventConsumer on Kafka (decode, the proof check of',
    '  each event against the registry, inbox) whose run handler is NetworkLog.recordAll (per fetched run: the log lock,',
    '  one append, one read of the documents touched, the folds in memory, one write); the raw kafkajs eachBatch parses,',
    '  runs the same proof check and writes the same inbox rows and network_log rows, one transaction per batch, without the folds.',
    '  It writes the network_log rows in one statement per batch, as the network log does; until 2026-11-28 it inserted them one',
    '  by one, and the recording ran 1.1-1.4 times that slower baseline.',
    '  The proof check verifies the signature of a commit\'s checkpoint once for all its events (both sides; one Ed25519',
    '  verification per event before 2026-11-28: 1,130-1,200 events/s recorded then, about 1,700 after, in the same conditions).',
    '- Bulk import (npm run import; docs/event-store.md, "Bulk import") checks each NDJSON line against the catalogue,',
    '  chains, hashes and signs (one tree head per 5000 events) and streams events, outbox rows and tree nodes by COPY;',
    '  the baseline COPYs the very rows it wrote (read back with COPY TO outside the timer) into tables LIKE them.',
    '  The next chunk\'s lines are parsed, checked and encrypted while the previous chunk\'s COPY runs; what is left',
    '  is Node CPU (checking each payload with class-validator, canonical JSON and hashes, proofs, COPY text), about',
    '  twice the database\'s time for the same rows (`node --cpu-prof dist/bench/profile-import.js [events] [rounds]`',
    '  prints Node\'s CPU per event). On this machine touching fresh memory is dear (a 256 KB buffer allocated and',
    '  filled: about 1 ms; 64 KB: 0.2 ms): the COPY text went out in blocks of 1000 rows (2-3 MB strings, each made',
    '  into a Buffer) until 2026-11-28 and now in blocks of 32 K characters, and JSON text is escaped for COPY by doubling',
    '  its backslashes only (JSON.stringify leaves no tab or newline): the line went from 0.33-0.36 to 0.41 in alternating runs.',
    '- Open-loop load: social services and the delegation are started for the bench (fresh schemas and topics); case',
    '  openings are sent on a fixed schedule whatever the answers, and each is timed from the HTTP request until the',
    '  delegation\'s network log (written in the read models\' transaction) shows it, read when the log\'s NOTIFY wakes',
    '  the generator (every 100 ms at most otherwise; it polled every 5 ms before, which cost PostgreSQL about 140 queries',
    '  a second). A rate the machine cannot keep (the generator 1 s behind, 2 s of commands unanswered, or answers taking',
    '  1.5x the schedule) is run at a quarter of it (down to 10/s) and the line says so. CPU per command sums utime + stime',
    '  and the reaped children\'s (/proc/<pid>/stat) of both services, Kafka and every PostgreSQL process, listed afresh',
    '  at each reading (a backend that ends during a round stays counted in its postmaster), so other users\' sessions count too.',
    '- The latency lines\' tails on this machine follow its disk: a lone INSERT + COMMIT, 100 per second with nothing else',
    '  running, took p50 0.9 ms, p99 9.3 ms and at most 290 ms (an fsync stall), and every command waits for such a COMMIT.',
    '- Every kafkajs client here runs without kafkajs 2.2.4\'s idle timer loop (docs/operations.md), product and baselines alike.',
    '- Scale: the store is preloaded with generate_series (another institution\'s events and their 1 KB outbox rows,',
    '  every index in place) into a dedicated schema, dropped afterwards; the line names the preload time and size.',
    '  The issue asks for 10M events; `BENCH_SCALE_EVENTS` sets the size (default 10M); see the line for what was run.',
    '- HTTP commands run the whole path: token verification, validation, the command loop (read, access and decide',
    '  outside the lock, then the group-committed append with its outbox row); the baseline parses the same JSON and answers.',
    '  Since 2026-11-29 the rows that commit with a command (the person\'s key claimed, the Idempotency-Key\'s answer) are',
    '  written with the rest of the batch, one statement per kind of row, instead of one round trip per command under',
    '  the batch\'s lock: timed in this path (16 clients, about 7 appends a batch), that phase went from 10.5 ms of a',
    '  batch\'s 22.6 ms to 3.2 ms of 17 ms; the commands per second did not move, on two cores that the clients, the',
    '  service and PostgreSQL already fill.',
    '',
    '## Profile of a single-event append (before and after group commit)',
    '',
    '`node --cpu-prof dist/bench/profile-append.js 3000` (8 writers, one case opening per append, 4 institutions; pg_stat_statements',
    'is not loaded on the local server, so the database side was timed per step in the appender):',
    '',
    '- Before: 249 events/s. Node was idle 64 % of the time, waiting for PostgreSQL: every append made 16 round trips',
    '  (BEGIN, lock, stream version, chain head, nextval, tree size, tree lock, frontier, INSERT tlog_nodes, INSERT tlog_heads,',
    '  proof nodes, INSERT events, INSERT outbox, streams, chain head, pg_notify, COMMIT) all under the store-wide lock, so',
    '  appends ran one at a time (about 4 ms each) and PostgreSQL could never group their fsyncs; the pg_notify inside the',
    '  transaction also took the instance-wide notify lock at commit. CPU in Node: about 1.6 ms per append (pg protocol',
    '  and TypeORM about 15 %, the append itself 3 %: hashing, one Ed25519 signature per append, JSON).',
    '- After: about 1,800-2,100 events/s on the same run (8 appends per batch on average), 0.35 ms of Node CPU per append.',
    '  A batch of 8 takes about 4 ms: BEGIN + lock + read 0.9-1.1 ms, hashing, Merkle nodes and one signature per',
    '  institution (4 here) 0.6 ms, the one write 1.5-1.7 ms (events with their 7 indexes, outbox, open_cases trigger, tree',
    '  nodes and heads, stream and chain heads), COMMIT 0.5-0.7 ms. Node is still idle about 65 %: the remaining wall is',
    '  the serial batch, whose size the closed-loop writers bound (an open-loop load fills batches further).',
    '- Again on 2026-11-28, on a VM about half as fast (its Nest trivial route 9,471 req/s against 19,652): 750-900 events/s,',
    '  0.8-0.9 ms of Node CPU per append (2.0 ms with one writer); a batch of 8 took 8.5-9.3 ms: BEGIN + lock + read',
    '  2.4-2.6 ms, hashing 0.65 ms, trees, proofs and signatures 1.7 ms, the write 2.5-2.7 ms, COMMIT 1.3-1.4 ms; Node and',
    '  PostgreSQL together kept both cores busy. With pg_stat_statements (track_planning) loaded by hand, the batch\'s read',
    '  was planned every time (0.6 ms mean under load); preparing it costs a round trip of its own and gained nothing measurable.',
    '- Again on 2026-11-28 (a third VM: Firecracker, where fdatasync takes 165 us by pg_test_fsync but touching fresh',
    '  memory costs about 4 us a KB): 1,300 events/s, a batch of 8 in 5.8 ms on average: BEGIN + lock + read 1.5 ms',
    '  (planning 0.3 ms of it; the same read from a prepared plpgsql function that takes the lock itself, after a',
    '  BEGIN of its own, measured the same: 0.89-1.17 ms against 0.87-1.18 ms, each with its ROLLBACK; called in the',
    '  BEGIN\'s round trip, profile-append.js 6000, 3 alternating runs: 1,170-1,450 events/s against 1,400-1,470), hashes, trees, proofs and signatures',
    '  0.7 ms, the write 2.3 ms, COMMIT 1.3 ms. Node is idle about half the time.',
    '',
  ].join('\n');
  writeFileSync(docPath, doc);
  console.log('written docs/performance.md');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
