import { ArgumentsHost, BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { BodyError, BodyTooDeepError, jsonDepth, MAX_BODY_BYTES, parseJsonBody, readBody } from './body-parser';
import { HttpErrorFilter } from './http-error.filter';
import { createValidationPipe, FieldProblem } from './validation.pipe';
import { IsCalendarDate, isCalendarDate, IsSafeWholeNumber, isSafeWholeNumber, textProblem } from './validators';

class Item {
  @IsString() label: string;
  @IsInt() count: number;
}
class Body {
  @IsString() notes: string;
  @IsOptional() @IsISO8601() on?: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
}
class Query {
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
}

const pipe = createValidationPipe();
const problemsOf = async (value: unknown, metatype: new () => object, type: 'body' | 'query' | 'param' = 'body', data?: string): Promise<FieldProblem[]> => {
  try {
    await pipe.transform(value, { type, metatype, data });
  } catch (error) {
    if (error instanceof BadRequestException) return (error.getResponse() as { problems: FieldProblem[] }).problems;
    throw error;
  }
  throw new Error('the value was accepted');
};

describe('validators', () => {
  it('isCalendarDate: only dates and date-times that exist, years 0001-9999', () => {
    for (const ok of ['2026-03-02', '2024-02-29', '2000-02-29', '2026-03-02T10:00:00Z', '2026-03-02T23:59:59.123+02:00', '2026-12-31T00:00Z']) expect([ok, isCalendarDate(ok)]).toEqual([ok, true]);
    for (const bad of ['2026-02-30', '2025-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '2026-03-02T24:00:00Z', '2026-03-02T10:60Z', '2026-W05', '2026', '2026-045', 'tomorrow', '']) expect([bad, isCalendarDate(bad)]).toEqual([bad, false]);
    expect(isCalendarDate(20260302)).toBe(false);
  });

  it('isSafeWholeNumber: whole numbers JavaScript holds exactly', () => {
    expect(isSafeWholeNumber(0)).toBe(true);
    expect(isSafeWholeNumber(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isSafeWholeNumber(Number('9223372036854775808'))).toBe(false);
    expect(isSafeWholeNumber(2 ** 53)).toBe(false);
    expect(isSafeWholeNumber(1.5)).toBe(false);
  });

  it('textProblem: NUL and lone surrogates, not ordinary or astral text', () => {
    expect(textProblem('Hellín, Ñ, 😀')).toBeUndefined();
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('a\ud800b')).toMatch(/lone surrogate/);
    expect(textProblem('\udc00')).toMatch(/lone surrogate/);
    expect(textProblem('😀'.slice(0, 1))).toMatch(/lone surrogate/);
  });

  it('the decorators name the field', () => {
    class Dated {
      @IsCalendarDate() on: string;
      @IsSafeWholeNumber() n: number;
    }
    const errors = validateSync(Object.assign(new Dated(), { on: '2026-02-30', n: 2 ** 60 }));
    expect(errors.map((e) => Object.values(e.constraints!)[0])).toEqual([
      'on must be a real calendar date such as 2026-03-02, or date-time such as 2026-03-02T10:00:00Z (years 0001-9999)',
      'n must be a whole number between -9007199254740991 and 9007199254740991',
    ]);
  });
});

describe('the validation pipe refuses what PostgreSQL would refuse, naming the field', () => {
  it('NUL in a text field of a body, at any depth', async () => {
    expect(await problemsOf({ notes: 'a\u0000b' }, Body)).toEqual([{ field: 'notes', problems: ['notes must not contain the NUL character (\\u0000)'] }]);
    expect(await problemsOf({ notes: 'ok', items: [{ label: 'x', count: 1 }, { label: 'y\u0000', count: 1 }] }, Body)).toEqual([
      { field: 'items.1.label', problems: ['items.1.label must not contain the NUL character (\\u0000)'] },
    ]);
  });

  it('a lone surrogate in a text field, and either in a field name', async () => {
    expect(await problemsOf({ notes: 'x\ud800' }, Body)).toEqual([{ field: 'notes', problems: [expect.stringMatching(/^notes must be valid Unicode text/)] }]);
    const problems = await problemsOf({ notes: 'ok', ['bad\u0000key']: 1 }, Body);
    expect(problems[0]).toEqual({ field: 'bad\\u0000key', problems: ['the field name must not contain the NUL character (\\u0000)'] });
  });

  it('NUL in a query value or a path parameter', async () => {
    expect(await problemsOf({ from: '2026-01-01\u0000' }, Query, 'query')).toEqual([{ field: 'from', problems: ['from must not contain the NUL character (\\u0000)'] }]);
    expect(await problemsOf('case\u0000', String, 'param', 'caseId')).toEqual([{ field: 'caseId', problems: ['caseId must not contain the NUL character (\\u0000)'] }]);
  });

  it('an impossible date in a field with an ISO 8601 rule', async () => {
    expect(await problemsOf({ from: '2026-02-30' }, Query, 'query')).toEqual([
      { field: 'from', problems: ['from must be a real calendar date such as 2026-03-02, or date-time such as 2026-03-02T10:00:00Z (years 0001-9999)'] },
    ]);
    await expect(pipe.transform({ from: '2026-02-28' }, { type: 'query', metatype: Query })).resolves.toEqual({ from: '2026-02-28' });
  });

  it('an integer beyond 2^53 in a field with an integer rule, in a query or nested in a body', async () => {
    expect(await problemsOf({ after: '9223372036854775808' }, Query, 'query')).toEqual([
      { field: 'after', problems: ['after must be a whole number between -9007199254740991 and 9007199254740991'] },
    ]);
    expect(await problemsOf({ notes: 'ok', items: [{ label: 'x', count: 2 ** 60 }] }, Body)).toEqual([
      { field: 'items.0.count', problems: ['count must be a whole number between -9007199254740991 and 9007199254740991'] },
    ]);
    await expect(pipe.transform({ after: '42' }, { type: 'query', metatype: Query })).resolves.toEqual({ after: 42 });
  });

  it('keeps naming every other problem as before', async () => {
    expect(await problemsOf({ notes: 5, from: 'x' }, Body)).toEqual([
      { field: 'from', problems: ['property from should not exist'] },
      { field: 'notes', problems: ['notes must be a string'] },
    ]);
  });
});

describe('body limits', () => {
  it('jsonDepth counts nesting outside strings and stops past the limit', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{\\"[[["}')).toBe(1);
    expect(jsonDepth('['.repeat(3000) + ']'.repeat(3000), 32)).toBe(33);
  });
});

describe('HttpErrorFilter: errors of the body parser and of PostgreSQL values', () => {
  const answer = (exception: unknown) => {
    let status = 0;
    let body: Record<string, unknown> = {};
    // A Fastify reply, as far as the filter uses it.
    const response = { sent: false, header: () => response, status: (s: number) => ((status = s), response), send: (b: Record<string, unknown>) => (body = b) };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new HttpErrorFilter().catch(exception, host);
    return { status, body };
  };
  const httpError = (status: number, props: Record<string, unknown>) => Object.assign(new Error('internal detail'), { status, expose: true, ...props });

  it('answers 415 for another charset or an unknown Content-Encoding, naming it', () => {
    expect(answer(httpError(415, { type: 'charset.unsupported', charset: 'bogus' }))).toEqual({
      status: 415,
      body: expect.objectContaining({ code: 'REQUEST.UNSUPPORTED_CHARSET', message: expect.stringContaining('"bogus" is not supported') }),
    });
    expect(answer(httpError(415, { type: 'encoding.unsupported' }))).toEqual({ status: 415, body: expect.objectContaining({ code: 'REQUEST.UNSUPPORTED_ENCODING' }) });
  });

  it('answers 400 for a body that does not decompress, or nests too deeply', () => {
    expect(answer(httpError(400, { code: 'Z_DATA_ERROR' }))).toEqual({ status: 400, body: expect.objectContaining({ code: 'REQUEST.UNDECODABLE_BODY' }) });
    const deep = Object.assign(new BodyTooDeepError(32), { expose: true });
    expect(answer(deep)).toEqual({ status: 400, body: expect.objectContaining({ code: 'REQUEST.TOO_DEEP', message: 'The request body is invalid: the request body nests deeper than 32 levels' }) });
  });

  it('answers 400 (nothing written) for a value PostgreSQL refuses, without its message', () => {
    const { status, body } = answer(Object.assign(new Error('date/time field value out of range: "2026-02-30"'), { name: 'QueryFailedError', driverError: { code: '22008' } }));
    expect(status).toBe(400);
    expect(body).toEqual(expect.objectContaining({ code: 'REQUEST.VALUE_NOT_STORABLE' }));
    expect(JSON.stringify(body)).not.toContain('2026-02-30');
  });

  it('still answers 500 with no detail for anything else', () => {
    const { status, body } = answer(new RangeError('Maximum call stack size exceeded'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toMatch(/stack|Maximum/);
  });
});

describe('readBody and parseJsonBody (the Fastify content-type parsers)', () => {
  const stream = (bytes: Buffer) => Readable.from([bytes]);
  const refusal = async (work: () => Promise<unknown> | unknown) => {
    try {
      await work();
    } catch (error) {
      const e = error as BodyError;
      return { status: e.status, type: e.type, code: e.code };
    }
    throw new Error('the body was accepted');
  };
  const json = Buffer.from('{"a":[1,2,{"b":"c"}]}');

  it('reads identity, gzip, deflate and br bodies', async () => {
    expect(parseJsonBody(await readBody({ headers: {} }, stream(json)))).toEqual({ a: [1, 2, { b: 'c' }] });
    for (const [encoding, encode] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
      expect(parseJsonBody(await readBody({ headers: { 'content-encoding': encoding } }, stream(encode(json))))).toEqual({ a: [1, 2, { b: 'c' }] });
    }
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({});
  });

  it('refuses another charset (415), an unknown encoding (415), an undecodable body (400), too large a body (413)', async () => {
    expect(await refusal(() => readBody({ headers: { 'content-type': 'application/json; charset=latin1' } }, stream(json)))).toMatchObject({ status: 415, type: 'charset.unsupported' });
    expect(await refusal(() => readBody({ headers: { 'content-encoding': 'compress' } }, stream(json)))).toMatchObject({ status: 415, type: 'encoding.unsupported' });
    expect(await refusal(() => readBody({ headers: { 'content-encoding': 'gzip' } }, stream(json)))).toMatchObject({ status: 400, code: expect.stringMatching(/^Z_/) });
    expect(await refusal(() => readBody({ headers: { 'content-length': String(MAX_BODY_BYTES + 1) } }, stream(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20))))).toMatchObject({ status: 413, type: 'entity.too.large' });
    // A small gzip body that inflates past the limit is refused too (the limit counts decoded bytes).
    expect(await refusal(() => readBody({ headers: { 'content-encoding': 'gzip' } }, stream(gzipSync(Buffer.alloc(MAX_BODY_BYTES * 4, 0x20)))))).toMatchObject({ status: 413, type: 'entity.too.large' });
  });

  it('refuses invalid JSON, a bare value, and too deep a body (400)', async () => {
    expect(await refusal(() => parseJsonBody(Buffer.from('{"a": ')))).toMatchObject({ status: 400, type: 'entity.parse.failed' });
    expect(await refusal(() => parseJsonBody(Buffer.from('"text"')))).toMatchObject({ status: 400, type: 'entity.parse.failed' });
    expect(await refusal(() => parseJsonBody(Buffer.from('['.repeat(40) + ']'.repeat(40))))).toMatchObject({ status: 400, type: 'entity.too.deep' });
  });
});
