import { parseMessagesRequest } from '../anthropic/request';
import { buildMessagesRequest } from '../anthropic/request-build';
import { buildGenerateContentRequest } from '../gemini/request';
import { buildChatRequest, parseChatRequest } from '../openai/request';
import { liftLeadingSystem } from './system-messages';
import { countPromptTokens } from './token-count';
import type { CanonicalMessage, CanonicalRequest } from './types';

/**
 * System messages in the middle of a conversation (Claude Code sends `role: "system"` entries
 * after the first turn; OpenAI clients send system or developer messages anywhere): read in
 * place by every client format, written in place by every provider format.
 */

const text = (t: string) => ({ type: 'text' as const, text: t });
const REMINDER = 'The user switched to plan mode.';

/** A Claude Code turn: user, assistant tool_use, user tool_result, system, user. */
const claudeCodeBody = {
  model: 'claude-sonnet',
  max_tokens: 1024,
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: 'List the files' },
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt' }] },
    {
      role: 'system',
      content: [{ type: 'text', text: REMINDER, cache_control: { type: 'ephemeral' } }],
    },
    { role: 'user', content: 'Now plan' },
  ],
};

const claudeCodeCanonical: CanonicalMessage[] = [
  { role: 'user', content: [text('List the files')] },
  {
    role: 'assistant',
    content: [{ type: 'tool_call', id: 'toolu_1', name: 'Bash', arguments: '{"command":"ls"}' }],
  },
  {
    role: 'tool',
    content: [
      { type: 'tool_result', toolCallId: 'toolu_1', name: 'Bash', content: [text('a.txt')] },
    ],
  },
  { role: 'system', content: [text(REMINDER)] },
  { role: 'user', content: [text('Now plan')] },
];

const request = (messages: CanonicalMessage[], system = [text('Be brief.')]): CanonicalRequest => ({
  model: 'm',
  system,
  messages,
  stream: false,
});

describe('liftLeadingSystem', () => {
  it('moves the system messages before the first turn to the system text, keeps later ones', () => {
    const later: CanonicalMessage = { role: 'system', content: [text('C')] };
    const user: CanonicalMessage = { role: 'user', content: [text('Hi')] };
    expect(
      liftLeadingSystem(
        [text('A')],
        [{ role: 'system', developer: true, content: [text('B')] }, user, later],
      ),
    ).toEqual({ system: [text('A'), text('B')], messages: [user, later] });
  });
});

describe('Anthropic client: role "system" entries in messages', () => {
  it('keeps a system message after the first turn in place (Claude Code)', () => {
    const parsed = parseMessagesRequest(claudeCodeBody);
    expect(parsed.system).toEqual([text('You are Claude Code.')]);
    expect(parsed.messages).toEqual(claudeCodeCanonical);
  });

  it('reads a leading system message, string or blocks, as system text after `system`', () => {
    const parsed = parseMessagesRequest({
      model: 'm',
      max_tokens: 10,
      system: 'A',
      messages: [
        { role: 'system', content: 'B' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(parsed.system).toEqual([text('A'), text('B')]);
    expect(parsed.messages).toEqual([{ role: 'user', content: [text('Hi')] }]);
  });
});

describe('Anthropic upstream: system messages as role "system" entries in place', () => {
  it('writes the Claude Code conversation back as it came (system text first, at the top)', () => {
    const built = buildMessagesRequest(request(claudeCodeCanonical), 'claude-up');
    expect(built.system).toEqual([text('Be brief.')]);
    expect(built.messages).toEqual([
      { role: 'user', content: [text('List the files')] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [text('a.txt')] }],
      },
      { role: 'system', content: [text(REMINDER)] },
      { role: 'user', content: [text('Now plan')] },
    ]);
  });

  it('never merges a system message into a user turn; joins consecutive ones', () => {
    const built = buildMessagesRequest(
      request([
        { role: 'user', content: [text('a')] },
        { role: 'system', content: [text('s1')] },
        { role: 'system', developer: true, content: [text('s2'), text('')] },
        { role: 'user', content: [text('b')] },
      ]),
      'claude-up',
    );
    expect(built.messages).toEqual([
      { role: 'user', content: [text('a')] },
      { role: 'system', content: [text('s1'), text('s2')] },
      { role: 'user', content: [text('b')] },
    ]);
  });
});

describe('OpenAI chat: system and developer messages after the first turn', () => {
  const body = {
    model: 'm',
    messages: [
      { role: 'developer', content: 'Lead' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'system', content: 'Mid system' },
      { role: 'developer', content: [{ type: 'text', text: 'Mid developer' }] },
      { role: 'user', content: 'Go on' },
    ],
  };

  it('reads them in place, the leading one as system text', () => {
    const parsed = parseChatRequest(body);
    expect(parsed.system).toEqual([text('Lead')]);
    expect(parsed.messages).toEqual([
      { role: 'user', content: [text('Hi')] },
      { role: 'assistant', content: [text('Hello')] },
      { role: 'system', content: [text('Mid system')] },
      { role: 'system', developer: true, content: [text('Mid developer')] },
      { role: 'user', content: [text('Go on')] },
    ]);
  });

  it('writes them in place, as system or developer as they came', () => {
    expect(buildChatRequest(parseChatRequest(body), 'gpt-up').messages).toEqual([
      { role: 'system', content: 'Lead' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'system', content: 'Mid system' },
      { role: 'developer', content: 'Mid developer' },
      { role: 'user', content: 'Go on' },
    ]);
  });

  it('writes the Claude Code conversation with the system message after the tool message', () => {
    const messages = buildChatRequest(request(claudeCodeCanonical), 'gpt-up').messages;
    expect(messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'system',
      'user',
    ]);
    expect(messages[4]).toEqual({ role: 'system', content: REMINDER });
  });
});

describe('Gemini upstream: no system role in contents', () => {
  const marked = { text: `<system_instructions>\n${REMINDER}\n</system_instructions>` };

  it('folds a system message into the user turn it sits in, marked, in place', () => {
    const built = buildGenerateContentRequest(request(claudeCodeCanonical));
    expect(built.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(built.contents).toEqual([
      { role: 'user', parts: [{ text: 'List the files' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'Bash', args: { command: 'ls' } },
            thoughtSignature: expect.any(String) as unknown,
          },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'Bash', response: { result: 'a.txt' } } },
          marked,
          { text: 'Now plan' },
        ],
      },
    ]);
  });

  it('keeps user and model turns alternating when a system message sits between model turns', () => {
    const built = buildGenerateContentRequest(
      request([
        { role: 'user', content: [text('a')] },
        { role: 'assistant', content: [text('b')] },
        { role: 'system', content: [text(REMINDER)] },
        { role: 'assistant', content: [text('c')] },
      ]),
    );
    expect(built.contents.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model']);
    expect(built.contents[2].parts).toEqual([marked]);
  });
});

describe('thinking display "omitted"', () => {
  const thinkingBody = (display?: string) => ({
    model: 'm',
    max_tokens: 8000,
    thinking: { type: 'enabled', budget_tokens: 2048, ...(display ? { display } : {}) },
    messages: [{ role: 'user', content: 'Hi' }],
  });

  it('asks Gemini for the thinking budget but not for thoughts', () => {
    const parsed = parseMessagesRequest(thinkingBody('omitted'));
    expect(parsed.reasoning).toEqual({ budgetTokens: 2048, hideThoughts: true });
    const config = buildGenerateContentRequest(parsed).generationConfig;
    expect(config?.thinkingConfig).toEqual({ thinkingBudget: 2048 });
  });

  it('still asks for thoughts when display is summarized or not given', () => {
    for (const display of ['summarized', undefined]) {
      const config = buildGenerateContentRequest(
        parseMessagesRequest(thinkingBody(display)),
      ).generationConfig;
      expect(config?.thinkingConfig).toEqual({ thinkingBudget: 2048, includeThoughts: true });
    }
  });

  it('reads display on adaptive thinking too, and rejects an unknown display', () => {
    expect(
      parseMessagesRequest({
        ...thinkingBody(),
        thinking: { type: 'adaptive', display: 'omitted' },
      }).reasoning,
    ).toEqual({ effort: 'medium', hideThoughts: true });
    expect(() => parseMessagesRequest(thinkingBody('hidden'))).toThrow(/thinking\.display/);
  });
});

describe('token count', () => {
  it('counts system messages of the conversation like any other message', () => {
    const without = request(claudeCodeCanonical.filter((m) => m.role !== 'system'));
    expect(countPromptTokens(request(claudeCodeCanonical))).toBeGreaterThan(
      countPromptTokens(without) + 3,
    );
  });
});
