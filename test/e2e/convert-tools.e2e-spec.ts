import type { FunctionCall } from '@google/genai';
import type OpenAI from 'openai';
import { useConversionRig } from '../support/conversion-rig';
import { anthropicText, openAIText } from '../support/sdks';
import {
  anthropicTools,
  geminiTools,
  openAITools,
  PARALLEL_CALLS,
  QUESTION,
  TIME_SCHEMA,
  WEATHER_SCHEMA,
} from '../support/tool-fixtures';

/**
 * Tool calls across formats, read with each SDK's own stream helper, and the tool results of
 * the next turn as the upstream receives them in its own format.
 */

type Json = Record<string, unknown>;

describe('tool calls across formats (SDK stream helpers)', () => {
  const rig = useConversionRig({ keyName: 'tools' });

  it('anthropic client ← openai upstream: parallel tool_use blocks, then tool_results as tool messages', async () => {
    rig.fakes.openai.behave({ toolCalls: PARALLEL_CALLS });
    const user = { role: 'user' as const, content: QUESTION };
    const first = await rig.sdks.anthropic.messages
      .stream({ model: 'via-openai', max_tokens: 300, tools: anthropicTools, messages: [user] })
      .finalMessage();

    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      { type: 'tool_use', id: 'call_weather_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_time_2', name: 'get_time', input: { zone: 'Europe/Paris' } },
    ]);
    const sentTools = rig.fakes.openai.chatRequests[0].body?.tools;
    expect(sentTools).toEqual([
      {
        type: 'function',
        function: expect.objectContaining({ name: 'get_weather', parameters: WEATHER_SCHEMA }),
      },
      {
        type: 'function',
        function: expect.objectContaining({ name: 'get_time', parameters: TIME_SCHEMA }),
      },
    ]);

    rig.fakes.openai.behave({ content: 'Sunny, 18°C, and it is 14:00.' });
    const second = await rig.sdks.anthropic.messages
      .stream({
        model: 'via-openai',
        max_tokens: 300,
        tools: anthropicTools,
        messages: [
          user,
          { role: 'assistant', content: first.content },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'call_weather_1', content: 'Sunny, 18°C' },
              { type: 'tool_result', tool_use_id: 'call_time_2', content: '14:00' },
            ],
          },
        ],
      })
      .finalMessage();

    expect(anthropicText(second.content)).toBe('Sunny, 18°C, and it is 14:00.');
    const messages = rig.fakes.openai.chatRequests[1].body?.messages as Json[];
    expect(messages).toHaveLength(4);
    expect(messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [
        { id: 'call_weather_1', type: 'function', function: { name: 'get_weather' } },
        { id: 'call_time_2', type: 'function', function: { name: 'get_time' } },
      ],
    });
    const calls = messages[1].tool_calls as { function: { arguments: string } }[];
    expect(calls.map((c) => JSON.parse(c.function.arguments) as unknown)).toEqual([
      { city: 'Paris' },
      { zone: 'Europe/Paris' },
    ]);
    expect(messages.slice(2).map((m) => [m.role, m.tool_call_id, openAIText(m.content)])).toEqual([
      ['tool', 'call_weather_1', 'Sunny, 18°C'],
      ['tool', 'call_time_2', '14:00'],
    ]);
  });

  it('openai client ← anthropic upstream: tool_calls assembled from deltas, then tool_result blocks', async () => {
    rig.fakes.anthropic.behave({
      toolCall: { id: 'toolu_01WEATHER', name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    const user = { role: 'user' as const, content: QUESTION };
    const first = await rig.sdks.openai.chat.completions
      .stream({ model: 'via-anthropic', messages: [user], tools: openAITools })
      .finalChatCompletion();

    const choice = first.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls).toHaveLength(1);
    expect(choice.message.tool_calls?.[0]).toMatchObject({
      id: 'toolu_01WEATHER',
      type: 'function',
      function: { name: 'get_weather' },
    });
    const call = choice.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    expect(rig.fakes.anthropic.chatRequests[0].body?.tools).toEqual([
      expect.objectContaining({ name: 'get_weather', input_schema: WEATHER_SCHEMA }),
      expect.objectContaining({ name: 'get_time', input_schema: TIME_SCHEMA }),
    ]);

    rig.fakes.anthropic.behave({ content: 'Sunny, 18°C.' });
    const second = await rig.sdks.openai.chat.completions.create({
      model: 'via-anthropic',
      tools: openAITools,
      messages: [
        user,
        choice.message,
        { role: 'tool', tool_call_id: 'toolu_01WEATHER', content: 'Sunny, 18°C' },
      ],
    });

    expect(second.choices[0].message.content).toBe('Sunny, 18°C.');
    const messages = rig.fakes.anthropic.chatRequests[1].body?.messages as {
      role: string;
      content: Json[];
    }[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1].content).toContainEqual({
      type: 'tool_use',
      id: 'toolu_01WEATHER',
      name: 'get_weather',
      input: { city: 'Paris' },
    });
    const result = messages[2].content.find((b) => b.type === 'tool_result');
    expect(result).toMatchObject({ tool_use_id: 'toolu_01WEATHER' });
    expect(anthropicText(result?.content)).toBe('Sunny, 18°C');
  });

  it('gemini client ← openai upstream: functionCall parts, then functionResponse as a tool message', async () => {
    rig.fakes.openai.behave({ toolCall: PARALLEL_CALLS[0] });
    const user = { role: 'user', parts: [{ text: QUESTION }] };
    const calls: FunctionCall[] = [];
    const modelParts: Json[] = [];
    let finishReason: string | undefined;
    const stream = await rig.sdks.gemini.models.generateContentStream({
      model: 'via-openai',
      contents: [user],
      config: { tools: geminiTools },
    });
    for await (const chunk of stream) {
      calls.push(...(chunk.functionCalls ?? []));
      modelParts.push(...((chunk.candidates?.[0]?.content?.parts ?? []) as Json[]));
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    }

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'get_weather', args: { city: 'Paris' } });
    expect(finishReason).toBe('STOP');
    expect(rig.fakes.openai.chatRequests[0].body?.tools).toEqual([
      {
        type: 'function',
        function: expect.objectContaining({ name: 'get_weather', parameters: WEATHER_SCHEMA }),
      },
      {
        type: 'function',
        function: expect.objectContaining({ name: 'get_time', parameters: TIME_SCHEMA }),
      },
    ]);

    rig.fakes.openai.behave({ content: 'It is sunny in Paris.' });
    const second = await rig.sdks.gemini.models.generateContent({
      model: 'via-openai',
      contents: [
        user,
        { role: 'model', parts: modelParts.filter((p) => p.functionCall) },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'get_weather', response: { forecast: 'sunny' } } }],
        },
      ],
      config: { tools: geminiTools },
    });

    expect(second.text).toBe('It is sunny in Paris.');
    const messages = rig.fakes.openai.chatRequests[1].body?.messages as Json[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    const [assistantCall] = messages[1].tool_calls as {
      id: string;
      function: { name: string; arguments: string };
    }[];
    expect(assistantCall.function.name).toBe('get_weather');
    expect(JSON.parse(assistantCall.function.arguments)).toEqual({ city: 'Paris' });
    // The tool message answers the call the assistant made.
    expect(messages[2].tool_call_id).toBe(assistantCall.id);
    expect(JSON.parse(openAIText(messages[2].content))).toEqual({ forecast: 'sunny' });
  });

  it('openai client ← gemini upstream: parallel functionCalls get ids, tool results get names', async () => {
    rig.fakes.gemini.behave({
      toolCalls: PARALLEL_CALLS.map(({ name, arguments: args }) => ({ name, arguments: args })),
    });
    const user = { role: 'user' as const, content: QUESTION };
    const first = await rig.sdks.openai.chat.completions
      .stream({ model: 'via-gemini', messages: [user], tools: openAITools })
      .finalChatCompletion();

    const choice = first.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    const toolCalls = (choice.message.tool_calls ??
      []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(toolCalls.map((c) => c.function.name)).toEqual(['get_weather', 'get_time']);
    expect(toolCalls.map((c) => JSON.parse(c.function.arguments) as unknown)).toEqual([
      { city: 'Paris' },
      { zone: 'Europe/Paris' },
    ]);
    const ids = toolCalls.map((c) => c.id);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(2);
    const declarations = (rig.fakes.gemini.chatRequests[0].body?.tools as Json[])[0]
      .functionDeclarations as Json[];
    expect(declarations.map((d) => d.name)).toEqual(['get_weather', 'get_time']);

    rig.fakes.gemini.behave({ content: 'Sunny, and it is 14:00.' });
    const second = await rig.sdks.openai.chat.completions.create({
      model: 'via-gemini',
      tools: openAITools,
      messages: [
        user,
        choice.message,
        { role: 'tool', tool_call_id: ids[0], content: '{"forecast":"sunny"}' },
        { role: 'tool', tool_call_id: ids[1], content: '14:00' },
      ],
    });

    expect(second.choices[0].message.content).toBe('Sunny, and it is 14:00.');
    const contents = rig.fakes.gemini.chatRequests[1].body?.contents as {
      role: string;
      parts: Json[];
    }[];
    expect(contents[0]).toEqual({ role: 'user', parts: [{ text: QUESTION }] });
    expect(contents[1].role).toBe('model');
    expect(contents[1].parts.map((p) => p.functionCall)).toEqual([
      expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } }),
      expect.objectContaining({ name: 'get_time', args: { zone: 'Europe/Paris' } }),
    ]);
    const responses = contents
      .slice(2)
      .flatMap((c) => c.parts)
      .map((p) => p.functionResponse as { name: string; response: unknown });
    expect(contents.slice(2).every((c) => c.role === 'user')).toBe(true);
    expect(responses.map((r) => r.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.stringify(responses[0].response)).toContain('sunny');
    expect(JSON.stringify(responses[1].response)).toContain('14:00');
  });

  it("openai client ← gemini upstream: the call's thought signature goes back to Gemini next turn", async () => {
    // Gemini 3 puts a signature on the functionCall part and rejects a next turn without it.
    const signature = 'c2lnbmF0dXJl+/==';
    rig.fakes.gemini.behave({
      thinking: { text: 'Need the weather.', signature },
      toolCall: PARALLEL_CALLS[0],
    });
    const user = { role: 'user' as const, content: QUESTION };
    const first = await rig.sdks.openai.chat.completions
      .stream({ model: 'via-gemini', messages: [user], tools: openAITools })
      .finalChatCompletion();
    const message = first.choices[0].message;
    const callId = message.tool_calls?.[0]?.id ?? '';
    expect(callId).toMatch(/^[A-Za-z0-9_-]+$/);

    rig.fakes.gemini.behave({ content: 'Sunny.' });
    await rig.sdks.openai.chat.completions.create({
      model: 'via-gemini',
      tools: openAITools,
      messages: [user, message, { role: 'tool', tool_call_id: callId, content: 'sunny' }],
    });
    const contents = rig.fakes.gemini.chatRequests[1].body?.contents as {
      role: string;
      parts: Json[];
    }[];
    const callPart = contents[1].parts.find((p) => p.functionCall);
    expect(callPart).toMatchObject({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: signature,
    });
  });

  it('a conversation begun on Gemini goes on with an OpenAI target: ids OpenAI takes, still paired', async () => {
    // A long signature makes a long id (id + signature): OpenAI allows 40 characters.
    rig.fakes.gemini.behave({
      thinking: { text: 'Need the weather.', signature: 'c2ln'.repeat(40) },
      toolCall: PARALLEL_CALLS[0],
    });
    const user = { role: 'user' as const, content: QUESTION };
    const first = await rig.sdks.openai.chat.completions.create({
      model: 'via-gemini',
      messages: [user],
      tools: openAITools,
    });
    const message = first.choices[0].message;
    const callId = message.tool_calls?.[0]?.id ?? '';
    expect(callId.length).toBeGreaterThan(40);

    for (const model of ['via-openai', 'via-anthropic']) {
      await rig.sdks.openai.chat.completions.create({
        model,
        tools: openAITools,
        messages: [user, message, { role: 'tool', tool_call_id: callId, content: 'sunny' }],
      });
    }
    // OpenAI client → OpenAI target is a passthrough: only the ids changed.
    const sent = rig.fakes.openai.chatRequests[0].body?.messages as Json[];
    const upstreamId = (sent[1].tool_calls as { id: string }[])[0].id;
    expect(upstreamId.length).toBeLessThanOrEqual(40);
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: upstreamId, content: 'sunny' });
    // Anthropic takes long ids: they go as they are.
    const anthropicTurns = rig.fakes.anthropic.chatRequests[0].body?.messages as {
      content: Json[];
    }[];
    expect(anthropicTurns[1].content.find((b) => b.type === 'tool_use')?.id).toBe(callId);
  });
});
