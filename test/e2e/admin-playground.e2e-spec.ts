import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';

const ROUTING_HEADERS = [
  'x-request-id',
  'x-switchboard-provider',
  'x-switchboard-model',
  'x-switchboard-attempts',
];

/**
 * The console's playground: the admin key calls /v1/chat/completions on the same origin and
 * shows where the request went from the answer's headers, streamed or not.
 */
describe('admin playground on /v1', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'pg', upstream);
    await addModel(gateway, 'play', [{ provider: 'pg', model: 'pg-upstream' }]);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const post = (stream: boolean) =>
    gateway.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'play',
        messages: [{ role: 'user', content: 'hi' }],
        stream,
      }),
    });

  const headersOf = (response: Response) =>
    Object.fromEntries(ROUTING_HEADERS.map((h) => [h, response.headers.get(h)]));

  it.each([false, true])(
    'answers the admin key (stream: %s) with the routing headers',
    async (stream) => {
      const response = await post(stream);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(headersOf(response)).toEqual({
        'x-request-id': expect.stringMatching(/\S/),
        'x-switchboard-provider': 'pg',
        'x-switchboard-model': 'pg-upstream',
        'x-switchboard-attempts': '1',
      });
      if (stream) {
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
        expect(text).toContain('data: [DONE]');
      } else {
        expect(JSON.parse(text).choices[0].message.content).toBe(DEFAULT_CONTENT);
      }
    },
  );

  it('gives each answer its own request id', async () => {
    const [a, b] = await Promise.all([post(false), post(true)]);
    await Promise.all([a.text(), b.text()]);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});
