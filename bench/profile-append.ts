import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { benchStore, caseOpenedPayload, context, seconds } from './support';

/**
 * A short profile of single-event appends (8 concurrent writers): run it under
 * `node --cpu-prof dist/bench/profile-append.js [events]` to see where an append spends its time;
 * it prints the rate and, per append, the wall time and the CPU time of this process.
 */
async function main() {
  Logger.overrideLogger(['error']);
  const total = Number(process.argv[2] ?? 3000);
  const writers = 8;
  const b = await benchStore('profile');
  try {
    const run = async (tag: string, n: number) => {
      let next = 0;
      const cpu = process.cpuUsage();
      const s = await seconds(() =>
        Promise.all(
          Array.from({ length: writers }, async () => {
            for (let i = next++; i < n; i = next++) {
              await b.store.append(`case-${tag}-${i}`, [{ type: 'case.opened', schemaVersion: 2, caseId: `c-${tag}-${i}`, payload: { ...caseOpenedPayload(i), personId: `person-${tag}-${i}` } }], 'no-stream', context(i));
            }
          }),
        ),
      );
      const used = process.cpuUsage(cpu);
      return { rate: n / s, cpuMsPerAppend: (used.user + used.system) / 1000 / n };
    };
    await run('warm', 300);
    const result = await run('measure', total);
    console.log(`${total} single-event appends, ${writers} writers: ${result.rate.toFixed(1)} events/s, ${result.cpuMsPerAppend.toFixed(3)} ms CPU (node) per append`);
  } finally {
    await b.drop();
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
