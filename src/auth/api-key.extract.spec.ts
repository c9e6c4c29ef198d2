import { extractApiKey } from './api-key.extract';

describe('extractApiKey', () => {
  it('reads an OpenAI-style Bearer token', () => {
    expect(extractApiKey({ authorization: 'Bearer sk-sb-abc' })).toBe('sk-sb-abc');
  });

  it.each(['bearer sk-sb-abc', 'BEARER sk-sb-abc', '  Bearer   sk-sb-abc  ', 'Bearer\tsk-sb-abc'])(
    'accepts %j (any case, extra whitespace)',
    (authorization) => {
      expect(extractApiKey({ authorization })).toBe('sk-sb-abc');
    },
  );

  it('reads the Anthropic x-api-key header', () => {
    expect(extractApiKey({ 'x-api-key': 'sk-sb-ant' })).toBe('sk-sb-ant');
  });

  it('reads the Gemini x-goog-api-key header', () => {
    expect(extractApiKey({ 'x-goog-api-key': 'sk-sb-goog' })).toBe('sk-sb-goog');
  });

  it('trims whitespace around header keys', () => {
    expect(extractApiKey({ 'x-api-key': ' sk-sb-ant ' })).toBe('sk-sb-ant');
  });

  it('prefers Authorization, then x-api-key, then x-goog-api-key', () => {
    const all = {
      authorization: 'Bearer from-bearer',
      'x-api-key': 'from-x-api-key',
      'x-goog-api-key': 'from-goog',
    };
    expect(extractApiKey(all)).toBe('from-bearer');
    expect(extractApiKey({ ...all, authorization: undefined })).toBe('from-x-api-key');
    expect(extractApiKey({ 'x-goog-api-key': 'from-goog', 'x-api-key': '' })).toBe('from-goog');
  });

  it('falls back to x-api-key when Authorization is not a Bearer token', () => {
    expect(extractApiKey({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'k' })).toBe('k');
  });

  it.each([
    ['no headers', {}],
    ['a Basic Authorization header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a Bearer scheme without a token', { authorization: 'Bearer ' }],
    ['empty key headers', { 'x-api-key': '', 'x-goog-api-key': '' }],
  ])('returns undefined for %s', (_label, headers) => {
    expect(extractApiKey(headers)).toBeUndefined();
  });
});
