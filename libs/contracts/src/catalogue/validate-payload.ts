import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

cacheValidationMetadata();

export interface PayloadProblem {
  field: string;
  problems: string[];
}

const collect = (errors: ValidationError[], prefix = ''): PayloadProblem[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...collect(error.children ?? [], field)];
  });

/** Checks a plain payload against its class-validator rules; returns every problem (none = valid). */
export function validatePayload(payloadClass: new () => object, payload: unknown): PayloadProblem[] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return [{ field: '(payload)', problems: ['payload must be a JSON object'] }];
  }
  const instance = plainToInstance(payloadClass, payload);
  return collect(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }));
}
