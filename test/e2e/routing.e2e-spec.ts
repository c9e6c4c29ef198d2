import type OpenAI from 'openai';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';

/** A prompt of roughly `tokens` o200k tokens ("word " is one token). */
function promptOf(tokens: number): string {
  return 'word '.repeat(tokens);
}

/** Rules, filters, strategies, stickiness and explain, seen from a client. */
describe('routing', () => {
  let gateway: Gateway;
  let fakes: Record<'small' | 'large' | 'cheap' | 'pricey' | 'a' | 'b', FakeOpenAI>;
  let client: OpenAI;
  let apiKey: string;
  let researchKey: string;

  beforeAll(async () => {
    const names = ['small', 'large', 'cheap', 'pricey', 'a', 'b'] as const;
    const started = await Promise.all(names.map(() => startFakeOpenAI()));
    fakes = Object.fromEntries(names.map((n, i) => [n, started[i]])) as typeof fakes;
    gateway = await startGateway();
    for (const name of names) await addProvider(gateway, name, fakes[name], { retries: 0 });

    await gateway.adminOk('POST', '/admin/models', {
      name: 'by-size',
      targets: [
        { provider: 'small', model: 'small-model', priority: 1 },
        { provider: 'large', model: 'large-model', priority: 2 },
      ],
      rules: [{ when: 'TokenCount > 1000', targets: { large: 'large-model' } }],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'by-team',
      targets: [{ provider: 'pricey', model: 'pricey-model' }],
      rules: [
        {
          when: '"x-team" in Headers && Headers["x-team"] == "b"',
          targets: [{ provider: 'cheap', model: 'cheap-model' }],
        },
        {
          when: 'Key.metadata.team == "research"',
          targets: [{ provider: 'large' }],
        },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'windowed',
      targets: [
        { provider: 'small', model: 'small-model', priority: 1, context_window: 2000 },
        { provider: 'large', model: 'large-model', priority: 2, context_window: 200000 },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'tiny-only',
      targets: [{ provider: 'small', model: 'small-model', context_window: 100 }],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'weighted',
      strategy: 'weighted',
      targets: [
        { provider: 'a', model: 'a-model', weight: 1 },
        { provider: 'b', model: 'b-model', weight: 3 },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'rotating',
      strategy: 'round_robin',
      targets: [
        { provider: 'a', model: 'a-model' },
        { provider: 'b', model: 'b-model' },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'cheapest',
      strategy: 'cost',
      targets: [
        { provider: 'pricey', model: 'pricey-model', priority: 1, price: { input: 5, output: 15 } },
        {
          provider: 'cheap',
          model: 'cheap-model',
          priority: 2,
          price: { input: 0.1, output: 0.4 },
        },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'sticky',
      sticky: true,
      targets: [
        { provider: 'a', model: 'a-model' },
        { provider: 'b', model: 'b-model' },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'no-tools',
      targets: [
        { provider: 'small', model: 'small-model', capabilities: { tools: false } },
        { provider: 'large', model: 'large-model', priority: 2 },
      ],
    });
    apiKey = await addKey(gateway, 'routing');
    researchKey = await addKey(gateway, 'research', { metadata: { team: 'research' } });
    client = gateway.openai(apiKey);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(Object.values(fakes ?? {}).map((f) => f.close()));
  });

  beforeEach(() => {
    for (const fake of Object.values(fakes)) fake.reset();
  });

  async function servedBy(
    model: string,
    content: string,
    options: { key?: string; headers?: Record<string, string>; body?: object } = {},
  ): Promise<string> {
    const result = await gateway.postJson(
      '/v1/chat/completions',
      { authorization: `Bearer ${options.key ?? apiKey}`, ...options.headers },
      { model, messages: [{ role: 'user', content }], ...options.body },
    );
    expect(result.status).toBe(200);
    return result.headers.get('x-switchboard-provider')!;
  }

  describe('rules', () => {
    it('sends a long prompt to the target its TokenCount rule names, a short one by priority', async () => {
      // Through the official SDK, as a client would: the routing headers say where it went.
      const viaSdk = async (content: string) => {
        const { response } = await client.chat.completions
          .create({ model: 'by-size', messages: [{ role: 'user', content }] })
          .withResponse();
        return response.headers.get('x-switchboard-provider');
      };
      expect(await viaSdk('hello')).toBe('small');
      expect(await viaSdk(promptOf(3000))).toBe('large');
      expect(fakes.small.chatRequests).toHaveLength(1);
      expect(fakes.large.chatRequests).toHaveLength(1);
      // The override's upstream model is what the provider is asked for.
      expect(fakes.large.chatRequests[0].body).toMatchObject({ model: 'large-model' });
    });

    it('routes on a request header, and on the gateway key metadata', async () => {
      expect(await servedBy('by-team', 'hi')).toBe('pricey');
      expect(await servedBy('by-team', 'hi', { headers: { 'X-Team': 'b' } })).toBe('cheap');
      expect(await servedBy('by-team', 'hi', { key: researchKey })).toBe('large');
      // An override without a model: the provider is asked for the logical model's name.
      expect(fakes.large.chatRequests[0].body).toMatchObject({ model: 'by-team' });
    });

    it('a global rule added through /admin/rules applies to every model, after model rules', async () => {
      const rule = await gateway.adminOk<{ id: string }>('POST', '/admin/rules', {
        when: 'Headers["x-route"] == "cheap"',
        targets: { cheap: 'cheap-global' },
      });
      try {
        expect(await servedBy('windowed', 'hi', { headers: { 'x-route': 'cheap' } })).toBe('cheap');
        expect(fakes.cheap.chatRequests[0].body).toMatchObject({ model: 'cheap-global' });
        // A request without the header: the rule's evaluation fails (no such key) — no match.
        expect(await servedBy('windowed', 'hi')).toBe('small');
      } finally {
        await gateway.adminOk('DELETE', `/admin/rules/${rule.id}`);
      }
    });
  });

  describe('context window', () => {
    it('falls back to a larger-context target when the prompt does not fit', async () => {
      expect(await servedBy('windowed', 'short')).toBe('small');
      expect(await servedBy('windowed', promptOf(2500))).toBe('large');
      // max_tokens counts too: a short prompt asking for a long answer.
      expect(await servedBy('windowed', 'short', { body: { max_tokens: 4000 } })).toBe('large');
      expect(fakes.small.chatRequests).toHaveLength(1);
    });

    it('answers 400 context_length_exceeded when no target can take the prompt', async () => {
      const result = await gateway.postJson<{ error: { code: string; message: string } }>(
        '/v1/chat/completions',
        { authorization: `Bearer ${apiKey}` },
        { model: 'tiny-only', messages: [{ role: 'user', content: promptOf(500) }] },
      );
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe('context_length_exceeded');
      expect(result.body.error.message).toContain('context window 100');
      expect(fakes.small.requests).toHaveLength(0);
    });
  });

  it('skips a target without tool support for a request with tools', async () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'lookup', parameters: { type: 'object', properties: {} } },
      },
    ];
    expect(await servedBy('no-tools', 'hi')).toBe('small');
    expect(await servedBy('no-tools', 'hi', { body: { tools } })).toBe('large');
  });

  describe('strategies', () => {
    it('weighted: splits traffic by weight (1:3) over a few hundred requests', async () => {
      const counts = { a: 0, b: 0 };
      for (let batch = 0; batch < 40; batch++) {
        const served = await Promise.all(
          Array.from({ length: 10 }, () => servedBy('weighted', 'hi')),
        );
        for (const p of served) counts[p as 'a' | 'b']++;
      }
      // 400 draws at p = 0.25: the standard deviation is ~2.2 points; ±8 is beyond 3.5 sigma.
      expect(counts.a + counts.b).toBe(400);
      expect(Math.abs(counts.a / 400 - 0.25)).toBeLessThan(0.08);
      expect(fakes.a.chatRequests).toHaveLength(counts.a);
    });

    it('round_robin: alternates between targets', async () => {
      const served: string[] = [];
      for (let i = 0; i < 6; i++) served.push(await servedBy('rotating', 'hi'));
      expect(new Set([served[0], served[1]])).toEqual(new Set(['a', 'b']));
      for (let i = 2; i < 6; i++) expect(served[i]).toBe(served[i - 2]);
    });

    it('cost: the cheapest target for the request first, whatever its priority', async () => {
      expect(await servedBy('cheapest', 'hi')).toBe('cheap');
      expect(fakes.pricey.requests).toHaveLength(0);
    });
  });

  describe('sticky sessions', () => {
    it('keeps a session on its target, and spreads different sessions', async () => {
      const first = await servedBy('sticky', 'hi', { headers: { 'x-session-id': 'conv-1' } });
      for (let i = 0; i < 10; i++) {
        expect(await servedBy('sticky', 'hi', { headers: { 'x-session-id': 'conv-1' } })).toBe(
          first,
        );
      }
      const seen = new Set<string>();
      for (let i = 0; i < 24; i++) {
        seen.add(await servedBy('sticky', 'hi', { headers: { 'x-session-id': `other-${i}` } }));
      }
      // 24 new sessions on two equal targets: all on one target has probability 2^-23.
      expect(seen).toEqual(new Set(['a', 'b']));
    });

    it("uses the request's user when there is no session header", async () => {
      const first = await servedBy('sticky', 'hi', { body: { user: 'user-42' } });
      for (let i = 0; i < 8; i++) {
        expect(await servedBy('sticky', 'hi', { body: { user: 'user-42' } })).toBe(first);
      }
    });
  });

  describe('POST /admin/route/explain', () => {
    interface Explain {
      model: string;
      variables: Record<string, unknown>;
      rule: { scope: string; index: number; when: string } | null;
      candidates: { provider: string; model: string; kept: boolean; reason: string | null }[];
      order: { provider: string; model: string }[];
      outcome: { first?: string; error?: { status: number; code: string } };
    }

    it('shows the variables, the matched rule, every candidate and the order', async () => {
      const result = await gateway.admin<Explain>('POST', '/admin/route/explain', {
        headers: { 'X-Team': 'b', authorization: 'Bearer must-not-show' },
        body: { model: 'by-team', messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 },
      });
      expect(result.status).toBe(200);
      const explain = result.body;
      expect(explain.model).toBe('by-team');
      expect(explain.variables).toMatchObject({
        Model: 'by-team',
        Path: '/v1/chat/completions',
        MaxTokens: 50,
        Stream: false,
        HasTools: false,
        Headers: { 'x-team': 'b' },
        Key: { name: 'admin' },
      });
      expect(explain.variables.TokenCount).toBeGreaterThan(0);
      expect(JSON.stringify(explain)).not.toContain('must-not-show');
      expect(explain.rule).toMatchObject({ scope: 'model', index: 0 });
      expect(explain.order).toEqual([{ provider: 'cheap', model: 'cheap-model' }]);
      expect(explain.outcome.first).toBe('cheap/cheap-model');
      // Nothing was sent upstream.
      expect(fakes.cheap.requests).toHaveLength(0);
    });

    it('says why a target was left out', async () => {
      const result = await gateway.admin<Explain>('POST', '/admin/route/explain', {
        body: { model: 'windowed', messages: [{ role: 'user', content: promptOf(2500) }] },
      });
      expect(result.status).toBe(200);
      const [small, large] = result.body.candidates;
      expect(small).toMatchObject({ provider: 'small', kept: false });
      expect(small.reason).toMatch(/^context window 2000 < \d+ tokens/);
      expect(large).toMatchObject({ provider: 'large', kept: true, reason: null });
      expect(result.body.rule).toBeNull();
    });

    it('routes as another key when asked, and reports an unroutable request', async () => {
      const asResearch = await gateway.admin<Explain>('POST', '/admin/route/explain', {
        key: 'research',
        body: { model: 'by-team', messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(asResearch.body.order).toEqual([{ provider: 'large', model: 'by-team' }]);

      const tooLong = await gateway.admin<Explain>('POST', '/admin/route/explain', {
        body: { model: 'tiny-only', messages: [{ role: 'user', content: promptOf(500) }] },
      });
      expect(tooLong.status).toBe(200);
      expect(tooLong.body.outcome.error).toMatchObject({
        status: 400,
        code: 'context_length_exceeded',
      });
    });

    it('reads other client formats (Anthropic messages) and rejects what the endpoint would', async () => {
      const anthropic = await gateway.admin<Explain>('POST', '/admin/route/explain', {
        path: '/v1/messages',
        body: {
          model: 'by-size',
          max_tokens: 100,
          messages: [{ role: 'user', content: promptOf(1500) }],
        },
      });
      expect(anthropic.status).toBe(200);
      expect(anthropic.body.order[0]).toEqual({ provider: 'large', model: 'large-model' });

      const invalid = await gateway.admin('POST', '/admin/route/explain', {
        body: { model: 'by-size' },
      });
      expect(invalid.status).toBe(400);
      const unknown = await gateway.admin('POST', '/admin/route/explain', {
        path: '/v1/nope',
        body: {},
      });
      expect(unknown.status).toBe(400);
    });

    it('is admin-only', async () => {
      const result = await gateway.postJson(
        '/admin/route/explain',
        { authorization: `Bearer ${apiKey}` },
        { body: { model: 'by-size', messages: [] } },
      );
      expect(result.status).toBe(403);
    });
  });
});
