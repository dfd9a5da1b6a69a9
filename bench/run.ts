import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { appendVsRawInsert, endToEndLatency, relayVsRawProducer } from './backbone.bench';
import { caseViewRebuildVsRawRead, inclusionProofVsRawSha256, verificationVsRawSha256 } from './audit.bench';
import { httpCommandThroughput } from './http.bench';
import { readModelRebuildVsRawRead } from './read-models.bench';
import { consumerVsRawEachBatch } from './consumer.bench';
import { formatLine, Line, TABLE_HEADER, tableRow } from './support';

/**
 * `npm run bench`: every benchmark, each printed against a baseline measured in the same
 * run on the same machine, then written to docs/performance.md. Not a test: nothing here
 * asserts a timing.
 */
async function main() {
  Logger.overrideLogger(['error']);
  const lines: Line[] = [];
  const memoryBefore = process.memoryUsage().rss;
  for (const bench of [appendVsRawInsert, relayVsRawProducer, consumerVsRawEachBatch, endToEndLatency, verificationVsRawSha256, inclusionProofVsRawSha256, caseViewRebuildVsRawRead, readModelRebuildVsRawRead, httpCommandThroughput]) {
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
    '<!-- written by `npm run bench`; ratios against baselines measured in the same run -->',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}, ${machine}, local PostgreSQL and the local Kafka broker.`,
    'Ratio = measured / baseline (for rates, below 1 means slower than the baseline; for latencies, above 1 means slower).',
    '',
    'Lines measured in repetitions: one warm-up round, then each round runs the measure and its baseline (the same durable work);',
    'value and baseline are the medians (min-max) of the rounds, the ratio is the median (min-max) of the per-round ratios.',
    'A line that misses its goal says so; none is dropped.',
    '',
    ...TABLE_HEADER,
    ...lines.map((l) => `| ${tableRow(l)} |`),
    '',
    `Process memory (rss): ${(memoryBefore / 1e6).toFixed(0)} MB before, ${(memoryAfter / 1e6).toFixed(0)} MB after the suite.`,
    '',
    '## What the numbers say',
    '',
    '- Appends are serialised per store (see docs/event-store.md, "Global order without skips"), and each',
    '  append also hashes, signs, writes the outbox and the stream and chain heads: the single-event ratio',
    '  is the price of ordering and tamper evidence. Batched appends amortise the lock and the commit.',
    '- The relay reads the outbox by cursor (no row lock, no per-row UPDATE), reads the next batch while one is in',
    '  flight, and advances its cursor with one UPDATE per batch; the baseline sends the same bytes from memory.',
    '- The consumer decodes each event and runs one transaction per fetched batch (the inbox rows in one INSERT, then',
    '  the handlers); the raw eachBatch parses the JSON and does the same inserts. Neither checks signatures here.',
    '- End-to-end latency includes the commit, the NOTIFY wake-up of the relay, the publish with acks=all,',
    '  the consumer fetch and the inbox transaction.',
    '- Verification reads each event back from PostgreSQL, recomputes its canonical hash, rebuilds the Merkle tree',
    '  in memory and checks one Ed25519 signature per signed tree head (one per commit), not one per event.',
    '- An inclusion proof per event is one query of at most ~2 log2 n stored nodes plus ~log2 n SHA-256 node',
    '  hashes to verify: the query round trip dominates the gap to raw hashing.',
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
