import { createPrivateKey, KeyObject } from 'node:crypto';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { ACTOR_ROLES, ActorRole, ID } from '@inclusion/contracts';
import { Institution, InstitutionRegistry } from './institution-registry';

export const TOKEN_AUDIENCE = 'inclusion-network';

/** Who a verified token says is acting. */
export interface Identity {
  institution: Institution;
  userId: string;
  role: ActorRole;
}

export class InvalidTokenError extends Error {}

/** How far the service trusts a token's times (TOKEN_MAX_LIFETIME_SECONDS, TOKEN_CLOCK_SKEW_SECONDS). */
export interface TokenTimeLimits {
  /** The longest a token may be valid, exp - iat (seconds). */
  maxLifetimeSeconds: number;
  /** How far ahead of this server's clock iat and nbf may be, and how long after exp a token is still taken (seconds). */
  clockSkewSeconds: number;
}

export const DEFAULT_TOKEN_TIME_LIMITS: TokenTimeLimits = { maxLifetimeSeconds: 24 * 3600, clockSkewSeconds: 60 };

/**
 * Verifies an institution system's token: EdDSA (Ed25519) JWT whose issuer is the institution
 * id, signed with that institution's key from the registry, for our audience, not expired;
 * `sub` is the user, `role` the actor role. Its times are bounded: `iat` and `exp` are
 * required, exp - iat is at most `limits.maxLifetimeSeconds` (a stolen token cannot be
 * valid for years), and neither `iat` nor `nbf` may be ahead of this server's clock by more
 * than `limits.clockSkewSeconds` (a token minted "next year" is refused today).
 */
export async function verifyToken(token: string, registry: InstitutionRegistry, limits: TokenTimeLimits = DEFAULT_TOKEN_TIME_LIMITS): Promise<Identity> {
  return (await verifyTokenWithExpiry(token, registry, limits)).identity;
}

/** verifyToken, with the token's expiry (`exp`, seconds since the epoch) for a cache of verified tokens. */
export async function verifyTokenWithExpiry(token: string, registry: InstitutionRegistry, limits: TokenTimeLimits = DEFAULT_TOKEN_TIME_LIMITS): Promise<{ identity: Identity; expiresAt: number }> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw new InvalidTokenError('the token is not a JWT');
  }
  const institution = issuer ? registry.get(issuer) : undefined;
  if (!institution) throw new InvalidTokenError('the token names no institution of the network');
  const skew = limits.clockSkewSeconds;
  try {
    const { payload } = await jwtVerify(token, institution.key, {
      issuer: institution.id,
      audience: TOKEN_AUDIENCE,
      algorithms: ['EdDSA'],
      requiredClaims: ['exp', 'sub'],
      clockTolerance: skew,
    });
    // Checked once the signature holds: an unsigned token learns nothing about our limits.
    if (typeof payload.iat !== 'number') throw new InvalidTokenError('the token must say when it was issued (iat)');
    const now = Math.floor(Date.now() / 1000);
    if (payload.iat > now + skew) throw new InvalidTokenError(`the token is issued in the future (iat more than ${skew} s ahead of this server's clock)`);
    if (payload.exp! - payload.iat > limits.maxLifetimeSeconds) throw new InvalidTokenError(`the token is valid for too long: exp - iat must be at most ${limits.maxLifetimeSeconds} s`);
    const role = payload.role as string;
    if (!(ACTOR_ROLES as readonly string[]).includes(role)) throw new InvalidTokenError(`the token's role must be one of ${ACTOR_ROLES.join(', ')}`);
    if (!ID.test(payload.sub!)) throw new InvalidTokenError('the token names no valid user');
    return { identity: { institution, userId: payload.sub!, role: role as ActorRole }, expiresAt: payload.exp! };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    const { code, claim } = error as { code?: string; claim?: string };
    if (code === 'ERR_JWT_EXPIRED') throw new InvalidTokenError('the token has expired');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'nbf') throw new InvalidTokenError(`the token is not valid yet (nbf more than ${skew} s ahead of this server's clock)`);
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iat') throw new InvalidTokenError('the token must say when it was issued (iat, a number of seconds)');
    throw new InvalidTokenError('the token signature or claims are invalid');
  }
}

/** Signs a token as an institution's system would (tests, the dev token script). */
export async function signToken(
  institutionId: string,
  privateKey: KeyObject | string,
  claims: { userId: string; role: ActorRole; expiresIn?: string | number },
): Promise<string> {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(institutionId)
    .setSubject(claims.userId)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '1h')
    .sign(key);
}
