import { Client } from 'pg';
import { tokenFor } from '../support/institutions';
import { waitFor } from '../support/kafka';
import { TestNetwork } from '../support/service-process';
import { openSse, SseStream } from '../support/sse';

/**
 * Live event streams are capped per user and per institution (STREAMS_PER_USER,
 * STREAMS_PER_INSTITUTION: 429 with a JSON body naming the cap past them) and read through
 * their own small pool (STREAM_READ_CONNECTIONS), so a user opening fifty streams at once
 * leaves /health at 200 (it went 503 for seconds before).
 */
describe('live streams: caps per user and institution, off the service pool', () => {
  let network: TestNetwork<'regional-delegation'>;
  let url: string;
  let schema: string;
  let db: Client;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    network = await TestNetwork.start(['regional-delegation'], 'streamcap', { STREAMS_PER_USER: '3', STREAMS_PER_INSTITUTION: '5', STREAM_READ_CONNECTIONS: '1' });
    url = network.services['regional-delegation'].url;
    schema = network.schemas['regional-delegation'];
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await db?.end();
    await network?.stop();
  });

  const headersOf = async (userId: string) => ({ authorization: `Bearer ${await tokenFor('rd-albacete', userId, 'supervisor')}`, 'x-purpose': 'supervision' });
  const open = async (headers: Record<string, string>) => {
    const stream = await openSse(`${url}/streams/events?after=0`, headers);
    streams.push(stream);
    return stream;
  };
  const health = async () => (await fetch(`${url}/health`)).status;

  it('lets one user open 3 of 50 streams opened at once, refuses the others with 429 naming STREAMS_PER_USER, and /health stays 200 throughout', async () => {
    const marta = await headersOf('sup-marta');
    let polling = true;
    const healthStatuses: number[] = [];
    const poller = (async () => {
      while (polling) {
        healthStatuses.push(await health());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const opened = await Promise.all(Array.from({ length: 50 }, () => open(marta)));
    // The allowed streams stay open a while: /health must not notice them.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    polling = false;
    await poller;

    expect(opened.filter((s) => s.status === 200)).toHaveLength(3);
    const refused = opened.filter((s) => s.status !== 200);
    expect(refused).toHaveLength(47);
    for (const stream of refused) {
      expect(stream.status).toBe(429);
      expect(stream.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'STREAMS.TOO_MANY',
        message: 'user sup-marta of rd-albacete already has 3 open event streams, the most one user may have (STREAMS_PER_USER=3); close one first',
      });
    }
    expect(healthStatuses.length).toBeGreaterThanOrEqual(3);
    expect(healthStatuses.every((status) => status === 200)).toBe(true);
    expect(opened.filter((s) => s.status === 200).every((s) => !s.ended)).toBe(true);
  });

  it('counts the institution\'s users together (STREAMS_PER_INSTITUTION) and gives a slot back when a stream closes', async () => {
    const rosa = await headersOf('sup-rosa');
    expect((await open(rosa)).status).toBe(200);
    expect((await open(rosa)).status).toBe(200);
    // 3 (sup-marta) + 2 (sup-rosa) = 5: the institution's cap.
    const third = await open(await headersOf('sup-luis'));
    expect(third.status).toBe(429);
    expect((third.body as { message: string }).message).toBe('rd-albacete already has 5 open event streams, the most one institution may have (STREAMS_PER_INSTITUTION=5); close one first');
    expect(await health()).toBe(200);

    // sup-marta closes one of hers: the slot comes back as soon as the connection is gone.
    streams.find((s) => s.status === 200)!.close();
    let again: SseStream | undefined;
    await waitFor(async () => {
      again = await open(await headersOf('sup-luis'));
      return again.status === 200;
    }, 10_000, 'a slot given back');
    expect(again!.status).toBe(200);
  });

  it('reads the streams through their own pool, not the service\'s', async () => {
    const connections = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1`, [`streams:regional-delegation:${schema}`.slice(0, 63)])).rows[0].n);
    expect(await connections()).toBeGreaterThanOrEqual(1);
    expect(await connections()).toBeLessThanOrEqual(1); // STREAM_READ_CONNECTIONS=1
    expect(await health()).toBe(200);
  });
});
