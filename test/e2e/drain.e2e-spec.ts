import { connect } from 'node:net';
import { Client } from 'undici';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { expectOpenAIError } from '../support/expect';
import { Gateway, HttpResult, startGateway } from '../support/gateway';
import { expectAnthropicError, expectGeminiError } from '../support/sdks';

/** Resolves once nothing accepts connections on `port` any more (the server is closing). */
async function untilRefused(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the gateway kept accepting connections');
}

const CASES = [
  {
    api: 'openai',
    path: '/v1/chat/completions',
    body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    api: 'anthropic',
    path: '/v1/messages',
    body: { model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    api: 'gemini',
    path: '/v1/models/m:generateContent',
    body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
  },
] as const;

/**
 * While the gateway shuts down (SIGTERM → app.close()), in-flight requests finish; a request
 * that still arrives on an open keep-alive connection is refused with a 503 the client can act
 * on: its own error format, Retry-After, Connection: close, x-request-id.
 */
describe('requests arriving during shutdown', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let key: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ behaviour: { delayMs: 1500 } });
    gateway = await startGateway();
    await addProvider(gateway, 'up', upstream);
    await addModel(gateway, 'm', [{ provider: 'up', model: 'up-model' }]);
    key = await addKey(gateway, 'draining');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()));
    await gateway?.close();
    await upstream?.close();
  });

  it('get a 503 in their client’s format while the in-flight requests finish', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    // One keep-alive connection per client API, each with a slow request in flight. Pipelining
    // lets the second request go out on the same connection while the first is unanswered.
    const send = (client: Client, path: string, body: unknown) =>
      client
        .request({
          method: 'POST',
          path,
          headers,
          body: JSON.stringify(body),
          idempotent: true,
          blocking: false,
        })
        .then(async (r) => ({
          status: r.statusCode,
          headers: new Headers(r.headers as Record<string, string>),
          body: (await r.body.json()) as unknown,
        }));
    const inFlight = CASES.map((c) => {
      const client = new Client(gateway.baseUrl, { pipelining: 2 });
      clients.push(client);
      return { ...c, client, first: send(client, c.path, c.body) };
    });
    await upstream.waitForRequests(CASES.length, 10_000);

    const closed = gateway.closeApp();
    await untilRefused(Number(new URL(gateway.baseUrl).port));

    // Sent while the first requests are still in flight, on their connections.
    const late = await Promise.all(inFlight.map((c) => send(c.client, c.path, c.body)));
    late.forEach((result: HttpResult, i) => {
      expect(result.headers.get('retry-after')).toMatch(/^[1-5]$/);
      expect(result.headers.get('connection')).toBe('close');
      expect(result.headers.get('x-request-id')).toBeTruthy();
      const { api } = inFlight[i];
      if (api === 'openai') expectOpenAIError(result, 503, { code: 'shutting_down' });
      if (api === 'anthropic') expectAnthropicError(result, 503, 'overloaded_error');
      if (api === 'gemini') expectGeminiError(result, 503, 'UNAVAILABLE');
    });
    // The requests in flight when the shutdown began were answered normally.
    for (const c of inFlight) expect((await c.first).status).toBe(200);
    await closed;
    // Only the first requests reached the upstream.
    expect(upstream.requests).toHaveLength(CASES.length);
  });
});
