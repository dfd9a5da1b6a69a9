import { Identity, InvalidTokenError } from './tokens';
import { VerifiedTokens } from './verified-tokens';

const identity = (userId: string): Identity => ({ institution: { id: 'ss-albacete', kind: 'social-services', service: 'social-services', name: 'SS', key: undefined as never }, userId, role: 'technician' });

describe('VerifiedTokens', () => {
  let now = 1_000_000_000_000;
  const clock = () => now;
  const verifier = () => {
    const calls: string[] = [];
    const verify = async (token: string) => {
      calls.push(token);
      if (token.startsWith('bad')) throw new InvalidTokenError('forged');
      return { identity: identity(token), expiresAt: now / 1000 + 60 };
    };
    return { calls, verify };
  };

  it('given a token verified once, when it comes again before it expires, then it is not verified again', async () => {
    const { calls, verify } = verifier();
    const tokens = new VerifiedTokens(verify, 10, clock);
    expect((await tokens.identityOf('t1')).userId).toBe('t1');
    expect((await tokens.identityOf('t1')).userId).toBe('t1');
    expect(calls).toEqual(['t1']);
  });

  it('given a token verified once, when it comes again at its exp, then it is verified again (and the verifier decides)', async () => {
    const { calls, verify } = verifier();
    const tokens = new VerifiedTokens(verify, 10, clock);
    await tokens.identityOf('t1');
    now += 60_000;
    await tokens.identityOf('t1');
    expect(calls).toEqual(['t1', 't1']);
  });

  it('never remembers a refused token', async () => {
    const { calls, verify } = verifier();
    const tokens = new VerifiedTokens(verify, 10, clock);
    await expect(tokens.identityOf('bad')).rejects.toThrow('forged');
    await expect(tokens.identityOf('bad')).rejects.toThrow('forged');
    expect(calls).toEqual(['bad', 'bad']);
    expect(tokens.size).toBe(0);
  });

  it('drops the oldest token when full', async () => {
    const { calls, verify } = verifier();
    const tokens = new VerifiedTokens(verify, 2, clock);
    for (const token of ['a', 'b', 'c', 'a']) await tokens.identityOf(token);
    expect(tokens.size).toBe(2);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
