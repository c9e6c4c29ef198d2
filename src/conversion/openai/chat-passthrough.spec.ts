import {
  chunkTextLength,
  clientWantsStreamUsage,
  isUsageOnlyChunk,
  readUsage,
  upstreamChatBody,
  withShortToolCallIds,
} from './chat-passthrough';

describe('withShortToolCallIds', () => {
  const long = `fn_0__thought__${'x'.repeat(200)}`;

  it('leaves a body whose ids OpenAI takes as it is (the same object)', () => {
    const body = {
      messages: [
        { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function' }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      ],
    };
    expect(withShortToolCallIds(body)).toBe(body);
    expect(withShortToolCallIds({ messages: 'nonsense' })).toEqual({ messages: 'nonsense' });
  });

  it('shortens long ids in calls and results alike, leaving short ones and the rest', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: long, type: 'function', function: { name: 'f', arguments: '{}' } },
            { id: 'call_2', type: 'function', function: { name: 'g', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: long, content: 'one' },
        { role: 'tool', tool_call_id: 'call_2', content: 'two' },
      ],
    };
    const out = withShortToolCallIds(body) as typeof body;
    const [first, second] = out.messages[1].tool_calls!;
    expect(first.id.length).toBeLessThanOrEqual(40);
    expect(first.function).toEqual({ name: 'f', arguments: '{}' });
    expect(second.id).toBe('call_2');
    expect(out.messages[2]).toEqual({ role: 'tool', tool_call_id: first.id, content: 'one' });
    expect(out.messages[3]).toBe(body.messages[3]);
    expect(body.messages[1].tool_calls![0].id).toBe(long); // the client's body is not changed
  });
});

describe('upstreamChatBody', () => {
  const body = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi', name: 'u1' }],
    temperature: 0.2,
    tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
    reasoning_effort: 'low',
    vendor_extension: { nested: [1, 2, { deep: true }] },
  };

  it('rewrites only the model of a non-streaming request', () => {
    const sent = JSON.parse(upstreamChatBody(body, 'openai/gpt-4o-mini', false));
    expect(sent).toEqual({ ...body, model: 'openai/gpt-4o-mini' });
    expect(sent).not.toHaveProperty('stream_options');
  });

  it('does not modify the client body object', () => {
    const copy = structuredClone(body);
    upstreamChatBody(body, 'other', true);
    expect(body).toEqual(copy);
  });

  it('asks for the usage chunk on a stream', () => {
    const sent = JSON.parse(upstreamChatBody({ ...body, stream: true }, 'up', true));
    expect(sent).toEqual({
      ...body,
      model: 'up',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('keeps the client’s other stream_options and overrides include_usage: false', () => {
    const sent = JSON.parse(
      upstreamChatBody(
        { ...body, stream: true, stream_options: { include_usage: false, chunk_size: 5 } },
        'up',
        true,
      ),
    );
    expect(sent.stream_options).toEqual({ include_usage: true, chunk_size: 5 });
  });

  it('handles stream_options: null', () => {
    const sent = JSON.parse(upstreamChatBody({ ...body, stream_options: null }, 'up', true));
    expect(sent.stream_options).toEqual({ include_usage: true });
  });
});

describe('clientWantsStreamUsage', () => {
  it.each([
    [{ stream_options: { include_usage: true } }, true],
    [{ stream_options: { include_usage: false } }, false],
    [{ stream_options: null }, false],
    [{}, false],
  ])('%j → %s', (body, wants) => {
    expect(clientWantsStreamUsage(body)).toBe(wants);
  });
});

describe('readUsage', () => {
  it('reads prompt, completion and cached tokens', () => {
    expect(
      readUsage({
        usage: {
          prompt_tokens: 120,
          completion_tokens: 30,
          total_tokens: 150,
          prompt_tokens_details: { cached_tokens: 100 },
        },
      }),
    ).toEqual({ promptTokens: 120, completionTokens: 30, cachedTokens: 100 });
  });

  it('counts no cached tokens when the details are absent or null', () => {
    expect(readUsage({ usage: { prompt_tokens: 5, completion_tokens: 1 } })).toEqual({
      promptTokens: 5,
      completionTokens: 1,
      cachedTokens: 0,
    });
    expect(
      readUsage({ usage: { prompt_tokens: 5, completion_tokens: 1, prompt_tokens_details: null } }),
    ).toEqual({ promptTokens: 5, completionTokens: 1, cachedTokens: 0 });
  });

  it('reads DeepSeek’s prompt_cache_hit_tokens as cached tokens', () => {
    expect(
      readUsage({
        usage: { prompt_tokens: 50, completion_tokens: 5, prompt_cache_hit_tokens: 32 },
      }),
    ).toEqual({ promptTokens: 50, completionTokens: 5, cachedTokens: 32 });
  });

  it('reads numeric strings and turns garbage into 0', () => {
    expect(readUsage({ usage: { prompt_tokens: '7', completion_tokens: 'many' } })).toEqual({
      promptTokens: 7,
      completionTokens: 0,
      cachedTokens: 0,
    });
  });

  it.each([{}, { usage: null }, { usage: 'n/a' }, null, undefined, 'text'])(
    'returns null without usage (%j)',
    (payload) => {
      expect(readUsage(payload)).toBeNull();
    },
  );
});

describe('isUsageOnlyChunk', () => {
  const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };

  it('recognises the include_usage chunk', () => {
    expect(isUsageOnlyChunk({ id: 'c', object: 'chat.completion.chunk', choices: [], usage })).toBe(
      true,
    );
  });

  it.each([
    ['a content chunk with usage: null', { choices: [{ delta: { content: 'x' } }], usage: null }],
    ['a last content chunk that carries usage', { choices: [{ delta: {} }], usage }],
    ['an empty chunk without usage', { choices: [] }],
    ['an empty chunk with usage: null', { choices: [], usage: null }],
  ])('rejects %s', (_label, chunk) => {
    expect(isUsageOnlyChunk(chunk)).toBe(false);
  });
});

describe('chunkTextLength', () => {
  it('counts content characters', () => {
    expect(chunkTextLength({ choices: [{ index: 0, delta: { content: 'Hello' } }] })).toBe(5);
  });

  it('counts tool-call argument deltas', () => {
    const chunk = {
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, function: { arguments: '{"city":' } },
              { index: 1, id: 'call_2', function: { name: 'weather', arguments: '' } },
            ],
          },
        },
      ],
    };
    expect(chunkTextLength(chunk)).toBe(8);
  });

  it('adds content and arguments over every choice', () => {
    const chunk = {
      choices: [
        { index: 0, delta: { content: 'ab' } },
        { index: 1, delta: { content: 'cde', tool_calls: [{ function: { arguments: 'fg' } }] } },
      ],
    };
    expect(chunkTextLength(chunk)).toBe(7);
  });

  it.each([
    ['a role-only delta', { choices: [{ delta: { role: 'assistant' } }] }],
    ['content: null', { choices: [{ delta: { content: null } }] }],
    ['a usage-only chunk', { choices: [], usage: { prompt_tokens: 1 } }],
    ['a chunk without choices', {}],
    ['a choice without delta', { choices: [{ finish_reason: 'stop' }] }],
  ])('counts 0 for %s', (_label, chunk) => {
    expect(chunkTextLength(chunk)).toBe(0);
  });
});
