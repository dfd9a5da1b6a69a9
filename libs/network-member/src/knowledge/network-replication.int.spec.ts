import { EventEnvelope } from '@inclusion/contracts';
import { ResolvedServiceConfig } from '@inclusion/config';
import { ConsumerRegistration, EventBackbone, MessageSource } from '@inclusion/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { context, openTestStore, TestStore } from '../../../../test/support/event-store';
import { ForeignEvents } from './foreign-events';
import { NetworkReplication } from './network-replication';

/**
 * How the network consumer keeps a fetched run of other institutions' events: in one statement
 * when nothing reacts to them and nothing waits for their cases; otherwise each event is kept,
 * reacted to and hooked in order, as one at a time. Real PostgreSQL (the consumer's Kafka side
 * is tested in libs/messaging).
 */
describe('NetworkReplication on a fetched run', () => {
  let t: TestStore;
  let foreign: ForeignEvents;

  beforeAll(async () => {
    t = await openTestStore('replication_run');
    foreign = new ForeignEvents(t.store);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A replication of the employment office, its network registration captured. */
  const replication = () => {
    let registration: ConsumerRegistration | undefined;
    const backbone = { register: (r: ConsumerRegistration) => void (r.name === 'network' && (registration = r)) } as unknown as EventBackbone;
    const network = new NetworkReplication(backbone, foreign, { serviceName: 'employment-office' } as ResolvedServiceConfig);
    network.onModuleInit();
    return { network, run: (events: EventEnvelope[], tx: EntityManager) => registration!.handleRun!(events.map((event, offset) => ({ event, source: { topic: 'social-services', partition: 0, offset: String(offset) } as MessageSource })), tx) };
  };

  /** Events of social services about one case, as they arrive (signed envelopes from a real store). */
  const eventsOfACase = async () => {
    const caseId = randomUUID();
    const opened = await t.store.append(`case-${caseId}`, [{ type: 'case.opened', schemaVersion: 2, caseId, payload: { personId: `p-${caseId}`, municipality: 'Albacete', gender: 'female', birthYear: 1984, incidenceGroups: [] } }], 'no-stream', context());
    const more = await t.store.append(`case-${caseId}`, [{ type: 'case.reference-technician-assigned', schemaVersion: 1, caseId, payload: { technicianId: 'tech-ana' } }, { type: 'case.reference-technician-assigned', schemaVersion: 1, caseId, payload: { technicianId: 'tech-luis' } }], 1, context());
    return { caseId, events: [...opened.events, ...more.events] };
  };
  const kept = async (caseId: string) => (await foreign.forCase(caseId)).map((e) => e.eventId);

  it('keeps a run nothing reacts to in one statement, once (a second delivery changes nothing)', async () => {
    const { caseId, events } = await eventsOfACase();
    const { run } = replication();
    const recordAll = jest.spyOn(foreign, 'recordAll');
    const record = jest.spyOn(foreign, 'record');
    try {
      await t.dataSource.transaction((tx) => run(events, tx));
      await t.dataSource.transaction((tx) => run(events.slice(1), tx));
      expect(recordAll).toHaveBeenCalledTimes(2);
      expect(record).not.toHaveBeenCalled();
    } finally {
      recordAll.mockRestore();
      record.mockRestore();
    }
    expect(await kept(caseId)).toEqual(events.map((e) => e.eventId));
    const [row] = await t.dataSource.query(`SELECT envelope, source_topic FROM foreign_events WHERE event_id = $1`, [events[0].eventId]);
    expect(row).toEqual({ envelope: JSON.parse(JSON.stringify(events[0])), source_topic: 'social-services' });
  });

  it('a run with an event something reacts to goes one event at a time: the reaction sees its event kept, not the later ones', async () => {
    const { caseId, events } = await eventsOfACase();
    const { network, run } = replication();
    const seen: string[][] = [];
    network.on('case.opened', async (event, tx) => void seen.push((await foreign.forCase(event.caseId!, tx)).map((e) => e.eventId)));
    await t.dataSource.transaction((tx) => run(events, tx));
    expect(seen).toEqual([[events[0].eventId]]);
    expect(await kept(caseId)).toEqual(events.map((e) => e.eventId));
  });

  it('a hook that waits for one of the run\'s cases gets each event in order; one that waits for none leaves the run set-based', async () => {
    const { caseId, events } = await eventsOfACase();
    const { network, run } = replication();
    const hooked: string[] = [];
    let waiting = true;
    network.afterReceived(async (event) => void hooked.push(event.eventId), async (caseIds) => waiting && caseIds.includes(caseId));
    await t.dataSource.transaction((tx) => run(events.slice(0, 2), tx));
    expect(hooked).toEqual(events.slice(0, 2).map((e) => e.eventId));
    waiting = false;
    await t.dataSource.transaction((tx) => run(events.slice(2), tx));
    expect(hooked).toHaveLength(2);
    expect(await kept(caseId)).toEqual(events.map((e) => e.eventId));
  });
});
