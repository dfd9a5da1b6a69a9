import { EventEmitter } from 'node:events';
import { HttpStatus } from '@nestjs/common';
import { StreamLimits, TooManyStreamsException } from './stream-limits';

const refusal = (take: () => unknown): { status: number; body: Record<string, unknown> } => {
  try {
    take();
  } catch (error) {
    if (error instanceof TooManyStreamsException) return { status: error.getStatus(), body: error.getResponse() as Record<string, unknown> };
    throw error;
  }
  throw new Error('the stream was allowed');
};

describe('StreamLimits', () => {
  it('allows up to the per-user cap, then refuses with 429 naming STREAMS_PER_USER', () => {
    const limits = new StreamLimits({ perUser: 2, perInstitution: 10 });
    limits.acquire('eo-albacete', 'tech-ana');
    limits.acquire('eo-albacete', 'tech-ana');
    expect(refusal(() => limits.acquire('eo-albacete', 'tech-ana'))).toEqual({
      status: HttpStatus.TOO_MANY_REQUESTS,
      body: {
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'STREAMS.TOO_MANY',
        message: 'user tech-ana of eo-albacete already has 2 open event streams, the most one user may have (STREAMS_PER_USER=2); close one first',
      },
    });
    // Another user of the same institution, and the same user id at another institution, are counted apart.
    expect(() => limits.acquire('eo-albacete', 'tech-eva')).not.toThrow();
    expect(() => limits.acquire('ss-albacete', 'tech-ana')).not.toThrow();
  });

  it('refuses past the per-institution cap whoever asks, naming STREAMS_PER_INSTITUTION', () => {
    const limits = new StreamLimits({ perUser: 5, perInstitution: 3 });
    ['a', 'b', 'c'].forEach((user) => limits.acquire('rd-albacete', user));
    expect(refusal(() => limits.acquire('rd-albacete', 'd')).body.message).toBe(
      'rd-albacete already has 3 open event streams, the most one institution may have (STREAMS_PER_INSTITUTION=3); close one first',
    );
    expect(limits.open('rd-albacete')).toBe(3);
  });

  it('gives the slot back on release (once, however often called) or when the response closes', () => {
    const limits = new StreamLimits({ perUser: 1, perInstitution: 1 });
    const release = limits.acquire('rd-albacete', 'sup-marta');
    release();
    release();
    expect(limits.open('rd-albacete')).toBe(0);
    expect(limits.open('rd-albacete', 'sup-marta')).toBe(0);

    const response = new EventEmitter();
    const releaseToo = limits.acquire('rd-albacete', 'sup-marta', response);
    expect(() => limits.acquire('rd-albacete', 'sup-marta')).toThrow(TooManyStreamsException);
    response.emit('close');
    expect(limits.open('rd-albacete', 'sup-marta')).toBe(0);
    releaseToo(); // after the close: changes nothing
    expect(limits.open('rd-albacete')).toBe(0);
    expect(() => limits.acquire('rd-albacete', 'sup-marta')).not.toThrow();
  });
});
