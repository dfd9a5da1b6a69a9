import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { dropSchemas } from '../support/database';
import { testInstitutionsJson, tokenFor } from '../support/institutions';
import { ServiceProcess, uniqueSchema } from '../support/service-process';

/**
 * Inputs that used to answer 500 (PostgreSQL or the stack refused them after validation) are
 * refused up front with a 4xx JSON body that names the problem, no stack trace and nothing
 * written; tokens valid for years or issued in the future are refused (401).
 */
describe('request hardening: hostile inputs and token times', () => {
  const schema = uniqueSchema('harden');
  const hardeningKeys = generateKeyPairSync('ed25519');
  let service: ServiceProcess;
  let db: Client;
  let token: string;
  let supervisor: string;

  beforeAll(async () => {
    // The test network's institutions, and one more whose key this test holds (to sign tokens with any times).
    const registry = JSON.parse(testInstitutionsJson()) as { institutions: { id: string; name: string; publicKey: string }[] };
    const template = registry.institutions.find((institution) => institution.id === 'rd-albacete')!;
    registry.institutions.push({ ...template, id: 'ss-hardening', name: 'ss-hardening', publicKey: hardeningKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    service = await ServiceProcess.start('social-services', {
      DATABASE_SCHEMA: schema,
      INSTITUTIONS_JSON: JSON.stringify(registry),
      TOKEN_MAX_LIFETIME_SECONDS: '3600',
      TOKEN_CLOCK_SKEW_SECONDS: '30',
    });
    await service.waitHealthy();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    token = await tokenFor('ss-albacete', 'tech-ana', 'technician');
    supervisor = await tokenFor('rd-albacete', 'sup-marta', 'supervisor');
  });
  afterAll(async () => {
    await service?.stop();
    await db?.end();
    await dropSchemas(schema);
  });

  const written = async () => Number((await db.query(`SELECT (SELECT count(*) FROM "${schema}".events) + (SELECT count(*) FROM "${schema}".outbox) AS n`)).rows[0].n);
  const openCase = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({ caseId: `case-${randomUUID()}`, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: [], ...overrides });
  const post = async (body: string | Buffer, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}/cases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
  };
  /** The reply is a JSON error body with this status and code, and nothing in it looks like a stack trace. */
  const expectRefusal = (reply: { status: number; contentType: string | null; text: string }, status: number, code: string) => {
    expect(reply.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(reply.text) as { statusCode: number; code: string; message: string; problems?: { field: string; problems: string[] }[] };
    expect({ status: reply.status, statusCode: body.statusCode, code: body.code }).toEqual({ status, statusCode: status, code });
    expect(reply.text).not.toMatch(/\bat \w.*\(|\.ts:\d+|\.js:\d+|RangeError|QueryFailedError/);
    return body;
  };

  it('accepts an ordinary command (the baseline the refusals are measured against)', async () => {
    expect((await post(openCase())).status).toBe(201);
    expect(await written()).toBeGreaterThan(0);
  });

  it('refuses a NUL character in a text field (400 naming the field), at any depth, and writes nothing', async () => {
    const before = await written();
    const nul = expectRefusal(await post(openCase({ municipality: 'Alba\u0000cete' })), 400, 'REQUEST.INVALID');
    expect(nul.problems).toEqual([{ field: 'municipality', problems: ['municipality must not contain the NUL character (\\u0000)'] }]);
    const nested = expectRefusal(await post(openCase({ identity: { name: 'Ana\u0000' } })), 400, 'REQUEST.INVALID');
    expect(nested.problems).toEqual([{ field: 'identity.name', problems: ['identity.name must not contain the NUL character (\\u0000)'] }]);
    expect(await written()).toBe(before);
  });

  it('refuses a lone surrogate (\\ud800) in a text field, naming the field, and writes nothing', async () => {
    const before = await written();
    // The body is valid UTF-8 JSON: the surrogate arrives as the escape \ud800, as a client library would send it.
    const body = openCase({ openedBecause: 'PLACEHOLDER' }).replace('PLACEHOLDER', 'x\\ud800y');
    const refused = expectRefusal(await post(body), 400, 'REQUEST.INVALID');
    expect(refused.problems).toEqual([{ field: 'openedBecause', problems: [expect.stringMatching(/^openedBecause must be valid Unicode text/)] }]);
    expect(await written()).toBe(before);
  });

  it('refuses a body nested 3000 levels deep (400, not a stack overflow)', async () => {
    const before = await written();
    const deep = openCase({ openedBecause: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', '['.repeat(3000) + ']'.repeat(3000));
    const refused = expectRefusal(await post(deep), 400, 'REQUEST.TOO_DEEP');
    expect(refused.message).toBe('The request body is invalid: the request body nests deeper than 32 levels');
    expect(await written()).toBe(before);
    // The service is still fine.
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  it('refuses another charset (415 naming it), an unknown Content-Encoding (415) and a body that does not decode (400)', async () => {
    const before = await written();
    const charset = expectRefusal(await post(openCase(), { 'content-type': 'application/json; charset=bogus' }), 415, 'REQUEST.UNSUPPORTED_CHARSET');
    expect(charset.message).toContain('"bogus"');
    expectRefusal(await post(openCase(), { 'content-encoding': 'bogus' }), 415, 'REQUEST.UNSUPPORTED_ENCODING');
    expectRefusal(await post(openCase(), { 'content-encoding': 'gzip' }), 400, 'REQUEST.UNDECODABLE_BODY');
    expectRefusal(await post(gzipSync(openCase()).subarray(0, 12), { 'content-encoding': 'gzip' }), 400, 'REQUEST.UNDECODABLE_BODY');
    expect(await written()).toBe(before);
    // A well-formed gzip body is taken.
    expect((await post(gzipSync(openCase()), { 'content-encoding': 'gzip' })).status).toBe(201);
  });

  const get = async (path: string) => {
    const response = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${supervisor}`, 'x-purpose': 'supervision' } });
    return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
  };

  it('refuses a date that is not on the calendar in a query (400 naming it)', async () => {
    const refused = expectRefusal(await get('/access-log?from=2026-02-30'), 400, 'REQUEST.INVALID');
    expect(refused.problems).toEqual([{ field: 'from', problems: ['from must be a real calendar date such as 2026-03-02, or date-time such as 2026-03-02T10:00:00Z (years 0001-9999)'] }]);
    expectRefusal(await get('/access-log?to=2025-02-29T10:00:00Z'), 400, 'REQUEST.INVALID');
    expect((await get('/access-log?from=2024-02-29')).status).toBe(200);
  });

  it('refuses an integer out of range on paginated endpoints (400 naming it)', async () => {
    for (const path of ['/access-log?after=9223372036854775808', '/access-log/persons/p-0001?after=9223372036854775808']) {
      const refused = expectRefusal(await get(path), 400, 'REQUEST.INVALID');
      expect(refused.problems).toEqual([{ field: 'after', problems: ['after must be a whole number between -9007199254740991 and 9007199254740991'] }]);
    }
    expect((await get('/access-log?after=9007199254740991')).status).toBe(200);
  });

  it('refuses a NUL character in a path parameter (400 naming it)', async () => {
    const refused = expectRefusal(await get('/access-log/persons/p-%00-1'), 400, 'REQUEST.INVALID');
    expect(refused.problems).toEqual([{ field: 'personId', problems: ['personId must not contain the NUL character (\\u0000)'] }]);
  });

  describe('token times (TOKEN_MAX_LIFETIME_SECONDS=3600, TOKEN_CLOCK_SKEW_SECONDS=30 here)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** A token of ss-hardening (an institution of this service's registry whose key the test holds) with exactly these times. */
    const timed = (times: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({ role: 'supervisor', ...(times.iat !== undefined ? { iat: times.iat } : {}) })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuer('ss-hardening')
        .setSubject('sup-test')
        .setAudience('inclusion-network')
        .setExpirationTime(times.exp);
      return jwt.sign(hardeningKeys.privateKey);
    };
    const answer = async (bearer: string) => {
      const response = await fetch(`${service.url}/access-log`, { headers: { authorization: `Bearer ${bearer}`, 'x-purpose': 'supervision' } });
      return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
    };

    it('refuses a token valid for 50 years, naming the limit', async () => {
      const t = now();
      expect(await answer(await timed({ iat: t, exp: t + 50 * 365 * 24 * 3600 }))).toEqual({
        status: 401,
        body: expect.objectContaining({ code: 'AUTH.INVALID_TOKEN', message: 'the token is valid for too long: exp - iat must be at most 3600 s' }),
      });
    });

    it('refuses a token issued a year from now, and one with no iat', async () => {
      const future = now() + 365 * 24 * 3600;
      expect(await answer(await timed({ iat: future, exp: future + 600 }))).toEqual({
        status: 401,
        body: expect.objectContaining({ code: 'AUTH.INVALID_TOKEN', message: "the token is issued in the future (iat more than 30 s ahead of this server's clock)" }),
      });
      expect(await answer(await timed({ exp: now() + 600 }))).toEqual({ status: 401, body: expect.objectContaining({ message: 'the token must say when it was issued (iat)' }) });
    });

    it('accepts tokens within the limits, as the 10-minute tokens every other test uses', async () => {
      const t = now();
      expect((await answer(await timed({ iat: t + 10, exp: t + 3600 }))).status).not.toBe(401);
      expect((await answer(await tokenFor('rd-albacete', 'sup-marta', 'supervisor'))).status).toBe(200);
    });
  });
});
