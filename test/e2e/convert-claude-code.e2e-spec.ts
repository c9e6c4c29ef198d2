import type Anthropic from '@anthropic-ai/sdk';
import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { anthropicSdk, anthropicText, openAIText } from '../support/sdks';

/**
 * Claude Code pointed at the gateway (ANTHROPIC_BASE_URL): its requests as it shapes them —
 * system prompt as blocks with cache_control, tools with JSON Schema input_schema, beta headers,
 * metadata.user_id, always streaming — served by an OpenAI model with tool calls, and by
 * Anthropic itself with the beta header forwarded.
 */

type Json = Record<string, unknown>;

const BETAS = [
  'claude-code-20250219',
  'interleaved-thinking-2025-05-14',
  'fine-grained-tool-streaming-2025-05-14',
] as const;
const USER_ID = 'user_5f3c0ffee_account__session_0b1d2e3f-4a5b-6c7d-8e9f-001122334455';
const IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";

const bashTool = {
  name: 'Bash',
  description: 'Executes a given bash command in a persistent shell session.',
  input_schema: {
    type: 'object' as const,
    properties: {
      command: { type: 'string', description: 'The command to execute' },
      description: { type: 'string', description: 'What the command does, in 5-10 words' },
      timeout: { type: 'number', description: 'Optional timeout in milliseconds' },
    },
    required: ['command'],
    additionalProperties: false,
    $schema: 'http://json-schema.org/draft-07/schema#',
  },
};
const readTool = {
  name: 'Read',
  description: 'Reads a file from the local filesystem.',
  input_schema: {
    type: 'object' as const,
    properties: { file_path: { type: 'string' } },
    required: ['file_path'],
    additionalProperties: false,
    $schema: 'http://json-schema.org/draft-07/schema#',
  },
};

function claudeCodeRequest(model: string, extraMessages: Anthropic.Beta.BetaMessageParam[] = []) {
  return {
    model,
    max_tokens: 32000,
    temperature: 1,
    betas: [...BETAS],
    metadata: { user_id: USER_ID },
    system: [
      { type: 'text' as const, text: IDENTITY, cache_control: { type: 'ephemeral' as const } },
      {
        type: 'text' as const,
        text: 'You are an interactive CLI tool that helps users with software engineering tasks.',
        cache_control: { type: 'ephemeral' as const },
      },
    ],
    tools: [bashTool, readTool],
    messages: [
      {
        role: 'user' as const,
        content: [
          {
            type: 'text' as const,
            text: '<system-reminder>This is a reminder.</system-reminder>',
          },
          {
            type: 'text' as const,
            text: 'List the files here',
            cache_control: { type: 'ephemeral' as const },
          },
        ],
      },
      ...extraMessages,
    ],
  };
}

describe('Claude Code compatibility', () => {
  let gateway: Gateway;
  let openaiUp: FakeOpenAI;
  let anthropicUp: FakeAnthropic;
  let anthropic: Anthropic;

  beforeAll(async () => {
    [openaiUp, anthropicUp] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
    gateway = await startGateway();
    await addProvider(gateway, 'p-openai', openaiUp, { retries: 0 });
    await addProvider(gateway, 'p-anthropic', anthropicUp.baseUrl, {
      format: 'anthropic',
      retries: 0,
    });
    await addModel(gateway, 'claude-sonnet-via-gpt', [{ provider: 'p-openai', model: 'gpt-up' }]);
    await addModel(gateway, 'claude-sonnet', [
      { provider: 'p-anthropic', model: 'claude-sonnet-4-5' },
    ]);
    anthropic = anthropicSdk(gateway, await addKey(gateway, 'claude-code'));
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openaiUp, anthropicUp].map((f) => f?.close()));
  });

  beforeEach(() => {
    openaiUp.reset();
    anthropicUp.reset();
  });

  const cliHeaders = {
    headers: { 'x-app': 'cli', 'user-agent': 'claude-cli/2.0.14 (external, cli)' },
  };

  it('against an OpenAI upstream: a tool call out, the tool result back, the answer streamed', async () => {
    openaiUp.behave({
      toolCall: {
        id: 'call_bash_1',
        name: 'Bash',
        arguments: '{"command":"ls -la","description":"List files in current directory"}',
      },
    });
    const first = await anthropic.beta.messages
      .stream(claudeCodeRequest('claude-sonnet-via-gpt'), cliHeaders)
      .finalMessage();

    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      {
        type: 'tool_use',
        id: 'call_bash_1',
        name: 'Bash',
        input: { command: 'ls -la', description: 'List files in current directory' },
      },
    ]);
    const sent = openaiUp.chatRequests[0];
    const body = sent.body ?? {};
    expect(body).toMatchObject({ model: 'gpt-up', stream: true, max_tokens: 32000 });
    expect(sent.rawBody).not.toContain('cache_control');
    const messages = body.messages as Json[];
    expect(messages[0].role).toBe('system');
    expect(openAIText(messages[0].content)).toContain(IDENTITY);
    expect(messages[1].role).toBe('user');
    expect(openAIText(messages[1].content)).toContain('List the files here');
    const tools = body.tools as { function: { name: string; parameters: Json } }[];
    expect(tools.map((t) => t.function.name)).toEqual(['Bash', 'Read']);
    expect(tools[0].function.parameters).toMatchObject({
      properties: { command: { type: 'string' } },
      required: ['command'],
    });

    openaiUp.behave({ chunks: ['There are ', 'two files: ', 'a.txt and b.txt.'] });
    const second = await anthropic.beta.messages
      .stream(
        claudeCodeRequest('claude-sonnet-via-gpt', [
          { role: 'assistant', content: first.content },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'call_bash_1',
                content: 'a.txt\nb.txt',
                is_error: false,
              },
            ],
          },
        ]),
        cliHeaders,
      )
      .finalMessage();

    expect(second.stop_reason).toBe('end_turn');
    expect(anthropicText(second.content)).toBe('There are two files: a.txt and b.txt.');
    const turn2 = openaiUp.chatRequests[1].body?.messages as Json[];
    expect(turn2.slice(-2)).toEqual([
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [expect.objectContaining({ id: 'call_bash_1' })],
      }),
      expect.objectContaining({ role: 'tool', tool_call_id: 'call_bash_1' }),
    ]);
    expect(openAIText(turn2[turn2.length - 1].content)).toBe('a.txt\nb.txt');
  });

  it('against an Anthropic upstream: the beta header and the body reach Anthropic unchanged', async () => {
    anthropicUp.behave({ chunks: ['Here ', 'you ', 'go.'] });
    const request = claudeCodeRequest('claude-sonnet');
    const message = await anthropic.beta.messages.stream(request, cliHeaders).finalMessage();

    expect(anthropicText(message.content)).toBe('Here you go.');
    const sent = anthropicUp.chatRequests[0];
    expect(String(sent.headers['anthropic-beta']).split(',')).toEqual([...BETAS]);
    const { betas: _betas, ...wire } = request;
    expect(sent.body).toEqual({ ...wire, model: 'claude-sonnet-4-5', stream: true });
  });
});
