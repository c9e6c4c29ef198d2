import { parseOpenAIError } from './errors';

describe('parseOpenAIError', () => {
  it('reads message and type of an OpenAI error body', () => {
    const body = {
      error: {
        message: 'Rate limit reached',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    };
    expect(parseOpenAIError(body)).toEqual({ message: 'Rate limit reached', type: 'requests' });
  });

  it('falls back to the code when there is no type', () => {
    const body = { error: { message: 'Quota', type: null, code: 'insufficient_quota' } };
    expect(parseOpenAIError(body)).toEqual({ message: 'Quota', type: 'insufficient_quota' });
  });

  it.each([
    ['an error string', { error: 'upstream exploded' }, { message: 'upstream exploded' }],
    ['a bare message', { message: 'Bad gateway' }, { message: 'Bad gateway' }],
    ['JSON text', '{"error":{"message":"m","type":"t"}}', { message: 'm', type: 't' }],
  ])('reads %s', (_label, body, expected) => {
    expect(parseOpenAIError(body)).toEqual(expected);
  });

  it.each([
    ['plain text', '<html>502 Bad Gateway</html>'],
    ['null', null],
    ['a number', 42],
    ['an array', [{ error: { message: 'x' } }]],
    ['an error without message', { error: { type: 'x' } }],
    ['an empty error string', { error: '' }],
    ['an unrelated object', { detail: 'nope' }],
  ])('returns null for %s', (_label, body) => {
    expect(parseOpenAIError(body)).toBeNull();
  });
});
