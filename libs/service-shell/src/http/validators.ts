import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Rules every value of a request must also meet before it reaches PostgreSQL, whatever its
 * field's own rules: PostgreSQL refuses them at write or query time (a 500 after the fact),
 * so the validation layer refuses them first, naming the field.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

/**
 * A date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]) that exists on the
 * calendar, in years 0001-9999: not 2026-02-30, not 2025-02-29, not 25:00, not week or
 * ordinal dates, which PostgreSQL refuses or reads otherwise.
 */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d, hh, mm, ss, oh, om] = match;
  const year = Number(y), month = Number(m), day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return false;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59))) return false;
  if (oh !== undefined && (Number(oh) > 14 || (om !== undefined && Number(om) > 59))) return false;
  return true;
}

/** A whole number JavaScript holds exactly (|n| <= 2^53 - 1): beyond, it is not the number the client sent, and PostgreSQL's bigint ends at 2^63 - 1. */
export const isSafeWholeNumber = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a text PostgreSQL cannot store (text and jsonb refuse U+0000; UTF-8 has no lone surrogates), or undefined. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it contains a lone surrogate such as \\ud800)';
  return undefined;
}

export const CALENDAR_DATE_MESSAGE = 'must be a real calendar date such as 2026-03-02, or date-time such as 2026-03-02T10:00:00Z (years 0001-9999)';
export const SAFE_WHOLE_NUMBER_MESSAGE = `must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;

/** Decorator: a real calendar date (or date-time); see isCalendarDate. */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: () => `$property ${CALENDAR_DATE_MESSAGE}` } }, options);

/** Decorator: a whole number held exactly; see isSafeWholeNumber. */
export const IsSafeWholeNumber = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isSafeWholeNumber', validator: { validate: isSafeWholeNumber, defaultMessage: () => `$property ${SAFE_WHOLE_NUMBER_MESSAGE}` } }, options);
