import { ForbiddenException } from '@nestjs/common';
import { RequestContext } from '@inclusion/platform';

/** Audit endpoints are for the regional delegation's supervisors. */
export function supervisorsOnly(ctx: RequestContext): void {
  if (ctx.institutionKind !== 'regional-delegation' || ctx.actor.role !== 'supervisor') {
    throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'ACCESS.SUPERVISORS_ONLY', message: "this is for the regional delegation's supervisors" });
  }
}
