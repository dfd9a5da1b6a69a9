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

/**
 * Verifies an institution system's token: EdDSA (Ed25519) JWT whose issuer is the institution
 * id, signed with that institution's key from the registry, for our audience, not expired;
 * `sub` is the user, `role` the actor role.
 */
export async function verifyToken(token: string, registry: InstitutionRegistry): Promise<Identity> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw new InvalidTokenError('the token is not a JWT');
  }
  const institution = issuer ? registry.get(issuer) : undefined;
  if (!institution) throw new InvalidTokenError('the token names no institution of the network');
  try {
    const { payload } = await jwtVerify(token, institution.key, { issuer: institution.id, audience: TOKEN_AUDIENCE, algorithms: ['EdDSA'], requiredClaims: ['exp', 'sub'] });
    const role = payload.role as string;
    if (!(ACTOR_ROLES as readonly string[]).includes(role)) throw new InvalidTokenError(`the token's role must be one of ${ACTOR_ROLES.join(', ')}`);
    if (!ID.test(payload.sub!)) throw new InvalidTokenError('the token names no valid user');
    return { institution, userId: payload.sub!, role: role as ActorRole };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError((error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token signature or claims are invalid');
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
