import type { CanonicalMessage, CanonicalRequest } from '../conversion/canonical/types';
import { principalOf } from './__fixtures__/runtime';
import { RequestFacts, type RouteRequest } from './request-facts';

const principal = principalOf({ metadata: { tier: 'gold', seats: 3 } });

const userText = (text: string): CanonicalMessage => ({
  role: 'user',
  content: [{ type: 'text', text }],
});

function chat(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'gpt',
    system: [],
    messages: [userText('hello')],
    stream: false,
    ...over,
  };
}

function routeRequest(over: Partial<RouteRequest> = {}): RouteRequest {
  return {
    model: 'gpt',
    path: '/v1/chat/completions',
    headers: {},
    principal,
    stream: false,
    body: {},
    canonical: () => chat(),
    operation: 'chat',
    ...over,
  };
}

const NOON_15 = new Date('2030-01-01T15:30:00.000Z');

describe('RequestFacts', () => {
  describe('from a canonical request', () => {
    it('counts the prompt tokens of a known text (o200k plus message framing)', () => {
      // "hello " × 100 is 101 o200k tokens, plus 3 for the message.
      const facts = new RequestFacts(
        routeRequest({ canonical: () => chat({ messages: [userText('hello '.repeat(100))] }) }),
      );
      expect(facts.tokenCount).toBe(104);
      expect(facts.tokenCountKnown).toBe(true);
    });

    it('counts system text, tools and images too', () => {
      const plain = new RequestFacts(routeRequest()).tokenCount;
      const bigger = new RequestFacts(
        routeRequest({
          canonical: () =>
            chat({
              system: [{ type: 'text', text: 'You are terse.' }],
              messages: [
                {
                  role: 'user',
                  content: [
                    { type: 'text', text: 'hello' },
                    { type: 'image', source: { kind: 'url', url: 'https://x.example/a.png' } },
                  ],
                },
              ],
              tools: [{ name: 'lookup', parameters: { type: 'object' } }],
            }),
        }),
      ).tokenCount;
      // An image costs 85 tokens, the system block 3 more framing tokens, text on top.
      expect(bigger).toBeGreaterThan(plain + 85 + 3);
    });

    it('reads max tokens, tools, user and images', () => {
      const facts = new RequestFacts(
        routeRequest({
          canonical: () =>
            chat({
              maxTokens: 512,
              user: 'alice',
              tools: [{ name: 'lookup', parameters: { type: 'object' } }],
              messages: [
                {
                  role: 'user',
                  content: [
                    {
                      type: 'image',
                      source: { kind: 'base64', mediaType: 'image/png', data: 'AA==' },
                    },
                  ],
                },
              ],
            }),
        }),
      );
      expect(facts.maxTokens).toBe(512);
      expect(facts.hasTools).toBe(true);
      expect(facts.hasImages).toBe(true);
      expect(facts.user).toBe('alice');
    });

    it('defaults: max tokens 0, no tools, no images, user ""', () => {
      const facts = new RequestFacts(routeRequest({ canonical: () => chat({ tools: [] }) }));
      expect(facts.maxTokens).toBe(0);
      expect(facts.hasTools).toBe(false);
      expect(facts.hasImages).toBe(false);
      expect(facts.user).toBe('');
    });

    it('sees an image inside a tool result', () => {
      const facts = new RequestFacts(
        routeRequest({
          canonical: () =>
            chat({
              messages: [
                userText('look'),
                {
                  role: 'tool',
                  content: [
                    {
                      type: 'tool_result',
                      toolCallId: 'call_1',
                      content: [
                        { type: 'text', text: 'screenshot' },
                        { type: 'image', source: { kind: 'url', url: 'https://x.example/s.png' } },
                      ],
                    },
                  ],
                },
              ],
            }),
        }),
      );
      expect(facts.hasImages).toBe(true);
    });
  });

  it('takes the hour (UTC) from the injected date', () => {
    expect(new RequestFacts(routeRequest(), NOON_15).hour).toBe(15);
    expect(new RequestFacts(routeRequest(), new Date('2030-01-01T00:59:59Z')).hour).toBe(0);
  });

  it('lower-cases header names, joins repeated values and drops credentials', () => {
    const facts = new RequestFacts(
      routeRequest({
        headers: {
          'X-Team': 'search',
          'x-tags': ['a', 'b'],
          Authorization: 'Bearer sk-secret',
          'x-api-key': 'sk-ant-secret',
          'X-Goog-Api-Key': 'goog-secret',
          'api-key': 'azure-secret',
          cookie: 'session=1',
          'x-empty': undefined,
        },
      }),
    );
    expect(facts.headers).toEqual({ 'x-team': 'search', 'x-tags': 'a, b' });
  });

  it('exposes the key name and a copy of its metadata, and its id', () => {
    const facts = new RequestFacts(routeRequest());
    expect(facts.key).toEqual({ name: 'team-a', metadata: { tier: 'gold', seats: 3 } });
    // One copy per request: every rule sees the same object (the CEL conversion is cached by it).
    expect(facts.key).toBe(facts.key);
    facts.key.metadata.tier = 'changed';
    expect(principal.metadata.tier).toBe('gold');
    expect(facts.keyId).toBe('key-1');
  });

  describe('laziness', () => {
    it('does not parse when only model, path, stream, headers, key or hour are read', () => {
      const canonical = jest.fn(() => chat());
      const facts = new RequestFacts(
        routeRequest({ canonical, stream: true, headers: { 'x-a': '1' } }),
        NOON_15,
      );
      expect([facts.model, facts.path, facts.stream]).toEqual([
        'gpt',
        '/v1/chat/completions',
        true,
      ]);
      expect(facts.headers).toEqual({ 'x-a': '1' });
      expect(facts.key.name).toBe('team-a');
      expect(facts.hour).toBe(15);
      expect(canonical).not.toHaveBeenCalled();
      expect(facts.tokenCountKnown).toBe(false);
    });

    it('parses once however many content facts are read', () => {
      const canonical = jest.fn(() => chat({ maxTokens: 10 }));
      const facts = new RequestFacts(routeRequest({ canonical }));
      expect(facts.maxTokens).toBe(10);
      expect(facts.tokenCountKnown).toBe(false);
      void facts.hasTools;
      void facts.hasImages;
      void facts.user;
      const first = facts.tokenCount;
      expect(facts.tokenCount).toBe(first);
      expect(canonical).toHaveBeenCalledTimes(1);
    });
  });

  describe('when the body cannot be read as a chat request', () => {
    const body = {
      model: 'gpt',
      messages: [{ role: 'user', content: { weird: 'x'.repeat(400) } }],
      max_completion_tokens: 300,
      tools: [{ type: 'function' }],
      user: 'bob',
    };
    const broken = () =>
      new RequestFacts(
        routeRequest({
          body,
          canonical: () => {
            throw new Error('cannot convert');
          },
        }),
      );

    it('estimates tokens at ~4 characters per token of the raw body', () => {
      expect(broken().tokenCount).toBe(Math.ceil(JSON.stringify(body).length / 4));
      expect(broken().tokenCount).toBeGreaterThan(100);
    });

    it('reads max tokens, tools and user from the body', () => {
      const facts = broken();
      expect(facts.maxTokens).toBe(300);
      expect(facts.hasTools).toBe(true);
      expect(facts.hasImages).toBe(false);
      expect(facts.user).toBe('bob');
    });

    it('prefers max_tokens, and ignores non-numbers', () => {
      const facts = (b: unknown) =>
        new RequestFacts(
          routeRequest({
            body: b,
            canonical: () => {
              throw new Error('no');
            },
          }),
        );
      expect(facts({ max_tokens: 5, max_completion_tokens: 7 }).maxTokens).toBe(5);
      expect(facts({ max_tokens: 'lots', max_output_tokens: 9 }).maxTokens).toBe(9);
      expect(facts({ tools: [] }).hasTools).toBe(false);
      expect(facts(null).maxTokens).toBe(0);
    });
  });

  it('counts the text of an embeddings request (no canonical form)', () => {
    const text = jest.fn(() => 'hello '.repeat(100));
    const facts = new RequestFacts(
      routeRequest({
        operation: 'embeddings',
        path: '/v1/embeddings',
        body: { input: 'hello '.repeat(100), user: 'carol' },
        canonical: () => null,
        text,
      }),
    );
    expect(facts.tokenCount).toBe(101);
    expect(facts.maxTokens).toBe(0);
    expect(facts.hasTools).toBe(false);
    expect(facts.user).toBe('carol');
    expect(text).toHaveBeenCalledTimes(1);
  });

  it('lists every rule variable by its rule-language name in toJSON', () => {
    const facts = new RequestFacts(
      routeRequest({
        stream: true,
        headers: { 'X-Team': 'search', authorization: 'Bearer sk' },
        canonical: () => chat({ maxTokens: 64, user: 'alice' }),
      }),
      NOON_15,
    );
    const json = facts.toJSON();
    expect(Object.keys(json).sort()).toEqual(
      [
        'TokenCount',
        'Model',
        'Path',
        'MaxTokens',
        'Stream',
        'HasTools',
        'HasImages',
        'Headers',
        'Key',
        'User',
        'Hour',
      ].sort(),
    );
    expect(json).toMatchObject({
      Model: 'gpt',
      Path: '/v1/chat/completions',
      MaxTokens: 64,
      Stream: true,
      HasTools: false,
      HasImages: false,
      Headers: { 'x-team': 'search' },
      Key: { name: 'team-a', metadata: { tier: 'gold', seats: 3 } },
      User: 'alice',
      Hour: 15,
    });
    expect(json.TokenCount).toBe(facts.tokenCount);
    expect(JSON.stringify(json)).not.toContain('Bearer');
  });
});
