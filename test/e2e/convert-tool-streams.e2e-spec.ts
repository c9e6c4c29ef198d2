import type { FunctionCall } from '@google/genai';
import type OpenAI from 'openai';
import { useConversionRig } from '../support/conversion-rig';
import { anthropicText } from '../support/sdks';
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
 * The shapes of streamed tool calls after conversion — whole Gemini calls as Anthropic blocks,
 * Anthropic's JSON deltas as one Gemini call, text before the calls — and tool choice.
 */

type Json = Record<string, unknown>;

describe('streamed tool call shapes and tool choice across formats', () => {
  const rig = useConversionRig({ keyName: 'tools' });

  it('anthropic client ← gemini upstream: whole functionCalls become streamed tool_use blocks', async () => {
    rig.fakes.gemini.behave({
      toolCalls: PARALLEL_CALLS.map(({ name, arguments: args }) => ({ name, arguments: args })),
    });
    const message = await rig.sdks.anthropic.messages
      .stream({
        model: 'via-gemini',
        max_tokens: 300,
        tools: anthropicTools,
        messages: [{ role: 'user', content: QUESTION }],
      })
      .finalMessage();

    expect(message.stop_reason).toBe('tool_use');
    const uses = message.content.filter((b) => b.type === 'tool_use');
    expect(uses.map((b) => [b.name, b.input])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { zone: 'Europe/Paris' }],
    ]);
    expect(new Set(uses.map((b) => b.id)).size).toBe(2);
    expect(uses.every((b) => /^[a-zA-Z0-9_-]+$/.test(b.id))).toBe(true);
  });

  it('gemini client ← anthropic upstream: input_json_delta pieces become one functionCall', async () => {
    rig.fakes.anthropic.behave({ toolCalls: PARALLEL_CALLS });
    const calls: FunctionCall[] = [];
    const stream = await rig.sdks.gemini.models.generateContentStream({
      model: 'via-anthropic',
      contents: QUESTION,
      config: { tools: geminiTools },
    });
    for await (const chunk of stream) calls.push(...(chunk.functionCalls ?? []));

    expect(calls.map((c) => [c.name, c.args])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { zone: 'Europe/Paris' }],
    ]);
    expect(rig.fakes.anthropic.chatRequests[0].body?.tools).toEqual([
      expect.objectContaining({ name: 'get_weather', input_schema: WEATHER_SCHEMA }),
      expect.objectContaining({ name: 'get_time', input_schema: TIME_SCHEMA }),
    ]);
  });

  describe('text before the tool calls, in one streamed answer', () => {
    it('openai client ← anthropic upstream: content and tool_calls (indexes from 0)', async () => {
      rig.fakes.anthropic.behave({ content: 'Let me check both.', toolCalls: PARALLEL_CALLS });
      const final = await rig.sdks.openai.chat.completions
        .stream({
          model: 'via-anthropic',
          messages: [{ role: 'user', content: QUESTION }],
          tools: openAITools,
        })
        .finalChatCompletion();

      const message = final.choices[0].message;
      expect(message.content).toBe('Let me check both.');
      expect(message.tool_calls).toEqual([
        {
          id: 'call_weather_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
        {
          id: 'call_time_2',
          type: 'function',
          function: { name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
        },
      ]);
      expect(final.choices[0].finish_reason).toBe('tool_calls');
    });

    it('anthropic client ← openai upstream: a text block, then the tool_use blocks', async () => {
      rig.fakes.openai.behave({ content: 'Let me check both.', toolCalls: PARALLEL_CALLS });
      const message = await rig.sdks.anthropic.messages
        .stream({
          model: 'via-openai',
          max_tokens: 300,
          tools: anthropicTools,
          messages: [{ role: 'user', content: QUESTION }],
        })
        .finalMessage();

      expect(message.content.map((b) => b.type)).toEqual(['text', 'tool_use', 'tool_use']);
      expect(anthropicText(message.content)).toBe('Let me check both.');
      expect(message.stop_reason).toBe('tool_use');
    });

    it('gemini client ← openai upstream: text parts, then functionCall parts', async () => {
      rig.fakes.openai.behave({ content: 'Let me check both.', toolCalls: PARALLEL_CALLS });
      let text = '';
      const calls: FunctionCall[] = [];
      const stream = await rig.sdks.gemini.models.generateContentStream({
        model: 'via-openai',
        contents: QUESTION,
        config: { tools: geminiTools },
      });
      for await (const chunk of stream) {
        calls.push(...(chunk.functionCalls ?? []));
        const parts = chunk.candidates?.[0]?.content?.parts ?? [];
        text += parts.map((p) => p.text ?? '').join('');
      }
      expect(text).toBe('Let me check both.');
      expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    });
  });

  describe('tool choice', () => {
    const ask = (model: string, tool_choice: OpenAI.ChatCompletionToolChoiceOption) =>
      rig.sdks.openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: QUESTION }],
        tools: openAITools,
        tool_choice,
      });
    const forced = { type: 'function' as const, function: { name: 'get_weather' } };

    it('openai client → anthropic upstream: required is any, a named function is tool', async () => {
      await ask('via-anthropic', 'required');
      await ask('via-anthropic', forced);
      await ask('via-anthropic', 'none');
      expect(rig.fakes.anthropic.chatRequests.map((r) => r.body?.tool_choice)).toEqual([
        expect.objectContaining({ type: 'any' }),
        expect.objectContaining({ type: 'tool', name: 'get_weather' }),
        expect.objectContaining({ type: 'none' }),
      ]);
    });

    it('openai client → gemini upstream: functionCallingConfig modes', async () => {
      await ask('via-gemini', 'required');
      await ask('via-gemini', forced);
      await ask('via-gemini', 'none');
      const configs = rig.fakes.gemini.chatRequests.map(
        (r) => (r.body?.toolConfig as Json | undefined)?.functionCallingConfig,
      );
      expect(configs).toEqual([
        expect.objectContaining({ mode: 'ANY' }),
        expect.objectContaining({ mode: 'ANY', allowedFunctionNames: ['get_weather'] }),
        expect.objectContaining({ mode: 'NONE' }),
      ]);
    });

    it('anthropic client → openai upstream: tool becomes a named function, any becomes required', async () => {
      const params = {
        model: 'via-openai',
        max_tokens: 100,
        tools: anthropicTools,
        messages: [{ role: 'user' as const, content: QUESTION }],
      };
      await rig.sdks.anthropic.messages.create({
        ...params,
        tool_choice: { type: 'tool', name: 'get_time' },
      });
      await rig.sdks.anthropic.messages.create({ ...params, tool_choice: { type: 'any' } });
      expect(rig.fakes.openai.chatRequests.map((r) => r.body?.tool_choice)).toEqual([
        { type: 'function', function: { name: 'get_time' } },
        'required',
      ]);
    });
  });
});
