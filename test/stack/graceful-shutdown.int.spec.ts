import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect, Socket } from 'node:net';
import { Client } from 'pg';
import { eventTopicOf } from '@inclusion/contracts';
import { dropSchemas } from '../support/database';
import { tokenFor } from '../support/institutions';
import { collectTopic, testKafka, waitFor } from '../support/kafka';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

type Outcome =
  | { kind: 'answer'; status: number; body: any; connection?: string; at: number } // eslint-disable-line @typescript-eslint/no-explicit-any
  | { kind: 'error'; code: string; at: number };

/** One POST on its own TCP connection (no keep-alive pool): each request is accepted, refused or reset on its own. */
const post = (port: number, path: string, body: unknown, headers: Record<string, string>): Promise<Outcome> =>
  new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const failed = (error: NodeJS.ErrnoException) => resolve({ kind: 'error', code: error.code ?? error.message, at: Date.now() });
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', failed);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({ kind: 'answer', status: res.statusCode!, body: parsed, connection: res.headers.connection, at: Date.now() });
        });
      },
    );
    req.on('error', failed);
    req.end(payload);
  });

/** Reads a whole HTTP/1.1 exchange off a raw socket (until the server closes it). */
const readAll = async (socket: Socket): Promise<string> => {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * SIGTERM while commands are in flight: the service stops accepting connections, answers
 * every request it had accepted, drains its consumers and relay, closes Kafka and PostgreSQL
 * and exits 0 within SHUTDOWN_TIMEOUT_MS. Restarted, it publishes whatever the outbox still held.
 */
describe('graceful shutdown of a service (SIGTERM)', () => {
  const schema = uniqueSchema('shutdown');
  const prefix = testTopicPrefix();
  const shutdownTimeoutMs = 20_000;
  const env = { DATABASE_SCHEMA: schema, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'log', SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) };
  const started: ServiceProcess[] = [];
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
    await db.end();
    await dropSchemas(schema);
  });

  it('answers the requests in flight, stores their events, exits 0 in time, and publishes everything after a restart', async () => {
    const service = await ServiceProcess.start('social-services', env);
    started.push(service);
    await service.waitHealthy(90_000);
    // /health answers before the event backbone has joined its consumer groups (it starts them
    // in the background); the drain of both consumers is checked below, so wait for them.
    await waitFor(() => service.log.includes('event backbone running'), 60_000, 'the event backbone to run');
    const token = await tokenFor('ss-albacete', 'tech-ana', 'technician');
    const openCase = (n: string) => ({ caseId: `case-gs-${n}`, personId: `p-gs-${n}`, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: [] });
    const headersFor = (id: string) => ({ authorization: `Bearer ${token}`, 'idempotency-key': `gs-${id}`, 'x-correlation-id': id });

    // 1. A request whose headers are in (the server said "100 Continue": it is being handled)
    //    and whose body will only arrive after SIGTERM, once the listener is closed.
    const slowId = randomUUID();
    const slowBody = JSON.stringify(openCase(slowId));
    const slow = connect(service.port, '127.0.0.1');
    await once(slow, 'connect');
    const slowExchange = readAll(slow);
    const continued = new Promise<void>((resolve) => slow.once('data', (chunk: Buffer) => chunk.toString().startsWith('HTTP/1.1 100') && resolve()));
    slow.write(
      `POST /cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(slowBody)}\r\n` +
        `Authorization: Bearer ${token}\r\nIdempotency-Key: gs-${slowId}\r\nX-Correlation-Id: ${slowId}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await continued;
    slow.write(slowBody.slice(0, 20));

    // 2. A burst of concurrent commands (the store appends them one at a time), SIGTERM at the first answer.
    const burst = Array.from({ length: 30 }, () => randomUUID());
    const burstOutcomes = burst.map((id) => post(service.port, '/cases', openCase(id), headersFor(id)));
    await Promise.race(burstOutcomes);
    const exit = service.exited(shutdownTimeoutMs + 15_000);
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');

    // 3. Once the listener is closed, a new connection is refused...
    await waitFor(() => service.log.includes('stopped accepting connections'), 10_000, 'the drain to begin');
    const lateIds = Array.from({ length: 3 }, () => randomUUID());
    const lateOutcomes = await Promise.all(lateIds.map((id) => post(service.port, '/cases', openCase(id), headersFor(id))));
    // ...while the request accepted before is still answered, on its own connection, which then closes.
    slow.write(slowBody.slice(20));
    const slowText = await slowExchange;

    const outcomes = await Promise.all(burstOutcomes);
    const code = await exit;
    const exitedAfterMs = Date.now() - signalledAt;

    // The process drained and exited 0, within the bound, through every step of the shutdown.
    expect(code).toBe(0);
    expect(exitedAfterMs).toBeLessThan(shutdownTimeoutMs);
    const logLines = service.log.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const said = (msg: RegExp) => logLines.some((line) => typeof line.msg === 'string' && msg.test(line.msg));
    expect(said(/^SIGTERM received: draining/)).toBe(true);
    expect(said(/^event backbone stopped: 2 consumer\(s\) committed/)).toBe(true);
    expect(said(/^database pool closed$/)).toBe(true);
    expect(said(/^shutdown finished in \d+ ms: exiting with code 0$/)).toBe(true);
    expect(said(/still unanswered/)).toBe(false);
    expect(said(/request aborted/)).toBe(false);

    // The slow request: answered 201 after the listener closed, with Connection: close.
    const [slowHead, slowJson] = slowText.slice(slowText.lastIndexOf('HTTP/1.1 ')).split('\r\n\r\n');
    expect(slowHead).toMatch(/^HTTP\/1\.1 201 /);
    expect(slowHead.toLowerCase()).toContain('connection: close');
    const slowAnswer = JSON.parse(slowJson) as { events: { eventId: string }[] };
    expect(slowAnswer.events).toHaveLength(1);

    // Late requests never got in: refused at connect (or answered 503 with a JSON body).
    for (const late of lateOutcomes) {
      if (late.kind === 'error') expect(late.code).toBe('ECONNREFUSED');
      else expect(late).toMatchObject({ status: 503, body: { code: 'SERVICE.SHUTTING_DOWN' } });
    }

    // Every burst request the server had begun to handle got its 2xx; none was cut off. One
    // whose connection was open but whose request had not been read when the drain began is
    // answered a clean 503 (JSON, nothing done). A connection the kernel queued but the server
    // never took may be reset as the listener closes: such a request left no trace at all.
    const isAnswer = (o: Outcome): o is Extract<Outcome, { kind: 'answer' }> => o.kind === 'answer';
    const answered = outcomes.filter((o) => isAnswer(o) && o.status === 201) as Extract<Outcome, { kind: 'answer' }>[];
    const turnedAway = burst.filter((_, i) => isAnswer(outcomes[i]) && (outcomes[i] as { status: number }).status !== 201);
    for (const [i, outcome] of outcomes.entries()) {
      if (!isAnswer(outcome) || outcome.status === 201) continue;
      expect([burst[i], outcome.status, outcome.body]).toEqual([burst[i], 503, expect.objectContaining({ statusCode: 503, code: 'SERVICE.SHUTTING_DOWN' })]);
    }
    const answeredAfterSignal = answered.filter((answer) => answer.at > signalledAt).length;
    expect(answeredAfterSignal).toBeGreaterThan(0); // the drain really waited for requests in flight
    const neverTaken = burst.filter((_, i) => outcomes[i].kind === 'error');
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.kind === 'error') expect([burst[i], outcome.code]).toEqual([burst[i], expect.stringMatching(/^(ECONNRESET|ECONNREFUSED)$/)]);
    }
    const refused = lateIds.filter((_, i) => lateOutcomes[i].kind === 'error');
    for (const id of [...neverTaken, ...refused]) expect(service.log).not.toContain(id);

    // Every 2xx command's events are in the event store; requests turned away or never taken left none.
    const acceptedEventIds = [...answered.flatMap((answer) => (answer.body as { events: { eventId: string }[] }).events.map((e) => e.eventId)), slowAnswer.events[0].eventId];
    const stored = await db.query<{ event_id: string; correlation_id: string }>(`SELECT event_id, correlation_id FROM "${schema}".events WHERE correlation_id = ANY($1::uuid[])`, [
      [slowId, ...burst, ...lateIds],
    ]);
    expect(stored.rows.map((row) => row.event_id).sort()).toEqual([...acceptedEventIds].sort());
    const storedCorrelations = new Set(stored.rows.map((row) => row.correlation_id));
    for (const id of [...turnedAway, ...neverTaken, ...lateIds]) expect(storedCorrelations.has(id)).toBe(false);
    const unpublishedAtExit = Number((await db.query(`SELECT count(*) AS n FROM "${schema}".outbox WHERE global_position > (SELECT position FROM "${schema}".relay_cursor)`)).rows[0].n);

    // Restarted on the same schema and topics, the service's relay publishes what was left.
    const restarted = await ServiceProcess.start('social-services', env);
    started.push(restarted);
    await restarted.waitHealthy(90_000);
    await waitFor(
      async () => Number((await db.query(`SELECT count(*) AS n FROM "${schema}".outbox WHERE global_position > (SELECT position FROM "${schema}".relay_cursor)`)).rows[0].n) === 0,
      60_000,
      'the outbox to be empty after the restart',
    );
    const topic = await collectTopic(testKafka(), eventTopicOf('social-services', prefix));
    try {
      const published = () => new Set(topic.messages.map((message) => (JSON.parse(message.value!.toString('utf8')) as { eventId: string }).eventId));
      await waitFor(() => acceptedEventIds.every((id) => published().has(id)), 60_000, 'every accepted event on the topic');
      const publishedCount = acceptedEventIds.filter((id) => published().has(id)).length;
      process.stderr.write(
        `\n[graceful shutdown] requests: ${burst.length + 1} before SIGTERM (${answered.length + 1} answered 2xx, ${answeredAfterSignal + 1} of them after the signal; ` +
          `${turnedAway.length} answered 503, ${neverTaken.length} never taken), ${lateIds.length} after (${refused.length} refused); ` +
          `exit code ${code} after ${exitedAfterMs} ms; events accepted ${acceptedEventIds.length}, stored ${stored.rows.length}, ` +
          `unpublished at exit ${unpublishedAtExit}, published after restart ${publishedCount}\n`,
      );
      expect(publishedCount).toBe(acceptedEventIds.length);
    } finally {
      await topic.stop();
    }
  }, 300_000);
});
