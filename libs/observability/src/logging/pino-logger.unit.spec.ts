import { Logger } from '@nestjs/common';
import { runWithLogContext } from './log-context';
import { createPino, PinoLoggerService } from './pino-logger';

/** A pino logger writing into an array: each entry is one parsed JSON line. */
const capture = (logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'verbose') => {
  const lines: Record<string, unknown>[] = [];
  const service = new PinoLoggerService(createPino({ serviceName: 'social-services', logLevel }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
  return { lines, service };
};

describe('PinoLoggerService (Nest LoggerService over pino)', () => {
  it('writes pino JSON lines with level name, ISO time, service, pid, context and msg', () => {
    const { lines, service } = capture();
    service.log('listening on port 3001', 'Bootstrap');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'social-services', pid: process.pid, context: 'Bootstrap', msg: 'listening on port 3001' });
    expect(new Date(String(lines[0].time)).toISOString()).toBe(lines[0].time);
    expect(lines[0]).not.toHaveProperty('correlationId');
  });

  it('maps LOG_LEVEL (Nest names) to pino levels and drops what is below the threshold', () => {
    const { lines, service } = capture('warn');
    service.verbose('v', 'X');
    service.debug('d', 'X');
    service.log('l', 'X');
    service.warn('w', 'X');
    service.error('e', undefined, 'X');
    service.fatal('f', 'X');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
      ['fatal', 'f'],
    ]);
    const all = capture('verbose');
    all.service.verbose('v', 'X');
    all.service.debug('d', 'X');
    expect(all.lines.map((line) => line.level)).toEqual(['trace', 'debug']);
    // Nest's setLogLevels: the least severe level given becomes pino's threshold.
    all.service.setLogLevels(['error', 'warn', 'log']);
    all.service.debug('hidden', 'X');
    all.service.log('shown', 'X');
    expect(all.lines.map((line) => line.msg)).toEqual(['v', 'd', 'shown']);
  });

  it('spreads an object message into the line, its message becoming msg', () => {
    const { lines, service } = capture();
    service.log({ message: 'request', method: 'POST', route: '/cases', status: 201, ms: 12, correlationId: 'c-1' }, 'HTTP');
    expect(lines[0]).toMatchObject({ level: 'info', context: 'HTTP', msg: 'request', method: 'POST', route: '/cases', status: 201, ms: 12, correlationId: 'c-1' });
    expect(lines[0]).not.toHaveProperty('message');
  });

  it("reads Nest's error(message, stack, context) and logs an Error with its stack under err", () => {
    const { lines, service } = capture();
    const failure = new Error('boom');
    service.error('unexpected failure', failure.stack, 'HttpError');
    service.error(failure, 'Bootstrap');
    service.warn('publish failed', failure, 'OutboxRelay');
    expect(lines[0]).toMatchObject({ level: 'error', context: 'HttpError', msg: 'unexpected failure', err: { stack: failure.stack } });
    expect(lines[1]).toMatchObject({ level: 'error', context: 'Bootstrap', msg: 'boom', err: { type: 'Error', message: 'boom', stack: failure.stack } });
    expect(lines[2]).toMatchObject({ level: 'warn', context: 'OutboxRelay', msg: 'publish failed', err: { type: 'Error', message: 'boom' } });
  });

  it('adds the correlation id of the log context to every line written inside it, an explicit one winning', async () => {
    const { lines, service } = capture();
    await runWithLogContext({ correlationId: 'corr-1' }, async () => {
      service.log('before an await', 'CommandRunner');
      await new Promise((resolve) => setTimeout(resolve, 5));
      service.debug({ message: 'after an await', streamId: 'case-1' }, 'CommandRunner');
      service.log({ message: 'explicit', correlationId: 'corr-2' }, 'HTTP');
    });
    service.log('outside', 'Bootstrap');
    expect(lines.map((line) => [line.msg, line.correlationId])).toEqual([
      ['before an await', 'corr-1'],
      ['after an await', 'corr-1'],
      ['explicit', 'corr-2'],
      ['outside', undefined],
    ]);
  });

  it("receives the lines of Nest's Logger once it overrides Nest's logger", () => {
    const { lines, service } = capture();
    Logger.overrideLogger(service);
    try {
      new Logger('EventConsumer:x').warn('dead-lettered');
      new Logger('HttpError').error('kaput');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', context: 'EventConsumer:x', msg: 'dead-lettered' }),
      expect.objectContaining({ level: 'error', context: 'HttpError', msg: 'kaput' }),
    ]);
    expect(lines[1]).not.toHaveProperty('err');
  });
});
