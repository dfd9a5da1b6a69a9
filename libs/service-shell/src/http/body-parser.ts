import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';

/** How deeply a JSON body may nest: far beyond any command's shape, far below what blows the stack. */
export const MAX_BODY_DEPTH = 32;
/** Bodies over this are refused (413). */
export const MAX_BODY_SIZE = '100kb';

/** A body nested deeper than MAX_BODY_DEPTH (body-parser passes it on with its status and type). */
export class BodyTooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor(readonly depth: number) {
    super(`the request body nests deeper than ${depth} levels`);
  }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_BRACE = 0x7b, OPEN_BRACKET = 0x5b, CLOSE_BRACE = 0x7d, CLOSE_BRACKET = 0x5d;

/** The deepest nesting of objects and arrays in a JSON text (strings skipped), or the first depth past `limit`. */
export function jsonDepth(text: Buffer | string, limit = Infinity): number {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0, deepest = 0, inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/**
 * The services' body parsers, in place of Nest's defaults: JSON and URL-encoded bodies up to
 * MAX_BODY_SIZE, UTF-8 only, gzip/deflate/br or identity encoded; a JSON body nested deeper
 * than MAX_BODY_DEPTH is refused before it is parsed (3000 levels would overflow the stack of
 * the validation further on). Every refusal is a 4xx that HttpErrorFilter words: 400
 * (invalid or too deep JSON, a body that does not decode as its Content-Encoding says), 413
 * (too large), 415 (another charset, an unknown Content-Encoding).
 */
export function useBodyParsers(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', {
    limit: MAX_BODY_SIZE,
    verify: (_request: unknown, _response: unknown, body: Buffer) => {
      if (jsonDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new BodyTooDeepError(MAX_BODY_DEPTH);
    },
  });
  express.useBodyParser('urlencoded', { limit: MAX_BODY_SIZE, extended: true, depth: 8 });
}
