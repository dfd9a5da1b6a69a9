import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { benchStore, caseOpenedPayload, context, seconds } from './support';

/**
 * A short profile of single-event appends (8 concurrent writers): run it under
 * `node --cpu-prof dist/bench/profile-append.js [events] [events per append]` to see where an
 * append spends its time (8 writers of 1 event each by default; `3000 100` profiles batched appends);
 * it prints the rate and the CPU time of this process per event.
 */
async function main() {
  Logger.overrideLogger(['error']);
  const total = Number(process.argv[2] ?? 3000);
  const perAppend = Number(process.argv[3] ?? 1);
  const writers = perAppend > 1 ? 1 : 8;
  const b = await benchStore('profile');
  try {
    const run = async (tag: string, n: number) => {
      let next = 0;
      const cpu = process.cpuUsage();
      const s = await seconds(() =>
        Promise.all(
          Array.from({ length: writers }, async () => {
            for (let i = next; i < n; i = next) {
              next += perAppend;
              const events = Array.from({ length: Math.min(perAppend, n - i) }, (_, k) => ({ type: 'case.opened', schemaVersion: 2, caseId: `c-${tag}-${i + k}`, payload: { ...caseOpenedPayload(i + k), personId: `person-${tag}-${i + k}` } }));
              await b.store.append(`case-${tag}-${i}`, events, 'no-stream', context(i));
            }
          }),
        ),
      );
      const used = process.cpuUsage(cpu);
      return { rate: n / s, cpuMsPerEvent: (used.user + used.system) / 1000 / n };
    };
    await run('warm', 300);
    const result = await run('measure', total);
    console.log(`${total} events in appends of ${perAppend}, ${writers} writer(s): ${result.rate.toFixed(1)} events/s, ${result.cpuMsPerEvent.toFixed(3)} ms CPU (node) per event`);
  } finally {
    await b.drop();
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
