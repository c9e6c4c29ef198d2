import type { CanonicalResponse, FinishReason } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseAnthropicError } from './errors';
import { anthropicMessageId, encodeMessagesResponse, parseMessagesResponse } from './response';
import { finishFromAnthropic, finishToAnthropic } from './stop-reasons';

const NOW = 1_750_000_000_000;

describe('parseMessagesResponse (upstream message → canonical)', () => {
  it('reads thinking, text, parallel tool calls, stop reason and cache usage (golden)', () => {
    expect(parseMessagesResponse(fixtureJson(__dirname, 'upstream-response.json'), NOW)).toEqual(
      fixtureJson(__dirname, 'upstream-response.canonical.json'),
    );
  });

  it('reads redacted thinking and a stop sequence; skips server tool blocks', () => {
    const response = parseMessagesResponse(
      {
        id: 'msg_1',
        model: 'claude',
        content: [
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} },
          { type: 'text', text: 'Done' },
        ],
        stop_reason: 'stop_sequence',
        stop_sequence: '###',
        usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: null },
      },
      NOW,
    );
    expect(response).toMatchObject({
      content: [
        { type: 'thinking', text: 'opaque', redacted: true },
        { type: 'text', text: 'Done' },
      ],
      finishReason: 'stop',
      stopSequence: '###',
      usage: { promptTokens: 10, completionTokens: 2, cachedTokens: 0 },
    });
  });

  it('survives a body of the wrong shape', () => {
    expect(parseMessagesResponse('nonsense', NOW)).toEqual({
      id: '',
      model: '',
      created: 1_750_000_000,
      content: [],
      finishReason: 'stop',
      usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0 },
    });
  });
});

describe('encodeMessagesResponse (canonical → client message)', () => {
  it('writes a Messages response named with the client’s model (golden)', () => {
    const response = fixtureJson<CanonicalResponse>(__dirname, 'canonical-response.json');
    expect(encodeMessagesResponse(response, 'smart')).toEqual(
      fixtureJson(__dirname, 'client-response.json'),
    );
  });

  it('round-trips an upstream message (same model name)', () => {
    const upstream = fixtureJson<{ model: string; usage: Record<string, unknown> }>(
      __dirname,
      'upstream-response.json',
    );
    const encoded = encodeMessagesResponse(parseMessagesResponse(upstream, NOW), upstream.model);
    const { cache_creation: _c, service_tier: _s, ...usage } = upstream.usage;
    expect(encoded).toEqual({ ...upstream, usage });
  });

  it('keeps msg_ ids and prefixes others', () => {
    expect(anthropicMessageId('msg_abc')).toBe('msg_abc');
    expect(anthropicMessageId('chatcmpl-1')).toBe('msg_chatcmpl-1');
  });

  it('never reports negative input tokens', () => {
    const response = fixtureJson<CanonicalResponse>(__dirname, 'canonical-response.json');
    const usage = { promptTokens: 5, completionTokens: 1, cachedTokens: 8 };
    expect(encodeMessagesResponse({ ...response, usage }, 'm').usage.input_tokens).toBe(0);
  });
});

describe('stop reasons', () => {
  it.each<[string | null, FinishReason]>([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
    ['model_context_window_exceeded', 'length'],
    ['something_new', 'stop'],
    [null, 'stop'],
    ['toString', 'stop'],
  ])('%s → %s', (stopReason, reason) => {
    expect(finishFromAnthropic(stopReason, null)).toEqual({ reason });
  });

  it.each<[FinishReason, string | undefined, string, string | null]>([
    ['stop', undefined, 'end_turn', null],
    ['stop', 'END', 'stop_sequence', 'END'],
    ['length', undefined, 'max_tokens', null],
    ['tool_calls', undefined, 'tool_use', null],
    ['content_filter', undefined, 'refusal', null],
    ['error', undefined, 'end_turn', null],
  ])('%s (stop sequence %s) → %s', (reason, stopSequence, stopReason, sequence) => {
    expect(finishToAnthropic(reason, stopSequence)).toEqual({
      stop_reason: stopReason,
      stop_sequence: sequence,
    });
  });
});

describe('parseAnthropicError', () => {
  it('reads Anthropic’s error body', () => {
    expect(
      parseAnthropicError({
        type: 'error',
        error: {
          type: 'rate_limit_error',
          message: 'Number of requests has exceeded your rate limit',
        },
      }),
    ).toEqual({
      type: 'rate_limit_error',
      message: 'Number of requests has exceeded your rate limit',
    });
  });

  it.each([null, 'Bad Gateway', {}, { error: 'x' }, { error: { type: 'x' } }, [1]])(
    'returns null for %j',
    (body) => {
      expect(parseAnthropicError(body)).toBeNull();
    },
  );
});
