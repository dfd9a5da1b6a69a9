import { assertSupervisor } from '@inclusion/domain';
import { readerOf, RequestContext } from '@inclusion/platform';

/** Audit endpoints are for the regional delegation's supervisors (the rule: access-policy.ts). */
export function supervisorsOnly(ctx: RequestContext): void {
  assertSupervisor(readerOf(ctx));
}
