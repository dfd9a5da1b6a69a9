import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { env } from './support';

/** The machine's busy and total CPU time so far (jiffies, all cores), from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** The share of CPU time the whole machine was busy during the next `ms`. */
async function busyShare(ms: number): Promise<number> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  return after.total === before.total ? 0 : (after.busy - before.busy) / (after.total - before.total);
}

export interface Settled {
  seconds: number;
  /** The machine's busy share in the last second waited. */
  busy: number;
  /** Whether it got quiet before the time allowed. */
  quiet: boolean;
}

/**
 * Lets the machine settle between two benches, so that one bench does not pay for the work the
 * one before it left behind (both sides of a line are measured in the same rounds either way):
 * a CHECKPOINT writes out the pages the last bench dirtied, then it waits, up to `maxSeconds`,
 * until no autovacuum worker runs and the machine is less than `busyBelow` busy over a second.
 * /proc/stat is Linux's; elsewhere only the CHECKPOINT and the autovacuum wait apply.
 */
export async function settle({ maxSeconds = 30, busyBelow = 0.2 } = {}): Promise<Settled> {
  const began = Date.now();
  const client = new Client({ connectionString: env().databaseUrl });
  await client.connect();
  try {
    // CHECKPOINT needs a superuser or pg_checkpoint: without it, the wait alone applies.
    await client.query('CHECKPOINT').catch(() => undefined);
    for (;;) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
      const busy = await busyShare(1_000).catch(() => 0);
      const seconds = (Date.now() - began) / 1000;
      if (rows[0].n === 0 && busy < busyBelow) return { seconds, busy, quiet: true };
      if (seconds >= maxSeconds) return { seconds, busy, quiet: false };
    }
  } finally {
    await client.end();
  }
}
