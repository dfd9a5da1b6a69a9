import { ForbiddenException } from '@nestjs/common';
import { ProgrammeFacts } from '@inclusion/read-models';
import { accessDenied, RequestContext } from '@inclusion/platform';

/** Indicators are for the regional delegation's supervisors and coordinators. */
export function delegationStaffOnly(ctx: RequestContext): void {
  if (ctx.institutionKind !== 'regional-delegation' || !['supervisor', 'coordinator'].includes(ctx.actor.role)) {
    throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'ACCESS.DELEGATION_STAFF_ONLY', message: "this is for the regional delegation's supervisors and coordinators" });
  }
}

/** A programme's read models are for the delegation that created it (the same 403 whether or not it exists). */
export function ownProgramme(programme: ProgrammeFacts | null, ctx: RequestContext): ProgrammeFacts {
  if (!programme || programme.createdBy !== ctx.institutionId) throw accessDenied();
  return programme;
}
