import { kafkajsRequestQueue, RequestQueueClass, RequestQueueInternals } from './kafkajs-idle-loop-fix';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queueOf = (Class: RequestQueueClass): RequestQueueInternals =>
  new Class({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'localhost:9092', logger: silent });
const request = (correlationId: number, sent: number[]) => ({
  entry: { correlationId, apiName: 'Metadata', apiKey: 3, apiVersion: 6, resolve: () => undefined, reject: () => undefined },
  expectResponse: true,
  sendRequest: () => sent.push(correlationId),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the pending-request checks a queue runs in `ms` after one response, as kafkajs' fulfillRequest starts them. */
async function checksAfterOneResponse(queue: RequestQueueInternals, ms: number): Promise<number> {
  let checks = 0;
  const check = queue.checkPendingRequests.bind(queue);
  queue.checkPendingRequests = () => {
    checks += 1;
    check();
  };
  queue.checkPendingRequests();
  await sleep(ms);
  queue.destroy();
  return checks;
}

describe("kafkajs' request queue without its idle timer loop", () => {
  it("kafkajs 2.2.4's own queue checks again and again while nothing waits (the loop this module removes)", async () => {
    let Original!: RequestQueueClass;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Original = require('kafkajs/src/network/requestQueue');
    });
    expect(await checksAfterOneResponse(queueOf(Original), 100)).toBeGreaterThan(20);
  });

  it('checks once after a response and then schedules nothing while the queue is empty', async () => {
    expect(await checksAfterOneResponse(queueOf(kafkajsRequestQueue), 100)).toBe(1);
  });

  it('sends a request queued behind a throttle once the throttle ends', async () => {
    const queue = queueOf(kafkajsRequestQueue);
    const sent: number[] = [];
    queue.throttledUntil = Date.now() + 40;
    queue.push(request(1, sent));
    expect(sent).toEqual([]);
    await sleep(80);
    expect(sent).toEqual([1]);
    queue.destroy();
  });

  it('sends a request held back by the in-flight limit when the request in flight is answered', async () => {
    const queue = queueOf(kafkajsRequestQueue);
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.push(request(2, sent));
    expect(sent).toEqual([1]);
    await sleep(30);
    expect(sent).toEqual([1]);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
    queue.destroy();
  });
});
