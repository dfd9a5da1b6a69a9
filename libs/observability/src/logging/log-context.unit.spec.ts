import { EventEnvelope } from '@inclusion/contracts';
import { inEventLogContext, MessageSource } from '@inclusion/messaging';
import { EntityManager } from 'typeorm';
import { currentLogContext, runWithLogContext } from './log-context';
import { TextLogger } from './pino-logger';

describe('log context', () => {
  it('follows a request through awaits and timers, and is gone outside it', async () => {
    const seen: (string | undefined)[] = [];
    await Promise.all([
      runWithLogContext({ correlationId: 'a' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen.push(currentLogContext()?.correlationId);
      }),
      runWithLogContext({ correlationId: 'b' }, async () => {
        await Promise.resolve();
        seen.push(currentLogContext()?.correlationId);
      }),
    ]);
    expect(seen).toEqual(['b', 'a']);
    expect(currentLogContext()).toBeUndefined();
  });

  it("runs each consumer handler in the log context of the event's correlation id", async () => {
    const seen: (string | undefined)[] = [];
    const handlers = inEventLogContext({
      'case.opened': async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(currentLogContext()?.correlationId);
      },
    });
    const event = { type: 'case.opened', correlationId: '0190f000-0000-7000-8000-00000000000a' } as EventEnvelope;
    await handlers['case.opened'](event, {} as EntityManager, { topic: 't', partition: 0, offset: '1' } as MessageSource);
    expect(seen).toEqual(['0190f000-0000-7000-8000-00000000000a']);
  });

  it('shows the correlation id in text lines (LOG_FORMAT=text)', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const logger = new TextLogger('social-services', { logLevels: ['log'], colors: false });
      runWithLogContext({ correlationId: 'corr-text' }, () => logger.log('inside', 'HTTP'));
      logger.log('outside', 'HTTP');
    } finally {
      spy.mockRestore();
    }
    expect(written[0]).toMatch(/LOG \[HTTP\] \(corr-text\) inside/);
    expect(written[1]).toMatch(/LOG \[HTTP\] outside/);
    expect(written[1]).not.toContain('corr-text');
  });
});
