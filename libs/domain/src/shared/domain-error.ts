/**
 * A command the rules reject. `kind` maps to HTTP in one place (libs/service-shell, http-error.filter.ts):
 * rule -> 422, not-found -> 404, forbidden -> 403, conflict -> 409.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'rule' | 'not-found' | 'forbidden' | 'conflict' = 'rule',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const rule = (code: string, message: string) => new DomainError(code, message, 'rule');
export const notFound = (code: string, message: string) => new DomainError(code, message, 'not-found');
export const forbidden = (code: string, message: string) => new DomainError(code, message, 'forbidden');

/** Dates cannot go backwards: `later` must not be before `earlier` (ISO dates compare as text by day). */
export function notBefore(later: string, earlier: string, code: string, what: string): void {
  if (later.slice(0, 10) < earlier.slice(0, 10)) throw rule(code, `${what}: ${later.slice(0, 10)} is before ${earlier.slice(0, 10)}`);
}
