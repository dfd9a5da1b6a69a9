import { assertSupervisor } from '@inclusion/domain';
import { readerOf, RequestContext } from '@inclusion/access';

/** Audit endpoints are for the regional delegation's supervisors (the rule: access-policy.ts). */
export function supervisorsOnly(ctx: RequestContext): void {
  assertSupervisor(readerOf(ctx));
}
