import Anthropic from '@anthropic-ai/sdk';
import { connect, Socket } from 'node:net';
import OpenAI, { APIConnectionError, APIError } from 'openai';
import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { expectOpenAIError, rejectionOf } from '../support/expect';
import { Gateway, readResult, startGateway } from '../support/gateway';
import { anthropicSdk, expectGeminiError } from '../support/sdks';

const LIMIT = 64 * 1024;
/** Well over the limit: the SDK is still sending when the gateway has decided. */
const BIG = 6 * 1024 * 1024;

/**
 * A body over BODY_LIMIT_BYTES is answered with a 413 the client can read: the gateway keeps
 * reading (and discarding) what the client still sends, as nginx's lingering close does,
 * instead of resetting a connection the official SDKs are still writing to.
 */
describe('body over the limit', () => {
  /** A TCP connection to the gateway, for clients no SDK models. */
  async function rawConnection(): Promise<Socket> {
    const { port } = new URL(gateway.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return socket;
  }

  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let key: string;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway({ env: { BODY_LIMIT_BYTES: String(LIMIT) } });
    await addProvider(gateway, 'main', upstream);
    await addModel(gateway, 'm', [{ provider: 'main', model: 'up-model' }]);
    key = await addKey(gateway, 'big-bodies');
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('the openai SDK gets an APIError 413 in OpenAI shape, not a connection error', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${gateway.baseUrl}/v1`, maxRetries: 2 });
    const err = await rejectionOf(
      client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x'.repeat(BIG) }],
      }),
    );
    expect(err).not.toBeInstanceOf(APIConnectionError);
    expect(err).toBeInstanceOf(APIError);
    const apiError = err as APIError;
    expect(apiError.status).toBe(413);
    expect(apiError.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'request_too_large',
      message: expect.stringContaining(String(LIMIT)),
    });
    expect(apiError.headers?.get('x-request-id')).toBeTruthy();
    expect(apiError.headers?.get('connection')).toBe('close');
    // The SDK does not retry a 413: no request reached the upstream.
    expect(upstream.requests).toHaveLength(0);
  });

  it('the Anthropic SDK gets request_too_large in its own shape', async () => {
    const client = anthropicSdk(gateway, key);
    const err = await rejectionOf(
      client.messages.create({
        model: 'm',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'y'.repeat(BIG) }],
      }),
    );
    expect(err).not.toBeInstanceOf(Anthropic.APIConnectionError);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(413);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'request_too_large', message: expect.stringContaining(String(LIMIT)) },
    });
  });

  it('a Gemini client gets the 413 in Google’s shape (on v1 and v1beta)', async () => {
    for (const version of ['v1beta', 'v1']) {
      const response = await gateway.fetch(`/${version}/models/m:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ parts: [{ text: 'z'.repeat(BIG) }] }] }),
      });
      expectGeminiError(await readResult(response), 413, 'INVALID_ARGUMENT');
    }
  });

  it('a chunked body (no Content-Length) that grows over the limit gets the 413 too', async () => {
    const chunks = (async function* () {
      const piece = new TextEncoder().encode('"' + 'c'.repeat(64 * 1024));
      yield new TextEncoder().encode('{"model":"m","messages":[{"role":"user","content":');
      for (let i = 0; i < 60; i++) yield piece;
      yield new TextEncoder().encode('"}]}');
    })();
    const response = await gateway.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: ReadableStream.from(chunks),
      duplex: 'half',
    } as RequestInit);
    expectOpenAIError(await readResult(response), 413, { code: 'request_too_large' });
  });

  it('a client that writes its whole body before reading (as httpx does) reads the 413', async () => {
    // The Python SDKs (httpx) send the whole request, then read the answer: a connection
    // closed under them is a write error (APIConnectionError), and they retry.
    const socket = await rawConnection();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const ended = new Promise<Error | null>((resolve) => {
      socket.once('error', resolve);
      socket.once('end', () => resolve(null));
    });
    const body = JSON.stringify({
      model: 'm',
      messages: [{ role: 'user', content: 'h'.repeat(BIG) }],
    });
    const head =
      'POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n' +
      `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const writeError = await new Promise<Error | null | undefined>((resolve) =>
      socket.write(head + body, (err) => resolve(err)),
    );
    expect(writeError ?? null).toBeNull();
    expect(await ended).toBeNull();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('"code":"request_too_large"');
    socket.destroy();
  });

  it('a client that never stops sending is cut off, and the gateway keeps serving', async () => {
    const socket = await rawConnection();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined); // the reset that ends it
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n' +
        `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
        'Content-Length: 100000000000\r\n\r\n',
    );
    const chunk = Buffer.alloc(256 * 1024, 'e');
    let sent = 0;
    let open = true;
    void closed.then(() => (open = false));
    const started = Date.now();
    while (open && Date.now() - started < 30_000) {
      if (!socket.write(chunk)) {
        await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
      }
      sent += chunk.length;
    }
    expect(open).toBe(false);
    // Cut at the bound (64 MB discarded), well before 30 s; the 413 was sent first.
    expect(sent).toBeGreaterThan(64 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');

    const completion = await gateway.openai(key).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'small' }],
    });
    expect(completion.choices[0].message.content).toBe(DEFAULT_CONTENT);
  });

  it('a body under the limit is served on a connection that stays usable', async () => {
    const client = gateway.openai(key);
    for (let i = 0; i < 3; i++) {
      const completion = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'w'.repeat(LIMIT / 2) }],
      });
      expect(completion.choices[0].message.content).toBe(DEFAULT_CONTENT);
    }
  });
});
