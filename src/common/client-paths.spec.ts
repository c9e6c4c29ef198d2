import { canonicalUrl } from './client-paths';

const BEARER = { authorization: 'Bearer sk-sb-x' };
const GOOG = { 'x-goog-api-key': 'sk-sb-x' };

describe('canonicalUrl', () => {
  it.each([
    ['/chat/completions', '/v1/chat/completions'],
    ['/completions', '/v1/completions'],
    ['/embeddings', '/v1/embeddings'],
    ['/responses', '/v1/responses'],
    ['/responses?x=1', '/v1/responses?x=1'],
    ['/models', '/v1/models'],
    ['/models/gpt-4o', '/v1/models/gpt-4o'],
  ])('serves the unversioned %s as %s', (url, canonical) => {
    expect(canonicalUrl(url, 'POST', BEARER)).toBe(canonical);
  });

  it.each([
    '/v1/chat/completions',
    '/v1/messages',
    '/v1beta/models/gemini-2.0-flash:generateContent',
    '/health',
    '/healthz',
    '/admin/models',
    '/chat/completionsX',
    '/modelsX',
    '/docs',
  ])('leaves %s alone', (url) => {
    expect(canonicalUrl(url, 'POST', BEARER)).toBe(url);
  });

  it.each([
    [
      '/v1/models/gemini-2.0-flash:generateContent',
      '/v1beta/models/gemini-2.0-flash:generateContent',
    ],
    [
      '/v1/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
      '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
    ],
    ['/v1/models/g:countTokens', '/v1beta/models/g:countTokens'],
    ['/v1/models/g:batchEmbedContents?key=k', '/v1beta/models/g:batchEmbedContents?key=k'],
    ['/models/g:embedContent', '/v1beta/models/g:embedContent'],
  ])('serves the Gemini method %s as %s, however authenticated', (url, canonical) => {
    expect(canonicalUrl(url, 'POST', BEARER)).toBe(canonical);
  });

  it('GET /v1/models and /v1/models/{id} stay OpenAI with a Bearer or x-api-key', () => {
    // OpenAI fine-tune ids have colons, like a Gemini method: only POST is a Gemini method.
    expect(canonicalUrl('/v1/models/ft:gpt-4o:org:abc', 'GET', BEARER)).toBe(
      '/v1/models/ft:gpt-4o:org:abc',
    );
    expect(canonicalUrl('/v1/models', 'GET', BEARER)).toBe('/v1/models');
    expect(canonicalUrl('/v1/models/gpt-4o', 'GET', { 'x-api-key': 'k' })).toBe(
      '/v1/models/gpt-4o',
    );
    expect(canonicalUrl('/v1/models?keys=1', 'GET', {})).toBe('/v1/models?keys=1');
  });

  it('GET /v1/models authenticated the Gemini way is the Gemini list', () => {
    expect(canonicalUrl('/v1/models', 'GET', GOOG)).toBe('/v1beta/models');
    expect(canonicalUrl('/v1/models?key=k', 'GET', {})).toBe('/v1beta/models?key=k');
    expect(canonicalUrl('/v1/models?pageSize=50&key=k', 'GET', {})).toBe(
      '/v1beta/models?pageSize=50&key=k',
    );
    expect(canonicalUrl('/v1/models/gemini-2.0-flash', 'GET', GOOG)).toBe(
      '/v1beta/models/gemini-2.0-flash',
    );
    expect(canonicalUrl('/models', 'GET', GOOG)).toBe('/v1beta/models');
  });
});
