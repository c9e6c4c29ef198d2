import { createServer, request, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';

const EVENTS = 1000;
/** ~64 KB of content per event: 64 MB in all, more than every socket buffer on the way holds. */
const PIECE = 'x'.repeat(64 * 1024);

/**
 * An OpenAI-format upstream that streams EVENTS large chunks as fast as its socket takes them
 * (waiting for 'drain' like any well-behaved server), and reports how far it got.
 */
async function startFloodingUpstream() {
  const progress = { events: 0, finished: false };
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const pump = () => {
      while (i < EVENTS) {
        const chunk = { id: 'c', object: 'chat.completion.chunk', created: 0, model: 'flood' };
        const choices = [{ index: 0, delta: { content: PIECE }, finish_reason: null }];
        const more = res.write(`data: ${JSON.stringify({ ...chunk, choices })}\n\n`);
        progress.events = ++i;
        if (!more) return void res.once('drain', pump);
      }
      res.end('data: [DONE]\n\n', () => (progress.finished = true));
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    progress,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Poll until `progress.events` has not moved for `quietPolls` polls, or the stream finished. */
async function untilStalledOrFinished(progress: { events: number; finished: boolean }) {
  let last = -1;
  let quiet = 0;
  while (!progress.finished && quiet < 10) {
    await new Promise((r) => setTimeout(r, 100));
    quiet = progress.events === last ? quiet + 1 : 0;
    last = progress.events;
  }
}

/** A slow client: the upstream is held back to its pace, not buffered in the gateway. */
describe('stream backpressure', () => {
  let gateway: Gateway;
  let upstream: Awaited<ReturnType<typeof startFloodingUpstream>>;
  let key: string;

  beforeAll(async () => {
    upstream = await startFloodingUpstream();
    gateway = await startGateway();
    await addProvider(gateway, 'flood', upstream.baseUrl, { retries: 0 });
    await addModel(gateway, 'flood', [{ provider: 'flood', model: 'flood' }]);
    key = await addKey(gateway, 'slow-reader');
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('a client that stops reading stops the upstream; when it reads on, everything arrives', async () => {
    const url = new URL(`${gateway.baseUrl}/v1/chat/completions`);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      });
      req.on('response', resolve).on('error', reject);
      req.end(
        JSON.stringify({
          model: 'flood',
          stream: true,
          messages: [{ role: 'user', content: 'go' }],
        }),
      );
    });
    expect(response.statusCode).toBe(200);
    response.pause();

    // The client reads nothing: the upstream gets as far as the buffers on the way allow.
    await untilStalledOrFinished(upstream.progress);
    expect(upstream.progress.finished).toBe(false);
    expect(upstream.progress.events).toBeLessThan(EVENTS);

    let bytes = 0;
    let tail = '';
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      tail = (tail + chunk.toString('latin1')).slice(-64);
    });
    response.resume();
    await new Promise((resolve) => response.on('end', resolve));
    expect(upstream.progress.finished).toBe(true);
    expect(bytes).toBeGreaterThan(EVENTS * PIECE.length);
    expect(tail).toContain('data: [DONE]');
  });
});
