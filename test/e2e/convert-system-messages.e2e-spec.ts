import type Anthropic from '@anthropic-ai/sdk';
import type { RecordedRequest } from '../fakes/fake-server';
import {
  EVERY_FORMAT_MODELS,
  EVERY_FORMAT_PROVIDERS,
  useConversionRig,
} from '../support/conversion-rig';
import { anthropicText, openAIText } from '../support/sdks';

/**
 * Claude Code on its defaults sends `role: "system"` entries in `messages` (the current Messages
 * API takes them): one right after the first user turn, as text blocks with cache_control, and
 * later ones as strings (see the captures of Claude Code 2.1). Through every target format the
 * conversation reaches the upstream in that format's shape, with the system messages in place,
 * and the answer comes back. Streaming clients read the prompt count from message_start
 * (LangChain's ChatAnthropic reads it nowhere else): it must not be zero.
 */

type Json = Record<string, unknown>;
type Format = 'openai' | 'azure' | 'anthropic' | 'gemini';

const FORMATS: Format[] = ['openai', 'azure', 'anthropic', 'gemini'];
const ANSWER = 'hello.txt says hello.';
const IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
const ENVIRONMENT =
  '# Environment\nYou have been invoked in the following environment:\n - cwd: /tmp';
const REMINDER = 'The file hello.txt was written. Do not mention this reminder.';
const cache = { type: 'ephemeral' as const };

const writeTool = {
  name: 'Write',
  description: 'Writes a file to the local filesystem.',
  input_schema: {
    type: 'object' as const,
    properties: { file_path: { type: 'string' }, content: { type: 'string' } },
    required: ['file_path', 'content'],
  },
};

/** A Claude Code conversation: user, system, tool_use, tool_result, system, user. */
function claudeCodeRequest(model: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: 8000,
    system: [{ type: 'text', text: IDENTITY, cache_control: cache }],
    tools: [writeTool],
    thinking: { type: 'adaptive', display: 'omitted' },
    metadata: { user_id: 'user_claude_code_session' },
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>Attribution rules.</system-reminder>' },
          { type: 'text', text: 'Write hello.txt' },
        ],
      },
      { role: 'system', content: [{ type: 'text', text: ENVIRONMENT, cache_control: cache }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_use',
            id: 'toolu_01',
            name: 'Write',
            input: { file_path: 'hello.txt', content: 'hello' },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01',
            content: 'Created',
            cache_control: cache,
          },
        ],
      },
      { role: 'system', content: REMINDER },
      { role: 'user', content: 'What does it say?' },
    ],
  };
}

const marked = (text: string) => ({
  text: `<system_instructions>\n${text}\n</system_instructions>`,
});

describe('role "system" messages in the conversation (Claude Code)', () => {
  const rig = useConversionRig({
    keyName: 'system-messages',
    fakes: {
      openai: { behaviour: { content: ANSWER } },
      anthropic: { behaviour: { content: ANSWER } },
      gemini: { behaviour: { content: ANSWER } },
    },
    providers: EVERY_FORMAT_PROVIDERS,
    models: EVERY_FORMAT_MODELS,
  });

  function lastChatRequest(format: Format): RecordedRequest {
    const requests = rig.fakes[format === 'azure' ? 'openai' : format]
      .chatRequests as RecordedRequest[];
    expect(requests).toHaveLength(1);
    return requests[0];
  }

  function expectUpstreamShape(format: Format, sent: RecordedRequest, stream: boolean) {
    const body = sent.body ?? {};
    switch (format) {
      case 'openai':
      case 'azure': {
        const messages = body.messages as {
          role: string;
          content: unknown;
          tool_call_id?: string;
        }[];
        expect(messages.map((m) => m.role)).toEqual([
          'system',
          'user',
          'system',
          'assistant',
          'tool',
          'system',
          'user',
        ]);
        expect(openAIText(messages[0].content)).toBe(IDENTITY);
        expect(openAIText(messages[2].content)).toBe(ENVIRONMENT);
        expect(messages[4]).toMatchObject({ tool_call_id: 'toolu_01', content: 'Created' });
        expect(openAIText(messages[5].content)).toBe(REMINDER);
        expect(sent.rawBody).not.toContain('cache_control');
        return;
      }
      case 'anthropic': {
        // Passthrough: the body as the client sent it, model and stream aside.
        expect(body).toEqual({ ...claudeCodeRequest('claude-up'), stream });
        return;
      }
      case 'gemini': {
        expect(body.systemInstruction).toEqual({ parts: [{ text: IDENTITY }] });
        expect(body.contents).toEqual([
          {
            role: 'user',
            parts: [
              { text: '<system-reminder>Attribution rules.</system-reminder>' },
              { text: 'Write hello.txt' },
              marked(ENVIRONMENT),
            ],
          },
          {
            role: 'model',
            parts: [
              expect.objectContaining({
                functionCall: { name: 'Write', args: { file_path: 'hello.txt', content: 'hello' } },
              }),
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { name: 'Write', response: { result: 'Created' } } },
              marked(REMINDER),
              { text: 'What does it say?' },
            ],
          },
        ]);
        // Thinking display "omitted": a budget, but no thoughts asked for.
        expect((body.generationConfig as Json).thinkingConfig).toEqual({ thinkingBudget: 8192 });
        return;
      }
    }
  }

  describe.each(FORMATS)('through a %s target', (format) => {
    it('non-stream: the conversation arrives in shape and the answer comes back', async () => {
      const message = await rig.sdks.anthropic.messages.create(claudeCodeRequest(`via-${format}`));
      expect(anthropicText(message.content)).toBe(ANSWER);
      expect(message.content.some((b) => b.type === 'thinking')).toBe(false);
      expectUpstreamShape(format, lastChatRequest(format), false);
    });

    it('stream: the conversation arrives in shape and the answer comes back', async () => {
      const message = await rig.sdks.anthropic.messages
        .stream(claudeCodeRequest(`via-${format}`))
        .finalMessage();
      expect(anthropicText(message.content)).toBe(ANSWER);
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expectUpstreamShape(format, lastChatRequest(format), true);
    });
  });

  it('an OpenAI client’s system message after the first turn reaches Anthropic in place', async () => {
    const completion = await rig.sdks.openai.chat.completions.create({
      model: 'via-anthropic',
      messages: [
        { role: 'system', content: IDENTITY },
        { role: 'user', content: 'Write hello.txt' },
        { role: 'assistant', content: 'Done.' },
        { role: 'developer', content: REMINDER },
        { role: 'user', content: 'What does it say?' },
      ],
    });
    expect(completion.choices[0].message.content).toBe(ANSWER);
    const body = lastChatRequest('anthropic').body ?? {};
    expect(anthropicText(body.system)).toBe(IDENTITY);
    const messages = body.messages as { role: string; content: unknown }[];
    expect(messages.map((m) => [m.role, anthropicText(m.content)])).toEqual([
      ['user', 'Write hello.txt'],
      ['assistant', 'Done.'],
      ['system', REMINDER],
      ['user', 'What does it say?'],
    ]);
  });

  it.each([false, true])(
    'thinking display "omitted" through Gemini: no thought text reaches the client (stream: %s)',
    async (stream) => {
      // Were Gemini to send thoughts anyway, the client asked not to see them.
      rig.fakes.gemini.behave({ content: ANSWER, thinking: { text: 'secret plan' } });
      const request = claudeCodeRequest('via-gemini');
      const message = stream
        ? await rig.sdks.anthropic.messages.stream(request).finalMessage()
        : await rig.sdks.anthropic.messages.create(request);
      expect(anthropicText(message.content)).toBe(ANSWER);
      expect(JSON.stringify(message.content)).not.toContain('secret plan');
    },
  );

  it('an unknown role is still a 400 naming it, in Anthropic’s format', async () => {
    const request = claudeCodeRequest('via-openai');
    const messages = [...request.messages, { role: 'tool', content: 'x' }];
    await expect(
      rig.sdks.anthropic.messages.create({
        ...request,
        messages: messages as Anthropic.MessageParam[],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error' } },
      message: expect.stringContaining('messages.6.role') as unknown,
    });
    expect(rig.fakes.openai.chatRequests).toHaveLength(0);
  });
});

describe('message_start carries the prompt count (LangChain ChatAnthropic reads it there)', () => {
  const rig = useConversionRig({
    keyName: 'message-start-usage',
    providers: { openai: {}, gemini: {} },
    models: {
      'via-openai': [{ provider: 'p-openai', model: 'gpt-up' }],
      'via-gemini': [{ provider: 'p-gemini', model: 'gemini-up' }],
    },
    fakes: {
      openai: {
        behaviour: {
          content: ANSWER,
          usage: { prompt_tokens: 1234, completion_tokens: 9, cached_tokens: 0 },
        },
      },
      // Gemini sends usageMetadata with every chunk: the prompt count is known from the first.
      gemini: {
        behaviour: {
          content: ANSWER,
          usage: { promptTokenCount: 777, candidatesTokenCount: 12 },
          usageEveryChunk: true,
        },
      },
    },
  });

  /** The raw message_start and message_delta usage of a streamed answer. */
  async function streamUsage(model: string) {
    const stream = await rig.sdks.anthropic.messages.create({
      ...claudeCodeRequest(model),
      stream: true,
    });
    let start: Anthropic.Usage | undefined;
    let delta: Anthropic.MessageDeltaUsage | undefined;
    for await (const event of stream) {
      if (event.type === 'message_start') start = event.message.usage;
      if (event.type === 'message_delta') delta = event.usage;
    }
    return { start: start!, delta: delta! };
  }

  it("OpenAI target (usage comes last): the gateway's own count first, the upstream's at the end", async () => {
    const { input_tokens: counted } = await rig.sdks.anthropic.messages.countTokens(
      claudeCodeRequest('via-openai'),
    );
    expect(counted).toBeGreaterThan(20);
    const { start, delta } = await streamUsage('via-openai');
    expect(start.input_tokens).toBe(counted);
    expect(delta).toMatchObject({ input_tokens: 1234, output_tokens: 9 });
  });

  it("Gemini target: the upstream's own count from its first chunk, and at the end", async () => {
    const { start, delta } = await streamUsage('via-gemini');
    expect(start.input_tokens).toBe(777);
    expect(delta).toMatchObject({ input_tokens: 777, output_tokens: 12 });
  });
});
