import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from './errors';
import { StoreSubscription } from './subscription';
import { caseOpened, context, openTestStore, TestStore } from '../../../test/support/event-store';

const note = (caseId: string, text: string) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { text } });

describe('EventStore (real PostgreSQL)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('event_store');
  });
  afterAll(() => t.close());

  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);

  describe('append', () => {
    it('stores several events of one call atomically, with consecutive versions, envelope fields and outbox rows', async () => {
      const caseId = randomUUID();
      const result = await t.store.append(`case-${caseId}`, [caseOpened(caseId), note(caseId, 'first visit')], 'no-stream', {
        ...context(),
        causationId: '0190a000-0000-7000-8000-0000000000ff',
      });

      expect(result.nextExpectedVersion).toBe(2);
      const [first, second] = result.events;
      expect(first).toMatchObject({
        type: 'case.opened',
        schemaVersion: 2,
        streamId: `case-${caseId}`,
        streamVersion: 1,
        institutionId: 'ss-albacete',
        actor: { userId: 'tech-ana', role: 'technician', onBehalfOf: null },
        correlationId: '0190a000-0000-7000-8000-000000000001',
        causationId: '0190a000-0000-7000-8000-0000000000ff',
        caseId,
        projectId: null,
      });
      expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUID v7
      expect(second.streamVersion).toBe(2);
      expect(second.globalPosition).toBe(first.globalPosition + 1);
      expect(second.previousHash).toBe(first.hash);
      expect(await t.store.readStream(`case-${caseId}`)).toEqual(result.events);
      const outbox = await t.dataSource.query(`SELECT message_key, value FROM outbox WHERE event_id = ANY($1) ORDER BY id`, [
        result.events.map((e) => e.eventId),
      ]);
      expect(outbox).toHaveLength(2);
      expect(outbox[0].message_key).toBe(caseId);
      // the message is the envelope; its Kafka headers are decided by the relay at publish time (libs/messaging cloudEventHeadersOf)
      expect(JSON.parse(outbox[0].value)).toMatchObject({ type: 'case.opened', caseId, streamVersion: 1, eventId: result.events[0].eventId });
    });

    it('rejects a wrong expected version with a typed conflict and writes nothing', async () => {
      const caseId = randomUUID();
      await t.store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', context());
      const before = await count('events');

      await expect(t.store.append(`case-${caseId}`, [note(caseId, 'x')], 0, context())).rejects.toThrow(WrongExpectedVersionError);
      await expect(t.store.append(`case-${caseId}`, [note(caseId, 'x')], 'no-stream', context())).rejects.toMatchObject({
        streamId: `case-${caseId}`,
        actual: 1,
        code: 'STREAM.WRONG_EXPECTED_VERSION',
      });
      expect(await count('events')).toBe(before);
      expect(await t.store.streamVersion(`case-${caseId}`)).toBe(1);
    });

    it('lets exactly one of four concurrent writers at the same expected version win', async () => {
      const caseId = randomUUID();
      await t.store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', context());

      const outcomes = await Promise.allSettled(
        ['a', 'b', 'c', 'd'].map((who) => t.store.append(`case-${caseId}`, [note(caseId, who), note(caseId, who)], 1, context())),
      );

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(losers).toHaveLength(3);
      losers.forEach((loser) => expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError));
      expect(await count('events', 'stream_id = $1', [`case-${caseId}`])).toBe(3);
      expect(await count('outbox', `value::jsonb->>'streamId' = $1`, [`case-${caseId}`])).toBe(3);
    });

    it("rolls back with the caller's transaction: no event, outbox row, stream or chain head survives", async () => {
      const caseId = randomUUID();
      const institution = `inst-${caseId}`;
      await expect(
        t.dataSource.transaction(async (manager) => {
          await t.store.append(`case-${caseId}`, [caseOpened(caseId)], 'no-stream', context(institution), manager);
          throw new Error('the handler failed after appending');
        }),
      ).rejects.toThrow('the handler failed');

      expect(await count('events', 'stream_id = $1', [`case-${caseId}`])).toBe(0);
      expect(await count('outbox', `value::jsonb->>'streamId' = $1`, [`case-${caseId}`])).toBe(0);
      expect(await count('streams', 'stream_id = $1', [`case-${caseId}`])).toBe(0);
      expect(await count('chain_heads', 'institution_id = $1', [institution])).toBe(0);
    });
  });

  describe('reads', () => {
    it('reads by correlation id and pages through the global log', async () => {
      const correlationId = randomUUID();
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of ids) await t.store.append(`case-${id}`, [caseOpened(id)], 'no-stream', context('ss-hellin', correlationId));

      const correlated = await t.store.readByCorrelation(correlationId);
      expect(correlated.map((e) => e.caseId)).toEqual(ids);

      const all: number[] = [];
      let after = 0;
      for (;;) {
        const page = await t.store.readAll(after, 2);
        if (page.events.length === 0) break;
        expect(page.events.length).toBeLessThanOrEqual(2);
        all.push(...page.events.map((e) => e.globalPosition));
        after = page.lastPosition;
      }
      expect(all).toEqual([...all].sort((a, b) => a - b));
      expect(all).toHaveLength(await count('events'));
    });

    it('reads a v1 event as v2 through the upcaster, and the stored row never changes', async () => {
      const caseId = randomUUID();
      const v1 = { personId: `person-${caseId}`, municipality: 'Villarrobledo', gender: 'male', birthYear: 1979 };
      await t.store.append(`case-${caseId}`, [{ type: 'case.opened', schemaVersion: 1, caseId, payload: v1 }], 'no-stream', context());

      const [read] = await t.store.readStream(`case-${caseId}`);
      expect(read.schemaVersion).toBe(2);
      expect(read.payload).toEqual({ ...v1, incidenceGroups: [] });

      const [row] = await t.dataSource.query(`SELECT schema_version, payload FROM events WHERE stream_id = $1`, [`case-${caseId}`]);
      expect(row).toEqual({ schema_version: 1, payload: v1 });
      const [raw] = await t.store.readStream(`case-${caseId}`, 1, { raw: true });
      expect(raw.schemaVersion).toBe(1);
    });
  });

  describe('global order under concurrency', () => {
    it('a reader following "after position P" sees every event exactly once, in position order', async () => {
      const seen: number[] = [];
      const subscription = new StoreSubscription(t.store, process.env.DATABASE_URL!, {
        from: await t.store.lastPosition(),
        batchSize: 7,
        pollMs: 200,
        handle: (event) => {
          seen.push(event.globalPosition);
        },
      });
      await subscription.start();
      const start = await t.store.lastPosition();

      const writers = 8;
      const appendsPerWriter = 30;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < appendsPerWriter; i++) {
            const id = `${w}-${i}-${randomUUID()}`;
            const events = Array.from({ length: 1 + ((w + i) % 3) }, (_, k) => note(id, `w${w} i${i} k${k}`));
            await t.store.append(`case-${id}`, events, 'no-stream', context(`inst-${w % 3}`));
          }
        }),
      );

      const expected: number[] = (
        await t.dataSource.query(`SELECT global_position AS p FROM events WHERE global_position > $1 ORDER BY global_position`, [start])
      ).map((row: { p: string }) => Number(row.p));
      const deadline = Date.now() + 30_000;
      while (seen.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await subscription.stop();

      expect(expected.length).toBe((writers * appendsPerWriter * 2)); // 1..3 events each, 2 on average
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('a named subscription resumes after its stored checkpoint', async () => {
      const name = `resume-${randomUUID()}`;
      const first: number[] = [];
      const one = new StoreSubscription(t.store, process.env.DATABASE_URL!, { name, from: await t.store.lastPosition(), pollMs: 100, handle: (e) => void first.push(e.globalPosition) });
      await one.start();
      const id = randomUUID();
      await t.store.append(`case-${id}`, [note(id, 'a'), note(id, 'b')], 'no-stream', context());
      while (first.length < 2) await new Promise((r) => setTimeout(r, 20));
      await one.stop();

      await t.store.append(`case-${id}`, [note(id, 'c')], 2, context());
      const second: string[] = [];
      const two = new StoreSubscription(t.store, process.env.DATABASE_URL!, { name, from: 0, pollMs: 100, handle: (e) => void second.push((e.payload as { text: string }).text) });
      await two.start();
      while (second.length < 1) await new Promise((r) => setTimeout(r, 20));
      await two.stop();
      expect(second).toEqual(['c']);
    });
  });
});
