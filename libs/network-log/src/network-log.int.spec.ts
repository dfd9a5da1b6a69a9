import { EVENT_CATALOGUE } from '@inclusion/contracts';
import { albaceteProgramme } from '../../read-models/src/testing/scenario';
import { openTestStore, TestStore } from '../../../test/support/event-store';
import { NetworkLog } from './network-log';

/**
 * Recording a consumer's batch set-based (recordAll) leaves the log exactly as recording its
 * events one at a time: the same gap-free positions, documents (state and position),
 * participants and enrolments; a second delivery takes no position. Real PostgreSQL.
 */
describe('NetworkLog.recordAll', () => {
  let oneByOne: TestStore;
  let batched: TestStore;

  beforeAll(async () => {
    [oneByOne, batched] = await Promise.all([openTestStore('netlog_single'), openTestStore('netlog_batched')]);
  });
  afterAll(async () => {
    await Promise.all([oneByOne.close(), batched.close()]);
  });

  const contents = async (t: TestStore) => ({
    log: await t.dataSource.query(`SELECT position::int, event_id::text, type, case_id, programme_id, envelope FROM network_log ORDER BY position`),
    documents: await t.dataSource.query(`SELECT projection, key, programme_id, state, position::int FROM projection_documents ORDER BY projection, key`),
    participants: await t.dataSource.query(`SELECT case_id, institution_id, from_position::int, owner FROM network_log_participants ORDER BY case_id, institution_id`),
    enrolments: await t.dataSource.query(`SELECT case_id, programme_id, project_id, from_position::int FROM network_log_enrolments ORDER BY case_id, project_id`),
  });

  it('gives the same log, documents, participants and enrolments as one event at a time, and skips what it already holds', async () => {
    const events = albaceteProgramme().events;
    expect(events.length).toBeGreaterThan(100);
    const single = new NetworkLog(oneByOne.dataSource, 'netlog_single', EVENT_CATALOGUE);
    for (const event of events) await oneByOne.dataSource.transaction((tx) => single.record(event, tx));

    const log = new NetworkLog(batched.dataSource, 'netlog_batched', EVENT_CATALOGUE);
    const answers: (number | null)[][] = [];
    for (let i = 0; i < events.length; i += 7) {
      // each batch also carries a copy of one of its own events and one of the batch before (a redelivery)
      const batch = events.slice(i, i + 7);
      const items = [...batch, batch[0], ...(i > 0 ? [events[i - 1]] : [])].map((event) => ({ event }));
      answers.push(await batched.dataSource.transaction((tx) => log.recordAll(items, tx)));
    }

    const [expected, actual] = await Promise.all([contents(oneByOne), contents(batched)]);
    expect(actual.log).toHaveLength(events.length);
    expect(actual.log.map((r: { position: number }) => r.position)).toEqual(events.map((_, i) => i + 1));
    expect(actual).toEqual(expected);
    expect(expected.participants.length).toBeGreaterThan(0);
    expect(expected.enrolments.length).toBeGreaterThan(0);
    expect(new Set(expected.documents.map((d: { projection: string }) => d.projection)).size).toBeGreaterThan(1);
    // each batch's answer: the positions of its events, null for the copies
    answers.forEach((answer, b) => {
      const size = Math.min(7, events.length - b * 7);
      expect(answer.slice(0, size)).toEqual(Array.from({ length: size }, (_, k) => b * 7 + k + 1));
      expect(answer.slice(size)).toEqual(b > 0 ? [null, null] : [null]);
    });
    // and the same as the log's own rebuild, which folds and derives the participants independently
    expect((await log.compare()).filter((d) => d.missing.length || d.extra.length || d.different.length)).toEqual([]);
    await single.rebuild();
    expect((await contents(oneByOne)).participants).toEqual(actual.participants);
    // a whole batch delivered again records nothing
    expect(await batched.dataSource.transaction((tx) => log.recordAll(events.slice(0, 3).map((event) => ({ event })), tx))).toEqual([null, null, null]);
    expect(await contents(batched)).toEqual(expected);
  });
});
