import { EVENT_COLUMNS } from '@inclusion/event-store';
import { benchStore, caseOpenedPayload, context, fromRounds, Line, median, percentile } from './support';

/** Events of another institution, made by generate_series: notes in streams of 10, every column filled as the store fills it. */
const preloadSql = (from: number, to: number, shift: number) => `
WITH g AS (SELECT n FROM generate_series(${from}, ${to}) AS n),
e AS (
  INSERT INTO events (${EVENT_COLUMNS})
  SELECT n + ${shift}, gen_random_uuid(), 'case-pre-' || (n / 10), (n % 10) + 1, 'case.note', 1, 'ss-preload', n, 'preload', 'technician', NULL,
         now(), now(), gen_random_uuid(), NULL, 'pre-' || (n / 10), NULL, NULL, jsonb_build_object('n', n), '{}'::jsonb,
         md5(n::text) || md5((n + 1)::text), md5(n::text) || md5((n - 1)::text), '', 'bench'
  FROM g RETURNING global_position, event_id, case_id
)
INSERT INTO outbox (global_position, event_id, topic, message_key, value)
SELECT global_position, event_id, 'bench.scale', case_id, repeat('x', 1000) FROM e`;

/**
 * Append latency at scale: single-event appends (8 writers, closed loop) with `small` events
 * already in the store vs the same with `large` (default 10M). The store is preloaded with
 * generate_series into a dedicated schema (events of another institution and their outbox
 * rows, 1 KB each, every index in place: the preload pays the index maintenance), grown from
 * `small` to `large` between the two measurements, and dropped afterwards; the preload's
 * duration is printed and written in the line's name. Rounds alternate nothing: the small
 * store is measured first (warm-up + rounds), then the large one.
 */
export async function appendAtScale(large = Number(process.env.BENCH_SCALE_EVENTS ?? 10_000_000), small = 100_000, perRound = 800, writers = 8, repetitions = 5): Promise<Line[]> {
  const b = await benchStore('scale');
  try {
    const preload = async (from: number, to: number) => {
      const began = Date.now();
      // global positions after the events already there (the bench's own appends took some)
      const [{ last }] = await b.dataSource.query(`SELECT coalesce(max(global_position), 0) AS last FROM events`);
      const shift = Number(last) - (from - 1);
      for (let start = from; start <= to; start += 500_000) {
        const end = Math.min(to, start + 499_999);
        await b.dataSource.query(preloadSql(start, end, shift));
        process.stderr.write(`\rscale: preloaded ${end.toLocaleString('en')} events (${((Date.now() - began) / 1000).toFixed(0)} s)`);
      }
      await b.dataSource.query(`SELECT setval('events_global_position_seq', (SELECT max(global_position) FROM events))`);
      await b.dataSource.query(`ANALYZE events; ANALYZE outbox`);
      process.stderr.write('\n');
      return (Date.now() - began) / 1000;
    };
    let round = 0;
    /** p50 and p99 of `perRound` single-event appends by `writers` writers (each a new case of the bench institution). */
    const measure = async () => {
      const r = round++;
      const latencies: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = next++; i < perRound; i = next++) {
            const began = performance.now();
            await b.store.append(`case-scale-${r}-${i}`, [{ type: 'case.opened', schemaVersion: 2, caseId: `scale-${r}-${i}`, payload: caseOpenedPayload(i) }], 'no-stream', context(i));
            latencies.push(performance.now() - began);
          }
        }),
      );
      latencies.sort((x, y) => x - y);
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    };
    const rounds = async () => {
      await measure(); // warm-up
      const results = [];
      for (let k = 0; k < repetitions; k++) results.push(await measure());
      return results;
    };
    const smallSeconds = await preload(1, small);
    const atSmall = await rounds();
    const largeSeconds = await preload(small + 1, large);
    const atLarge = await rounds();
    const [{ size }] = await b.dataSource.query(`SELECT pg_size_pretty(pg_total_relation_size('events') + pg_total_relation_size('outbox')) AS size`);
    const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
    const note = `preload ${count(large)}: ${((smallSeconds + largeSeconds) / 60).toFixed(1)} min, ${size}`;
    console.log(`scale: ${note}; p99 at ${count(small)} ${median(atSmall.map((x) => x.p99)).toFixed(1)} ms, at ${count(large)} ${median(atLarge.map((x) => x.p99)).toFixed(1)} ms`);
    const pair = (pick: (x: { p50: number; p99: number }) => number) => atLarge.map((x, k) => ({ value: pick(x), baseline: pick(atSmall[k]) }));
    return [
      fromRounds({ name: `append p50 with ${count(large)} events in the store (1 event/append, ${writers} writers; ${note})`, unit: 'ms', baselineName: `the same with ${count(small)} events`, higherIsBetter: false, goal: 1.3 }, pair((x) => x.p50)),
      fromRounds({ name: `append p99 with ${count(large)} events in the store (1 event/append, ${writers} writers)`, unit: 'ms', baselineName: `the same with ${count(small)} events`, higherIsBetter: false, goal: 1.3 }, pair((x) => x.p99)),
    ];
  } finally {
    await b.drop();
  }
}
