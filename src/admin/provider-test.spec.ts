import { providerOf } from '../routing/__fixtures__/runtime';
import {
  answerText,
  httpFailure,
  networkFailure,
  streamedText,
  testRequestBody,
} from './provider-test';

const timing = { model: 'm-1', latency_ms: 12 };

describe('testRequestBody', () => {
  it('is one short user message with a small token limit, in each format', () => {
    expect(testRequestBody(providerOf('o'), 'gpt-x', false)).toMatchObject({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'Reply with OK' }],
      max_tokens: 16,
    });
    expect(
      testRequestBody(providerOf('o', { maxTokensField: 'max_completion_tokens' }), 'o3', false),
    ).toMatchObject({ max_completion_tokens: 16 });
    expect(
      testRequestBody(providerOf('a', { format: 'anthropic' }), 'claude-x', false),
    ).toMatchObject({ model: 'claude-x', max_tokens: 16, messages: [{ role: 'user' }] });
    expect(testRequestBody(providerOf('g', { format: 'gemini' }), 'gemini-x', false)).toMatchObject(
      {
        contents: [{ role: 'user', parts: [{ text: 'Reply with OK' }] }],
        generationConfig: { maxOutputTokens: 16 },
      },
    );
  });

  it('asks for a stream when told to', () => {
    expect(testRequestBody(providerOf('o'), 'gpt-x', true)).toMatchObject({ stream: true });
  });
});

describe('answers', () => {
  it('reads the text parts of a response and of a stream', () => {
    expect(
      answerText({
        content: [
          { type: 'thinking', text: 'hmm' },
          { type: 'text', text: ' OK' },
        ],
      } as never),
    ).toBe('OK');
    expect(
      streamedText([
        { type: 'start', id: 'x', model: 'm', created: 0 },
        { type: 'text', text: 'O' },
        { type: 'text', text: 'K' },
        { type: 'finish', reason: 'stop' },
      ]),
    ).toBe('OK');
  });
});

describe('httpFailure', () => {
  it("shows the provider's own message and the kind of the status", () => {
    const body = JSON.stringify({
      error: { message: 'Invalid API key', type: 'invalid_request_error' },
    });
    expect(httpFailure(timing, providerOf('o'), 401, body)).toEqual({
      ...timing,
      ok: false,
      status: 401,
      answer: null,
      error: { type: 'authentication', message: 'Invalid API key' },
    });
    expect(httpFailure(timing, providerOf('o'), 429, body).error?.type).toBe('rate_limit');
  });

  it('masks the provider key if the provider echoes it', () => {
    const secret = 'sk-echoed-secret-123456789';
    const body = JSON.stringify({ error: { message: `Key ${secret} is revoked` } });
    const result = httpFailure(timing, providerOf('o', { apiKey: secret }), 401, body);
    expect(result.error?.message).toBe('Key ****6789 is revoked');
  });

  it('masks secret header values the provider echoes, too', () => {
    const token = 'header-token-987654321';
    const body = JSON.stringify({ error: { message: `Token ${token} is not allowed` } });
    const provider = providerOf('o', { headers: { 'x-api-token': token, 'x-team': 'ab' } });
    expect(httpFailure(timing, provider, 403, body).error?.message).toBe(
      'Token ****4321 is not allowed',
    );
  });

  it('says the status when the body is no error it can read', () => {
    expect(httpFailure(timing, providerOf('o'), 503, '<html>busy</html>').error).toEqual({
      type: 'unavailable',
      message: 'The provider answered HTTP 503.',
    });
  });

  it('is not ok for a 2xx without a readable completion', () => {
    expect(httpFailure(timing, providerOf('o'), 200, '')).toMatchObject({
      ok: false,
      status: 200,
      error: { type: 'upstream' },
    });
  });
});

describe('networkFailure', () => {
  it('has no status, and says connection or timeout without details', () => {
    expect(networkFailure(timing, Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toEqual(
      {
        ...timing,
        ok: false,
        status: null,
        answer: null,
        error: { type: 'connection', message: 'connection refused' },
      },
    );
    expect(networkFailure(timing, new DOMException('timed out', 'TimeoutError')).error).toEqual({
      type: 'timeout',
      message: 'timeout',
    });
    expect(
      networkFailure(timing, Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))
        .error?.type,
    ).toBe('timeout');
  });
});
