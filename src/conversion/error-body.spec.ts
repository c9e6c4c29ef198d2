import type { ErrorKind } from '../common/errors/gateway-error';
import { ErrorDescription, errorBodyFor, kindForStatus } from './error-body';

const invalid: ErrorDescription = {
  status: 400,
  kind: 'invalid_request',
  code: 'invalid_request',
  message: "'model' is required.",
  param: 'model',
};

describe('errorBodyFor', () => {
  it('writes the OpenAI shape', () => {
    expect(errorBodyFor('openai', invalid)).toEqual({
      error: {
        message: "'model' is required.",
        type: 'invalid_request_error',
        param: 'model',
        code: 'invalid_request',
      },
    });
  });

  it('writes param and code as null in the OpenAI shape when absent', () => {
    expect(
      errorBodyFor('openai', { status: 500, kind: 'internal', code: null, message: 'oops' }),
    ).toEqual({ error: { message: 'oops', type: 'server_error', param: null, code: null } });
  });

  it('writes the Anthropic shape', () => {
    expect(errorBodyFor('anthropic', invalid)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: "'model' is required." },
    });
  });

  it('writes the Gemini shape with the HTTP status as code', () => {
    expect(errorBodyFor('gemini', invalid)).toEqual({
      error: { code: 400, message: "'model' is required.", status: 'INVALID_ARGUMENT' },
    });
  });

  // Each API's own name for each kind of error, as its SDKs expect it.
  it.each<[ErrorKind, number, string, string, string]>([
    ['invalid_request', 400, 'invalid_request_error', 'invalid_request_error', 'INVALID_ARGUMENT'],
    ['authentication', 401, 'authentication_error', 'authentication_error', 'UNAUTHENTICATED'],
    ['permission', 403, 'permission_error', 'permission_error', 'PERMISSION_DENIED'],
    ['not_found', 404, 'invalid_request_error', 'not_found_error', 'NOT_FOUND'],
    ['request_too_large', 413, 'invalid_request_error', 'request_too_large', 'INVALID_ARGUMENT'],
    ['rate_limit', 429, 'rate_limit_error', 'rate_limit_error', 'RESOURCE_EXHAUSTED'],
    ['upstream', 502, 'api_error', 'api_error', 'UNAVAILABLE'],
    ['unavailable', 503, 'api_error', 'overloaded_error', 'UNAVAILABLE'],
    ['internal', 500, 'server_error', 'api_error', 'INTERNAL'],
  ])('maps %s (%i) to each API’s type', (kind, status, openai, anthropic, gemini) => {
    const e: ErrorDescription = { status, kind, code: 'c', message: 'm' };
    expect(errorBodyFor('openai', e)).toMatchObject({ error: { type: openai } });
    expect(errorBodyFor('anthropic', e)).toMatchObject({ error: { type: anthropic } });
    expect(errorBodyFor('gemini', e)).toMatchObject({ error: { code: status, status: gemini } });
  });
});

describe('kindForStatus', () => {
  it.each<[number, ErrorKind]>([
    [400, 'invalid_request'],
    [405, 'invalid_request'],
    [415, 'invalid_request'],
    [422, 'invalid_request'],
    [401, 'authentication'],
    [403, 'permission'],
    [404, 'not_found'],
    [413, 'request_too_large'],
    [429, 'rate_limit'],
    [500, 'upstream'],
    [502, 'upstream'],
    [504, 'upstream'],
    [503, 'unavailable'],
    [529, 'unavailable'],
    [409, 'invalid_request'],
  ])('%i → %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});
