import { ArgumentMetadata, BadRequestException, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { getMetadataStorage, ValidationError, ValidatorOptions } from 'class-validator';
import { cacheValidationMetadata } from '@inclusion/contracts';
import { CALENDAR_DATE_MESSAGE, isCalendarDate, isSafeWholeNumber, SAFE_WHOLE_NUMBER_MESSAGE, textProblem } from './validators';

export interface FieldProblem {
  field: string;
  problems: string[];
}

const collect = (errors: ValidationError[], prefix = ''): FieldProblem[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...collect(error.children ?? [], field)];
  });

const invalid = (problems: FieldProblem[]) =>
  new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'The request is invalid',
    code: 'REQUEST.INVALID',
    problems,
  });

/** Deeper than the body parser lets a body nest (see body-parser.ts): refused, never walked. */
const MAX_WALK_DEPTH = 100;

/**
 * Every text of a request (values and keys, at any depth) that PostgreSQL could not store:
 * the NUL character, lone surrogates. `path` names the field as the client wrote it.
 */
export function textProblems(value: unknown, path = '', depth = 0): FieldProblem[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ field: path || 'value', problems: [`${path || 'the value'} ${problem}`] }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  if (depth > MAX_WALK_DEPTH) return [{ field: path, problems: [`${path} nests too deeply`] }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textProblems(item, at(String(index)), depth + 1));
  return Object.entries(value).flatMap(([key, item]) => {
    const keyProblem = textProblem(key);
    const own = keyProblem ? [{ field: at(JSON.stringify(key).slice(1, -1)), problems: [`the field name ${keyProblem}`] }] : [];
    return [...own, ...textProblems(item, at(key), depth + 1)];
  });
}

/**
 * What a field's own rules let through but PostgreSQL would refuse: a property with an
 * integer rule (IsInt) must hold a safe integer, one with an ISO 8601 rule (IsISO8601,
 * IsDateString) a real calendar date. Follows nested (ValidateNested) objects.
 */
function rangeProblems(object: object, already: ValidationError[], depth = 0): ValidationError[] {
  if (depth > MAX_WALK_DEPTH) return [];
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(object.constructor, '', true, false);
  const failed = new Set(already.map((error) => error.property));
  const errors = new Map<string, ValidationError>();
  const add = (property: string, name: string, message: string) => {
    const error = errors.get(property) ?? Object.assign(new ValidationError(), { property, constraints: {}, children: [] });
    error.constraints![name] = `${property} ${message}`;
    errors.set(property, error);
  };
  for (const metadata of metadatas) {
    const property = metadata.propertyName;
    const value = (object as Record<string, unknown>)[property];
    if (value === undefined || value === null) continue;
    const values = metadata.each && Array.isArray(value) ? value : [value];
    if (metadata.type === 'nestedValidation') {
      const nested = already.find((error) => error.property === property)?.children ?? [];
      const children = (Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : [['', value] as const]).flatMap(([index, item]) => {
        if (item === null || typeof item !== 'object') return [];
        const found = rangeProblems(item, index ? (nested.find((e) => e.property === index)?.children ?? []) : nested, depth + 1);
        return index && found.length ? [Object.assign(new ValidationError(), { property: index, children: found })] : found;
      });
      if (children.length) {
        const error = errors.get(property) ?? Object.assign(new ValidationError(), { property, children: [] });
        error.children = [...(error.children ?? []), ...children];
        errors.set(property, error);
      }
      continue;
    }
    if (failed.has(property)) continue; // its own rules already failed: one answer per field is enough
    if (metadata.name === 'isInt' && values.some((v) => typeof v === 'number' && !isSafeWholeNumber(v))) add(property, 'isSafeWholeNumber', SAFE_WHOLE_NUMBER_MESSAGE);
    if ((metadata.name === 'isIso8601' || metadata.name === 'isDateString') && values.some((v) => typeof v === 'string' && !isCalendarDate(v))) add(property, 'isCalendarDate', CALENDAR_DATE_MESSAGE);
  }
  return [...errors.values()];
}

/** Merges extra problems into class-validator's errors (same property: one entry with both). */
function merge(errors: ValidationError[], extra: ValidationError[]): ValidationError[] {
  const byProperty = new Map(errors.map((error) => [error.property, error]));
  for (const error of extra) {
    const existing = byProperty.get(error.property);
    if (!existing) {
      byProperty.set(error.property, error);
      continue;
    }
    existing.constraints = { ...(existing.constraints ?? {}), ...(error.constraints ?? {}) };
    existing.children = merge(existing.children ?? [], error.children ?? []);
  }
  return [...byProperty.values()];
}

/**
 * The validation pipe of every service: class-validator rules of bodies, queries and
 * parameters (whitelist: unknown fields are refused), plus what PostgreSQL would refuse
 * later: NUL characters and lone surrogates in any text (checked on the request as sent,
 * every field at any depth), integers beyond 2^53 and dates that are not on the calendar
 * (checked for every field that has an integer or ISO 8601 rule). A bad request is a 400 that
 * names every invalid field; nothing is written.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = textProblems(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problems.length) throw invalid(problems);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = (await super.validate(object, options)) as ValidationError[];
    return merge(errors, rangeProblems(object, errors));
  }
}

/** Validates request bodies and queries; a bad request is a 400 that names every invalid field. */
export const createValidationPipe = () => {
  cacheValidationMetadata();
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalid(collect(errors)),
  });
};
