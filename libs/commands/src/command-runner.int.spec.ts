import { RecordedEvent } from '@inclusion/domain';
import { randomUUID } from 'node:crypto';
import { context, openTestStore, TestStore } from '../../../test/support/event-store';
import { CommandRunner, RunCommand } from './command-runner';

/**
 * The command loop when a command joins a consumer's transaction (a reaction): it reads and
 * decides without the store's append lock, appends under it, and decides once more under the
 * lock when the stream moved on in between. Real PostgreSQL.
 */
describe('CommandRunner in a consumer transaction (reactions)', () => {
  let t: TestStore;
  let runner: CommandRunner;

  beforeAll(async () => {
    t = await openTestStore('command_runner');
    runner = new CommandRunner(t.store, t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const note = (caseId: string, n: number) => ({ type: 'case.note', schemaVersion: 1, caseId, payload: { n } });
  const reactionContext = { ...context('ss-albacete'), actor: { userId: 'system', role: 'system' as const }, method: 'REACT', path: 'case.note' };
  const counting = { initial: () => 0, evolve: (n: number, _event: RecordedEvent) => n + 1 };

  it('a reaction that records nothing holds no append lock: the service appends while its transaction is still open', async () => {
    const caseId = randomUUID();
    await t.store.append(`case-${caseId}`, [note(caseId, 1)], 'no-stream', context());
    const runner_ = t.dataSource.createQueryRunner();
    await runner_.connect();
    await runner_.startTransaction();
    try {
      const result = await runner.run({ ...counting, streamId: `case-${caseId}`, context: reactionContext, body: {}, decide: () => [], tx: runner_.manager });
      expect(result).toEqual({ streamId: `case-${caseId}`, version: 1, events: [] });
      // Another append of the service commits while the reaction's transaction is open.
      const other = randomUUID();
      let timer: NodeJS.Timeout | undefined;
      const appended = await Promise.race([
        t.store.append(`case-${other}`, [note(other, 1)], 'no-stream', context()).then(() => 'appended'),
        new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting after 5 s'), 5_000))),
      ]);
      clearTimeout(timer);
      expect(appended).toBe('appended');
      await runner_.commitTransaction();
    } finally {
      if (runner_.isTransactionActive) await runner_.rollbackTransaction();
      await runner_.release();
    }
  });

  it('the stream moved on between its read and its append: decided again under the lock, on the new state', async () => {
    const caseId = randomUUID();
    const streamId = `case-${caseId}`;
    await t.store.append(streamId, [note(caseId, 1)], 'no-stream', context());
    const seen: number[] = [];
    const command: RunCommand<number> = {
      ...counting,
      streamId,
      context: reactionContext,
      body: {},
      authorize: async (state) => {
        // the first pass read one event; meanwhile another writer appends a second, committed before this append
        if (seen.length === 0) await t.store.append(streamId, [note(caseId, 2)], 1, context());
        seen.push(state);
      },
      decide: (state) => [{ type: 'case.note', data: { n: state + 1 } }],
      concerns: { caseId },
    };
    const runner_ = t.dataSource.createQueryRunner();
    await runner_.connect();
    await runner_.startTransaction();
    let result;
    try {
      result = await runner.run({ ...command, tx: runner_.manager });
      await runner_.commitTransaction();
    } finally {
      if (runner_.isTransactionActive) await runner_.rollbackTransaction();
      await runner_.release();
    }
    expect(seen).toEqual([1, 2]);
    expect(result.version).toBe(3);
    const stream = await t.store.readStream(streamId);
    expect(stream.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('a version the caller expects is not retried: the conflict is the answer', async () => {
    const caseId = randomUUID();
    const streamId = `case-${caseId}`;
    await t.store.append(streamId, [note(caseId, 1)], 'no-stream', context());
    const runner_ = t.dataSource.createQueryRunner();
    await runner_.connect();
    await runner_.startTransaction();
    try {
      const outcome = runner.run({ ...counting, streamId, context: { ...reactionContext, expectedVersion: 0 }, body: {}, decide: () => [{ type: 'case.note', data: { n: 9 } }], tx: runner_.manager });
      await expect(outcome).rejects.toMatchObject({ name: 'WrongExpectedVersionError' });
    } finally {
      await runner_.rollbackTransaction();
      await runner_.release();
    }
    expect((await t.store.readStream(streamId)).map((e) => e.payload)).toEqual([{ n: 1 }]);
  });
});
