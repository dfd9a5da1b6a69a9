import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { importLines } from './import.bench';
import { benchStore, seconds } from './support';

/**
 * A short profile of the bulk import: run it under `node --cpu-prof dist/bench/profile-import.js
 * [events] [rounds]` to see where an import spends its time (after one warm-up round, each round
 * imports a fresh institution's history; IMPORT_CHUNK sets the events per chunk, 5000 by default); it
 * prints the rate and this process's CPU time per event.
 */
async function main() {
  Logger.overrideLogger(['error']);
  const perRound = Number(process.argv[2] ?? 10_000);
  const rounds = Number(process.argv[3] ?? 3);
  const b = await benchStore('profile_import');
  try {
    await b.store.bulkImport('ss-import-warm', importLines(0, perRound));
    for (let r = 1; r <= rounds; r++) {
      const lines = importLines(r, perRound);
      const cpu = process.cpuUsage();
      const s = await seconds(() => b.store.bulkImport(`ss-import-${r}`, lines, { chunkEvents: Number(process.env.IMPORT_CHUNK ?? 5000) }));
      const used = process.cpuUsage(cpu);
      console.log(`${perRound} events: ${(perRound / s).toFixed(0)} events/s, ${((s * 1e6) / perRound).toFixed(1)} us an event, node CPU ${(used.user / perRound).toFixed(1)} us user + ${(used.system / perRound).toFixed(1)} us system an event`);
    }
  } finally {
    await b.drop();
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
