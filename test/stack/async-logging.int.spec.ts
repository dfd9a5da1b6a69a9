import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/stack';

/**
 * Logs are written asynchronously (pino over SonicBoom, sync: false: libuv's pool does the
 * writes). A process that logs a burst and then exits the way a service's shutdown does
 * (exitAfterFlushingLogs) must not lose a line: not the last one (the shutdown line), not one
 * still in flight when it exits. Real processes, stdout a pipe as under Docker or systemd.
 */
describe('asynchronous logging: nothing lost at the exit', () => {
  /** Runs a process that logs `lines` lines of about 300 bytes, then the shutdown line, then exits through exitAfterFlushingLogs. */
  const run = (lines: number) =>
    new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const script = `
        const { createLogger, exitAfterFlushingLogs } = require(${JSON.stringify(join(ROOT, 'dist', 'libs', 'observability', 'src'))});
        const logger = createLogger({ serviceName: 'async-log-test', logLevel: 'log', logFormat: 'json' });
        const padding = 'x'.repeat(250);
        for (let i = 0; i < ${lines}; i++) logger.log('line ' + i + ' ' + padding, 'Burst');
        logger.log('shutdown finished in 1 ms: exiting with code 0', 'Bootstrap');
        void exitAfterFlushingLogs(0);
      `;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') }));
    });

  it('the destination is asynchronous', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createLogger } = require(join(ROOT, 'dist', 'libs', 'observability', 'src'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { symbols } = require('pino');
    const logger = createLogger({ serviceName: 'async-log-test', logLevel: 'log', logFormat: 'json' });
    expect(logger.pino[symbols.streamSym].sync).toBe(false);
  });

  it('writes every line of a burst, in order, and the shutdown line last, run after run', async () => {
    const lines = 20_000;
    for (let attempt = 0; attempt < 5; attempt++) {
      const { code, stdout } = await run(lines);
      const written = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; context: string });
      expect({ attempt, code, count: written.length }).toEqual({ attempt, code: 0, count: lines + 1 });
      expect(written[written.length - 1]).toMatchObject({ context: 'Bootstrap', msg: 'shutdown finished in 1 ms: exiting with code 0' });
      const outOfOrder = written.slice(0, lines).findIndex((line, i) => !line.msg.startsWith(`line ${i} `));
      expect(outOfOrder).toBe(-1);
    }
  }, 120_000);
});
