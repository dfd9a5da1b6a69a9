import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { Institution, InstitutionRegistry } from './institution-registry';
import { DEFAULT_TOKEN_TIME_LIMITS, InvalidTokenError, signToken, TOKEN_AUDIENCE, verifyToken } from './tokens';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const registry = new InstitutionRegistry([{ id: 'ss-albacete', kind: 'social-services', name: 'Albacete', key: publicKey } as Institution]);
const now = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;
const YEAR = 365 * 24 * HOUR;

/** A token with exactly the times given (seconds since the epoch; undefined: claim left out). */
const tokenWith = (times: { iat?: number; exp?: number; nbf?: number }, key: KeyObject = privateKey) => {
  const jwt = new SignJWT({ role: 'technician', ...(times.iat !== undefined ? { iat: times.iat } : {}), ...(times.nbf !== undefined ? { nbf: times.nbf } : {}) })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer('ss-albacete')
    .setSubject('tech-ana')
    .setAudience(TOKEN_AUDIENCE);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(key);
};

const refusal = async (token: Promise<string> | string, limits = DEFAULT_TOKEN_TIME_LIMITS): Promise<string> => {
  try {
    await verifyToken(await token, registry, limits);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.message;
    throw error;
  }
  throw new Error('the token was accepted');
};

describe('verifyToken: the times a token may claim', () => {
  it('defaults to a 24 h lifetime and 60 s of clock skew', () => {
    expect(DEFAULT_TOKEN_TIME_LIMITS).toEqual({ maxLifetimeSeconds: 24 * HOUR, clockSkewSeconds: 60 });
  });

  it('accepts an ordinary token (10 min, 8 h, exactly the maximum lifetime)', async () => {
    const t = now();
    await expect(verifyToken(await signToken('ss-albacete', privateKey, { userId: 'tech-ana', role: 'technician', expiresIn: '10m' }), registry)).resolves.toMatchObject({ userId: 'tech-ana', role: 'technician' });
    await expect(verifyToken(await tokenWith({ iat: t, exp: t + 8 * HOUR }), registry)).resolves.toMatchObject({ userId: 'tech-ana' });
    await expect(verifyToken(await tokenWith({ iat: t - 10, exp: t - 10 + 24 * HOUR }), registry)).resolves.toMatchObject({ userId: 'tech-ana' });
  });

  it('refuses a token valid for 50 years, naming the limit', async () => {
    const t = now();
    expect(await refusal(tokenWith({ iat: t, exp: t + 50 * YEAR }))).toBe('the token is valid for too long: exp - iat must be at most 86400 s');
    expect(await refusal(tokenWith({ iat: t, exp: t + 24 * HOUR + 1 }))).toBe('the token is valid for too long: exp - iat must be at most 86400 s');
  });

  it('refuses a token without iat (its lifetime cannot be bounded) or without exp', async () => {
    const t = now();
    expect(await refusal(tokenWith({ exp: t + HOUR }))).toBe('the token must say when it was issued (iat)');
    expect(await refusal(tokenWith({ iat: t }))).toBe('the token signature or claims are invalid');
  });

  it('refuses a token issued in the future beyond the clock skew, accepts one within it', async () => {
    const t = now();
    expect(await refusal(tokenWith({ iat: t + YEAR, exp: t + YEAR + HOUR }))).toBe('the token is issued in the future (iat more than 60 s ahead of this server\'s clock)');
    expect(await refusal(tokenWith({ iat: t + 120, exp: t + HOUR }))).toMatch(/issued in the future/);
    await expect(verifyToken(await tokenWith({ iat: t + 30, exp: t + HOUR }), registry)).resolves.toMatchObject({ userId: 'tech-ana' });
  });

  it('refuses a token not yet valid (nbf) beyond the clock skew, accepts one within it', async () => {
    const t = now();
    expect(await refusal(tokenWith({ iat: t, nbf: t + 600, exp: t + HOUR }))).toBe('the token is not valid yet (nbf more than 60 s ahead of this server\'s clock)');
    await expect(verifyToken(await tokenWith({ iat: t, nbf: t + 30, exp: t + HOUR }), registry)).resolves.toMatchObject({ userId: 'tech-ana' });
  });

  it('still refuses an expired token, and takes the configured limits', async () => {
    const t = now();
    expect(await refusal(tokenWith({ iat: t - 2 * HOUR, exp: t - HOUR }))).toBe('the token has expired');
    const strict = { maxLifetimeSeconds: 600, clockSkewSeconds: 0 };
    expect(await refusal(tokenWith({ iat: t, exp: t + HOUR }), strict)).toBe('the token is valid for too long: exp - iat must be at most 600 s');
    expect(await refusal(tokenWith({ iat: t + 5, exp: t + 300 }), strict)).toBe('the token is issued in the future (iat more than 0 s ahead of this server\'s clock)');
    await expect(verifyToken(await tokenWith({ iat: t, exp: t + 600 }), registry, strict)).resolves.toMatchObject({ userId: 'tech-ana' });
  });

  it('still refuses a token signed by another key', async () => {
    const t = now();
    expect(await refusal(tokenWith({ iat: t, exp: t + HOUR }, generateKeyPairSync('ed25519').privateKey))).toBe('the token signature or claims are invalid');
  });
});
