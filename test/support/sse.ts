/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  /** The JSON body of a refused stream (status other than 200). */
  body?: unknown;
  events: SseEvent[];
  /** Resolves when at least `count` events have arrived (rejects after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Whether the server ended the stream. */
  readonly ended: boolean;
  close(): void;
}

/** Opens an SSE stream with fetch (headers included, as a browser's page does) and parses it as it arrives. */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  if (response.status !== 200) {
    return { status: response.status, body: await response.json().catch(() => undefined), events, waitFor: async () => events, ended: true, close: () => controller.abort() };
  }
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) events.push({ id, event, data: data.join('\n') });
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
    }
  })();
  return {
    status: 200,
    events,
    get ended() {
      return ended;
    },
    async waitFor(count: number, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events on ${url}, got ${events.length}${ended ? ' (the stream ended)' : ''}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return events;
    },
    close: () => controller.abort(),
  };
}
