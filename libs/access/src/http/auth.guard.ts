import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { InstitutionRegistry } from '../institution-registry';
import { Identity, InvalidTokenError, verifyTokenWithExpiry } from '../tokens';
import { VerifiedTokens } from '../verified-tokens';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { INSTITUTION_REGISTRY } from '../tokens-di';
import { OPEN_TO_ALL_KINDS, OPEN_TO_HOSTED_PARTNERS, PUBLIC_ROUTE } from './access-decorators';

export type AuthenticatedRequest = FastifyRequest & { identity?: Identity };

/**
 * Every route but health needs `Authorization: Bearer <token>` signed by a network
 * institution, within the token time limits of the configuration (TOKEN_MAX_LIFETIME_SECONDS,
 * TOKEN_CLOCK_SKEW_SECONDS) (401 otherwise). Writes are open only to institutions of this service's kind,
 * unless the route says otherwise (403): a company cannot record social-services events. The
 * partners this service hosts write only on routes open to them (OpenToHostedPartners).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** A token verified once is trusted until its own exp: one signature check per token, not per request. */
  private readonly verifiedTokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    @Inject(INSTITUTION_REGISTRY) registry: InstitutionRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {
    this.verifiedTokens = new VerifiedTokens((token) => verifyTokenWithExpiry(token, registry, config.tokens));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) {
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'AUTH.MISSING_TOKEN', message: 'an Authorization: Bearer token signed by your institution is required' });
    }
    try {
      request.identity = await this.verifiedTokens.identityOf(header.slice(7).trim());
    } catch (error) {
      const message = error instanceof InvalidTokenError ? error.message : 'the token could not be verified';
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'AUTH.INVALID_TOKEN', message });
    }
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const { institution } = request.identity;
    const hostedPartnerWelcome = institution.service === this.config.serviceName && !!this.reflector.getAllAndOverride<boolean>(OPEN_TO_HOSTED_PARTNERS, targets);
    if (writes && institution.kind !== this.config.serviceName && !hostedPartnerWelcome && !this.reflector.getAllAndOverride<boolean>(OPEN_TO_ALL_KINDS, targets)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'ACCESS.WRONG_INSTITUTION_KIND',
        message: `institution ${request.identity.institution.id} (${request.identity.institution.kind}) may not record ${this.config.serviceName} events`,
      });
    }
    return true;
  }
}
