import { clientApiOf } from './client-api';

describe('clientApiOf', () => {
  it.each([
    ['/v1/messages', 'anthropic'],
    ['/v1/messages?beta=true', 'anthropic'],
    ['/v1/messages/count_tokens', 'anthropic'],
    ['/v1beta', 'gemini'],
    ['/v1beta/models', 'gemini'],
    ['/v1beta/models/gemini-2.0-flash:generateContent', 'gemini'],
    ['/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', 'gemini'],
    ['/v1/chat/completions', 'openai'],
    ['/v1/models', 'openai'],
    ['/v1/models/gpt-4o', 'openai'],
    ['/v1/models/ft:gpt-4o:org:abc', 'openai'],
    ['/v1/models/gemini-2.0-flash:generateContent', 'gemini'],
    ['/v1/models/gemini-2.0-flash:streamGenerateContent?alt=sse', 'gemini'],
    ['/chat/completions', 'openai'],
    ['/admin/providers', 'openai'],
    ['/', 'openai'],
    ['/v1beta2/models', 'openai'],
  ])('%s → %s', (url, api) => {
    expect(clientApiOf(url)).toBe(api);
  });
});
