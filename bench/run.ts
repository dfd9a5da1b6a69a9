import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { appendVsRawInsert, endToEndLatency, relayVsRawProducer } from './backbone.bench';
import { caseViewRebuildVsRawRead, verificationVsRawSha256 } from './audit.bench';
import { httpCommandThroughput } from './http.bench';
import { readModelRebuildVsRawRead } from './read-models.bench';
import { formatLine, Line, ratio } from './support';

/**
 * `npm run bench`: every benchmark, each printed against a baseline measured in the same
 * run on the same machine, then written to docs/performance.md. Not a test: nothing here
 * asserts a timing.
 */
async function main() {
  Logger.overrideLogger(['error']);
  const lines: Line[] = [];
  const memoryBefore = process.memoryUsage().rss;
  for (const bench of [appendVsRawInsert, relayVsRawProducer, endToEndLatency, verificationVsRawSha256, caseViewRebuildVsRawRead, readModelRebuildVsRawRead, httpCommandThroughput]) {
    const result = await bench();
    result.forEach((line) => console.log(formatLine(line)));
    lines.push(...result);
  }
  const memoryAfter = process.memoryUsage().rss;
  console.log(`memory (rss): ${(memoryBefore / 1e6).toFixed(0)} MB before, ${(memoryAfter / 1e6).toFixed(0)} MB after`);

  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const doc = [
    '# Performance',
    '',
    '<!-- written by `npm run bench`; numbers from one run, ratios against baselines from the same run -->',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}, ${machine}, local PostgreSQL and the local Kafka broker.`,
    'Ratio = measured / baseline (for rates, below 1 means slower than the baseline; for latencies, above 1 means slower).',
    '',
    '| measure | value | baseline | baseline value | ratio |',
    '|---|---|---|---|---|',
    ...lines.map((l) => `| ${l.name} | ${l.value.toFixed(1)} ${l.unit} | ${l.baselineName} | ${l.baseline.toFixed(1)} ${l.unit} | ${ratio(l).toFixed(2)} |`),
    '',
    `Process memory (rss): ${(memoryBefore / 1e6).toFixed(0)} MB before, ${(memoryAfter / 1e6).toFixed(0)} MB after the suite.`,
    '',
    '## What the numbers say',
    '',
    '- Appends are serialised per store (see docs/event-store.md, "Global order without skips"), and each',
    '  append also hashes, signs, writes the outbox and the stream and chain heads: the single-event ratio',
    '  is the price of ordering and tamper evidence. Batched appends amortise the lock and the commit.',
    '- The relay adds a transaction, a row lock and an UPDATE per batch around the same producer calls.',
    '- End-to-end latency includes the commit, the NOTIFY wake-up of the relay, the publish with acks=all,',
    '  the consumer fetch and the inbox transaction.',
    '- Verification reads each event back from PostgreSQL, recomputes its canonical hash and checks an Ed25519',
    '  signature: the signature check dominates the gap to raw hashing.',
    '- A case-view rebuild reads the log in pages, reveals (decrypts where it can) and folds every event.',
    '- The read-model rebuild (regional delegation) reads the network log in pages, upcasts and folds every event',
    '  into three projections in memory, then writes the documents back in batches, all in one transaction.',
    '  Live recording pays a transaction, the log lock, an append and a read-modify-write per projection per event.',
    '- HTTP commands run the whole path: token verification, validation, the command loop under the append',
    '  lock, the append with its outbox row; the baseline parses the same JSON and answers.',
    '',
  ].join('\n');
  writeFileSync(join(__dirname, '..', '..', 'docs', 'performance.md'), doc);
  console.log('written docs/performance.md');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
