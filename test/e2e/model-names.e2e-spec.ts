import type { RecordedRequest } from '../fakes/fake-server';
import { addKey } from '../support/config';
import { useConversionRig } from '../support/conversion-rig';
import { ClientApi, newRequestId, requestIdHeader, Sdks, sdksFor } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Model names clients pick themselves: glob model entries (`claude-*`, `gpt-*`, `*`), targets
 * that send the client's own name upstream (`model: '*'`), and one rule for the name in answers
 * — the client sees the name it asked for, in every body and stream event, passthrough or
 * converted; the upstream's own name is in `x-switchboard-model` and the usage row.
 */

/** The fakes answer as real APIs do: an alias comes back as the model's full, dated name. */
const dated = (name: unknown) => `${String(name)}-20250101`;
const answerDated = (r: RecordedRequest) => ({ answerModel: dated(r.body?.model) });

describe('model names a client chooses', () => {
  const rig = useConversionRig({
    keyName: 'model-names',
    fakes: {
      openai: { behaviour: answerDated },
      anthropic: { behaviour: answerDated },
      gemini: { behaviour: (r) => ({ answerModel: dated(r.model) }) },
    },
    configure: (gateway) =>
      gateway.adminOk('POST', '/admin/models', {
        name: 'quota-*',
        targets: [{ provider: 'p-openai', model: '*', quota: { requests_per_period: 2 } }],
      }),
    models: {
      'claude-*': [{ provider: 'p-anthropic', model: '*' }],
      'gpt-*': [{ provider: 'p-openai', model: '*' }],
      'gemini-*': [{ provider: 'p-gemini', model: '*' }],
      'text-embedding-*': [{ provider: 'p-openai', model: '*' }],
      '*': [{ provider: 'p-openai', model: 'house-model' }],
      // An exact entry wins over `gpt-*` and `*`.
      'gpt-4o-mini': [{ provider: 'p-anthropic', model: 'claude-mini-up' }],
    },
  });

  /** The model name the fake of that format received last. */
  function sentUpstream(format: ClientApi): unknown {
    if (format === 'gemini') return rig.fakes.gemini.chatRequests.at(-1)?.model;
    return rig.fakes[format].chatRequests.at(-1)?.body?.model;
  }

  interface Seen {
    /** Every model name the client read: the body's, or each stream event's that has one. */
    models: string[];
    header: string | null;
  }

  /** Ask through an official SDK; collect the model names it saw and the routing header. */
  async function ask(
    sdks: Sdks,
    api: ClientApi,
    model: string,
    stream: boolean,
    requestId: string,
  ): Promise<Seen> {
    const options = requestIdHeader(requestId);
    const models: string[] = [];
    if (api === 'openai') {
      const messages = [{ role: 'user' as const, content: 'hi' }];
      if (!stream) {
        const { data, response } = await sdks.openai.chat.completions
          .create({ model, messages }, options)
          .withResponse();
        return { models: [data.model], header: response.headers.get('x-switchboard-model') };
      }
      const { data, response } = await sdks.openai.chat.completions
        .create({ model, messages, stream: true, stream_options: { include_usage: true } }, options)
        .withResponse();
      for await (const chunk of data) models.push(chunk.model);
      return { models, header: response.headers.get('x-switchboard-model') };
    }
    if (api === 'anthropic') {
      const params = {
        model,
        max_tokens: 64,
        messages: [{ role: 'user' as const, content: 'hi' }],
      };
      if (!stream) {
        const { data, response } = await sdks.anthropic.messages
          .create(params, options)
          .withResponse();
        return { models: [data.model], header: response.headers.get('x-switchboard-model') };
      }
      const { data, response } = await sdks.anthropic.messages
        .create({ ...params, stream: true }, options)
        .withResponse();
      for await (const event of data) {
        if (event.type === 'message_start') models.push(event.message.model);
      }
      return { models, header: response.headers.get('x-switchboard-model') };
    }
    const params = { model, contents: 'hi', config: { httpOptions: options } };
    if (!stream) {
      const answer = await sdks.gemini.models.generateContent(params);
      return {
        models: [answer.modelVersion ?? '(none)'],
        header: answer.sdkHttpResponse?.headers?.['x-switchboard-model'] ?? null,
      };
    }
    let header: string | null = null;
    for await (const chunk of await sdks.gemini.models.generateContentStream(params)) {
      models.push(chunk.modelVersion ?? '(none)');
      header ??= chunk.sdkHttpResponse?.headers?.['x-switchboard-model'] ?? null;
    }
    return { models, header };
  }

  describe.each([
    // client, the name it asks for, the format of the provider the glob entry sends it to
    ['openai', 'gpt-5-codex', 'openai', 'passthrough'],
    ['anthropic', 'claude-sonnet-4-6', 'anthropic', 'passthrough'],
    ['gemini', 'gemini-2.5-pro', 'gemini', 'passthrough'],
    ['openai', 'claude-opus-4-1', 'anthropic', 'converted'],
    ['anthropic', 'gpt-5-mini', 'openai', 'converted'],
    ['gemini', 'claude-sonnet-4-6', 'anthropic', 'converted'],
    ['anthropic', 'gemini-2.5-flash', 'gemini', 'converted'],
  ] as const)('%s client asking for %s (%s upstream, %s)', (api, asked, upstream, _path) => {
    it.each([false, true])('stream: %s', async (stream) => {
      const requestId = newRequestId('model-names');
      const seen = await ask(rig.sdks, api, asked, stream, requestId);

      expect(sentUpstream(upstream)).toBe(asked);
      expect(seen.models.length).toBeGreaterThan(0);
      expect(new Set(seen.models)).toEqual(new Set([asked]));
      expect(seen.header).toBe(dated(asked));
      const row = await usageRowFor(rig.gateway.db, requestId);
      expect(row).toMatchObject({ model: asked, upstream_model: dated(asked), status: 200 });
      expect(row.attempt_log?.map((a) => a.model)).toEqual([asked]);
    });
  });

  it('an OpenAI stream without include_usage names the model asked for too', async () => {
    // The gateway asks the upstream for usage and hides it again: another path for the chunks.
    const chunks = await rig.sdks.openai.chat.completions.create({
      model: 'gpt-5-codex',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const seen: string[] = [];
    for await (const chunk of chunks) {
      seen.push(chunk.model);
      expect(chunk).not.toHaveProperty('usage');
    }
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen)).toEqual(new Set(['gpt-5-codex']));
  });

  it('an exact entry wins over the globs that match its name', async () => {
    const seen = await ask(rig.sdks, 'openai', 'gpt-4o-mini', false, newRequestId('exact'));
    expect(sentUpstream('anthropic')).toBe('claude-mini-up');
    expect(rig.fakes.openai.chatRequests).toHaveLength(0);
    expect(seen).toEqual({ models: ['gpt-4o-mini'], header: dated('claude-mini-up') });
  });

  it("the '*' entry takes a name no other entry matches, with its target's own model", async () => {
    const seen = await ask(rig.sdks, 'anthropic', 'llama-3.3-70b', true, newRequestId('star'));
    expect(sentUpstream('openai')).toBe('house-model');
    expect(seen).toEqual({ models: ['llama-3.3-70b'], header: dated('house-model') });
  });

  it('the Responses API and legacy completions name the model asked for', async () => {
    const { openai } = rig.sdks;
    const response = await openai.responses.create({ model: 'claude-haiku-4-5', input: 'hi' });
    expect(response.model).toBe('claude-haiku-4-5');
    const events = await openai.responses.create({
      model: 'gemini-2.5-flash',
      input: 'hi',
      stream: true,
    });
    const named: string[] = [];
    for await (const event of events) {
      if ('response' in event) named.push(event.response.model);
    }
    expect(new Set(named)).toEqual(new Set(['gemini-2.5-flash']));
    const completion = await openai.completions.create({ model: 'claude-x-1', prompt: 'hi' });
    expect(completion.model).toBe('claude-x-1');
  });

  it('embeddings name the model asked for; the upstream gets it for a * target', async () => {
    const requestId = newRequestId('embed');
    const { data, response } = await rig.sdks.openai.embeddings
      .create({ model: 'text-embedding-3-small', input: 'hi' }, requestIdHeader(requestId))
      .withResponse();
    expect(rig.fakes.openai.requests.at(-1)?.body?.model).toBe('text-embedding-3-small');
    expect(data.model).toBe('text-embedding-3-small');
    expect(response.headers.get('x-switchboard-model')).toBe(dated('text-embedding-3-small'));
    const row = await usageRowFor(rig.gateway.db, requestId);
    expect(row).toMatchObject({
      model: 'text-embedding-3-small',
      upstream_model: dated('text-embedding-3-small'),
    });
  });

  it('the admin API reads a glob entry by its name, * written as is or encoded', async () => {
    const plain = await rig.gateway.adminOk<{ name: string }>('GET', '/admin/models/claude-*');
    expect(plain.name).toBe('claude-*');
    const encoded = await rig.gateway.adminOk<{ name: string }>('GET', '/admin/models/%2A');
    expect(encoded.name).toBe('*');
  });

  it('GET /v1/models lists exact names only; a glob-served name still answers GET', async () => {
    const ids: string[] = [];
    for await (const m of rig.sdks.openai.models.list()) ids.push(m.id);
    expect(ids).toEqual(['gpt-4o-mini']);
    const names: string[] = [];
    for await (const m of await rig.sdks.gemini.models.list()) names.push(m.name ?? '');
    expect(names).toEqual(['models/gpt-4o-mini']);
    const one = await rig.sdks.gemini.models.get({ model: 'gemini-2.5-pro' });
    expect(one.name).toBe('models/gemini-2.5-pro');
  });

  it("keys' model globs restrict the names asked for, whatever entry serves them", async () => {
    const key = await addKey(rig.gateway, 'claude-only', { models: ['claude-*'] });
    const sdks = sdksFor(rig.gateway, key);
    const seen = await ask(sdks, 'anthropic', 'claude-sonnet-4-6', false, newRequestId('key'));
    expect(seen.models).toEqual(['claude-sonnet-4-6']);
    // `gpt-*` and `*` entries would serve these names: the key does not allow them.
    await expect(
      sdks.openai.chat.completions.create({
        model: 'gpt-5',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      sdks.anthropic.messages.create({
        model: 'llama-3',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 403 });
    const ids: string[] = [];
    for await (const m of sdks.openai.models.list()) ids.push(m.id);
    expect(ids).toEqual([]);
  });

  it('a rule on a glob entry sees the name asked for as Model', async () => {
    const rule = await rig.gateway.adminOk<{ id: string }>('POST', '/admin/rules', {
      model: 'claude-*',
      when: 'Model == "claude-haiku-4-5"',
      targets: [{ provider: 'p-gemini' }],
    });
    try {
      const haiku = await ask(rig.sdks, 'anthropic', 'claude-haiku-4-5', true, newRequestId('r'));
      // The rule's target names no model: it gets the client's own, like the entry's `*`.
      expect(sentUpstream('gemini')).toBe('claude-haiku-4-5');
      expect(haiku).toEqual({ models: ['claude-haiku-4-5'], header: dated('claude-haiku-4-5') });
      await ask(rig.sdks, 'anthropic', 'claude-sonnet-4-6', false, newRequestId('r'));
      expect(sentUpstream('anthropic')).toBe('claude-sonnet-4-6');
      expect(rig.fakes.gemini.chatRequests).toHaveLength(1);
    } finally {
      await rig.gateway.adminOk('DELETE', `/admin/rules/${rule.id}`);
    }
  });

  it("a '*' target's quota counts every name it serves together (per target)", async () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const create = (model: string) => rig.sdks.openai.chat.completions.create({ model, messages });
    await create('quota-a');
    await create('quota-b');
    await expect(create('quota-c')).rejects.toMatchObject({ status: 429 });
    expect(rig.fakes.openai.chatRequests.map((r) => r.body?.model)).toEqual(['quota-a', 'quota-b']);
  });

  it('names a client picked that cannot go in a header are percent-encoded there', async () => {
    const model = 'gpt-模型';
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const { data, response } = await rig.sdks.openai.chat.completions
      .create({ model, messages })
      .withResponse();
    expect(data.model).toBe(model);
    expect(response.headers.get('x-switchboard-model')).toBe(
      `gpt-${encodeURIComponent('模型')}-20250101`,
    );
    const stream = await rig.sdks.openai.chat.completions.create({ model, messages, stream: true });
    const names = new Set<string>();
    for await (const chunk of stream) names.add(chunk.model);
    expect([...names]).toEqual([model]);

    // A tool dropped for the target, named in the header however the client named it.
    const answer = await rig.sdks.openai.responses
      .create({
        model,
        input: 'hi',
        // As Codex-like clients send them: a hosted tool with a name of its own.
        tools: [{ type: 'mcp', name: '模型', server_label: 'm' } as never],
      })
      .withResponse();
    expect(answer.data.model).toBe(model);
    expect(answer.response.headers.get('x-switchboard-dropped-tools')).toBe(
      encodeURIComponent('模型'),
    );
  });

  it('a model name over 256 characters is a 400 naming model', async () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await expect(
      rig.sdks.openai.chat.completions.create({ model: `gpt-${'x-'.repeat(200)}`, messages }),
    ).rejects.toMatchObject({ status: 400, param: 'model', code: 'model_name_too_long' });
    expect(rig.fakes.openai.chatRequests).toHaveLength(0);
  });
});
