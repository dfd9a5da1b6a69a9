import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

type Schema = { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/**
 * OpenAPI for a GET endpoint's query parameters, generated from the class-validator rules of
 * its query class (as request bodies are): each property becomes a documented parameter with
 * its type, pattern, range and allowed values.
 */
export const ApiQueryFrom = (query: new () => object) => {
  const schema = targetConstructorToSchema(query) as Schema;
  const required = new Set(schema.required ?? []);
  return applyDecorators(
    ...Object.entries(schema.properties ?? {}).map(([name, property]) => {
      const { description, ...rest } = property as { description?: string } & Record<string, unknown>;
      return ApiQuery({ name, required: required.has(name), description, schema: rest as never });
    }),
  );
};
