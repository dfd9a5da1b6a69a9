import { parse as parseQueryString } from 'node:querystring';
import { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** How deeply a JSON body may nest: far beyond any command's shape, far below what blows the stack. */
export const MAX_BODY_DEPTH = 32;
/** Bodies over this many bytes (once decoded) are refused (413). */
export const MAX_BODY_BYTES = 100 * 1024;

/**
 * A request body the parser refuses, marked the way HttpErrorFilter reads it: a 4xx `status`,
 * `expose`, and a `type` saying what was wrong (the names body-parser uses).
 */
export class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly charset?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A body nested deeper than MAX_BODY_DEPTH. */
export class BodyTooDeepError extends BodyError {
  constructor(readonly depth: number) {
    super(400, 'entity.too.deep', `the request body nests deeper than ${depth} levels`);
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

/** The charset parameter of a Content-Type, lower-cased, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match ? match[2].toLowerCase() : undefined;
}

/** The stream that decodes a body sent with this Content-Encoding (undefined: identity); a 415 for one we do not know. */
function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new BodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`);
  }
}

/**
 * Reads a whole request body: UTF-8 only (415 naming another charset), decoded as its
 * Content-Encoding says (gzip, deflate, br or identity; 415 for another, 400 when it does not
 * decode), at most `limit` bytes once decoded (413; a Content-Length over it is refused before
 * reading).
 */
export async function readBody(request: Pick<FastifyRequest, 'headers'>, payload: Readable, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const charset = charsetOf(request.headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    payload.resume();
    throw new BodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`, charset);
  }
  const encoding = String(request.headers['content-encoding'] ?? '').trim().toLowerCase();
  let decoder: Transform | undefined;
  try {
    decoder = decoderFor(encoding);
  } catch (error) {
    payload.resume();
    throw error;
  }
  const declared = Number(request.headers['content-length']);
  if (!decoder && Number.isFinite(declared) && declared > limit) {
    payload.resume();
    throw new BodyError(413, 'entity.too.large', 'request entity too large');
  }
  const source: Readable = decoder ? payload.pipe(decoder) : payload;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      if (decoder) payload.unpipe(decoder);
      // What is left of the body is read and dropped, so the answer goes out on a clean connection.
      payload.resume();
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limit) fail(new BodyError(413, 'entity.too.large', 'request entity too large'));
      else chunks.push(chunk);
    });
    source.on('error', (error: NodeJS.ErrnoException) => {
      const code = typeof error.code === 'string' ? error.code : undefined;
      fail(code?.startsWith('Z_') || error.code === 'ERR__ZLIB_INITIALIZATION_FAILED' ? new BodyError(400, 'encoding.undecodable', error.message, undefined, code?.startsWith('Z_') ? code : 'Z_DATA_ERROR') : new BodyError(400, 'request.aborted', 'the request body could not be read'));
    });
    if (decoder) payload.on('error', () => fail(new BodyError(400, 'request.aborted', 'the request body could not be read')));
    source.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

/** A JSON body: an object or an array (as body-parser's strict mode), nested at most MAX_BODY_DEPTH deep; empty reads as {}. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  if (jsonDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new BodyTooDeepError(MAX_BODY_DEPTH);
  const text = body.toString('utf8');
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError(400, 'entity.parse.failed', `Unexpected token ${JSON.stringify(first ?? '')} in JSON at position 0: the body must be a JSON object or array`);
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse's own message says where the JSON breaks ("Unexpected end of JSON input").
    throw new BodyError(400, 'entity.parse.failed', (error as Error).message);
  }
}

/**
 * The services' body parsers, in place of Fastify's defaults: JSON (and URL-encoded forms) up
 * to MAX_BODY_BYTES, UTF-8 only, gzip/deflate/br or identity encoded; a JSON body nested deeper
 * than MAX_BODY_DEPTH is refused before it is parsed (3000 levels would overflow the stack of
 * the validation further on). Every refusal is a 4xx that HttpErrorFilter words: 400 (invalid
 * or too deep JSON, a body that does not decode as its Content-Encoding says), 413 (too
 * large), 415 (another charset, an unknown Content-Encoding, a media type other than these two).
 */
export function useBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request, payload, done) => {
    readBody(request, payload).then(
      (body) => {
        let parsed: unknown;
        try {
          parsed = parseJsonBody(body);
        } catch (error) {
          return done(error as Error, undefined);
        }
        done(null, parsed);
      },
      (error: Error) => done(error, undefined),
    );
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', (request, payload, done) => {
    readBody(request, payload).then(
      (body) => done(null, { ...parseQueryString(body.toString('utf8'), '&', '=', { maxKeys: 1000 }) }),
      (error: Error) => done(error, undefined),
    );
  });
}
