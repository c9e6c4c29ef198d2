import type { CanonicalRequest, CanonicalResponse } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseGeminiError } from './errors';
import { fromGeminiFinishReason, toGeminiFinishReason } from './finish-reasons';
import { geminiClient, geminiProvider } from './index';
import { encodeGenerateContentResponse, parseGenerateContentResponse } from './response';

const NOW = 1748736000;
const request = { model: 'weather-bot' } as CanonicalRequest;

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000));
afterEach(() => jest.restoreAllMocks());

describe('parseGenerateContentResponse (Gemini API → canonical)', () => {
  it('matches the golden canonical response', () => {
    expect(geminiProvider.parseResponse(fixtureJson(__dirname, 'response.upstream.json'))).toEqual(
      fixtureJson(__dirname, 'response.canonical.json'),
    );
  });

  it('reads a plain answer: STOP without calls is stop, thoughts count as completion', () => {
    const response = parseGenerateContentResponse({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'Hi!' }] }, finishReason: 'STOP', index: 0 },
      ],
      usageMetadata: {
        promptTokenCount: 4,
        candidatesTokenCount: 2,
        thoughtsTokenCount: 6,
        totalTokenCount: 12,
      },
    });
    expect(response).toMatchObject({
      content: [{ type: 'text', text: 'Hi!' }],
      finishReason: 'stop',
      usage: { promptTokens: 4, completionTokens: 8, cachedTokens: 0, reasoningTokens: 6 },
    });
  });

  it('reads a blocked prompt as content_filter with no content', () => {
    const response = parseGenerateContentResponse({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
      responseId: 'r1',
    });
    expect(response).toMatchObject({
      id: 'r1',
      content: [],
      finishReason: 'content_filter',
      usage: { promptTokens: 9, completionTokens: 0 },
    });
  });

  it('counts server-side tool results as prompt tokens', () => {
    const response = parseGenerateContentResponse({
      candidates: [],
      usageMetadata: { promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 1 },
    });
    expect(response.usage).toEqual({ promptTokens: 15, completionTokens: 1, cachedTokens: 0 });
  });

  it('tolerates a body that is not a response', () => {
    expect(parseGenerateContentResponse(null)).toMatchObject({ content: [], finishReason: 'stop' });
  });
});

describe('encodeGenerateContentResponse (canonical → Gemini client)', () => {
  it('matches the golden client response, showing the client’s model', () => {
    const canonical = fixtureJson<CanonicalResponse>(__dirname, 'response.canonical.json');
    expect(geminiClient.encodeResponse(canonical, { model: 'weather-bot', request })).toEqual(
      fixtureJson(__dirname, 'response.client.json'),
    );
  });

  it('survives a round trip through the Gemini format', () => {
    const canonical = fixtureJson<CanonicalResponse>(__dirname, 'response.canonical.json');
    const encoded = encodeGenerateContentResponse(canonical, { model: canonical.model, request });
    expect(parseGenerateContentResponse(encoded)).toEqual(canonical);
  });

  it('drops redacted thinking, which only Anthropic can read', () => {
    const encoded = encodeGenerateContentResponse(
      {
        id: 'm',
        model: 'claude',
        created: NOW,
        content: [
          { type: 'thinking', text: 'opaque', redacted: true },
          { type: 'text', text: 'Done.' },
        ],
        finishReason: 'length',
        usage: { promptTokens: 1, completionTokens: 2, cachedTokens: 0 },
      },
      { model: 'bot', request },
    );
    expect(encoded.candidates[0]).toEqual({
      content: { role: 'model', parts: [{ text: 'Done.' }] },
      finishReason: 'MAX_TOKENS',
      index: 0,
    });
    expect(encoded.usageMetadata).toEqual({
      promptTokenCount: 1,
      candidatesTokenCount: 2,
      totalTokenCount: 3,
    });
  });
});

describe('finish reasons', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'error'],
    ['OTHER', false, 'error'],
    ['SOMETHING_NEW', false, 'error'],
  ])('reads %s (calls: %s) as %s', (reason, calls, expected) => {
    expect(fromGeminiFinishReason(reason, calls)).toBe(expected);
  });

  it.each([
    ['stop', 'STOP'],
    ['tool_calls', 'STOP'],
    ['length', 'MAX_TOKENS'],
    ['content_filter', 'SAFETY'],
    ['error', 'OTHER'],
  ] as const)('writes %s as %s', (reason, expected) => {
    expect(toGeminiFinishReason(reason)).toBe(expected);
  });
});

describe('parseGeminiError', () => {
  it('reads message and status', () => {
    const body = {
      error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' },
    };
    expect(geminiProvider.parseError(body)).toEqual({
      message: 'Resource has been exhausted',
      type: 'RESOURCE_EXHAUSTED',
    });
  });

  it('reads the array a stream without alt=sse sends', () => {
    expect(parseGeminiError([{ error: { message: 'bad', status: 'INVALID_ARGUMENT' } }])).toEqual({
      message: 'bad',
      type: 'INVALID_ARGUMENT',
    });
  });

  it.each([null, 'oops', [], {}, { error: 'x' }, { error: {} }])('returns null for %j', (body) => {
    expect(parseGeminiError(body)).toBeNull();
  });

  it('falls back to the status when there is no message', () => {
    expect(parseGeminiError({ error: { status: 'INTERNAL' } })).toEqual({
      message: 'INTERNAL',
      type: 'INTERNAL',
    });
  });
});
