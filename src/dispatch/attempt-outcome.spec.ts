import { decideOnStatus, describeUpstreamError, outcomeLabel } from './attempt-outcome';

/** An error as undici / node:net raise it: a code plus a message that may carry details. */
function netError(code: string, message = `${code} at https://api.example/v1?key=SECRET`) {
  return Object.assign(new Error(message), { code });
}

describe('decideOnStatus', () => {
  it.each([
    [200, 'ok'],
    [201, 'ok'],
    [204, 'ok'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [529, 'retry'],
    [408, 'retry'],
    [401, 'next_target'],
    [403, 'next_target'],
    [429, 'rate_limited'],
    [400, 'return_to_client'],
    [404, 'return_to_client'],
    [409, 'return_to_client'],
    [413, 'return_to_client'],
    [422, 'return_to_client'],
  ])('%i → %s', (status, decision) => {
    expect(decideOnStatus(status)).toBe(decision);
  });
});

describe('describeUpstreamError', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'connection reset'],
    ['UND_ERR_SOCKET', 'connection reset'],
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'host not found'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
  ])('describes %s as exactly %j, without the error message', (code, reason) => {
    expect(describeUpstreamError(netError(code))).toBe(reason);
  });

  it('recognises a code on a plain object too', () => {
    expect(describeUpstreamError({ code: 'ECONNREFUSED' })).toBe('connection refused');
  });

  it('keeps descriptions of other errors short', () => {
    const description = describeUpstreamError(new Error('x'.repeat(5000)));
    expect(description.startsWith('network error')).toBe(true);
    expect(description.length).toBeLessThanOrEqual(200);
  });

  it.each([null, undefined, 'boom', 42])('describes the non-error %j as "network error"', (v) => {
    expect(describeUpstreamError(v)).toBe('network error');
  });
});

describe('outcomeLabel', () => {
  it.each([
    [200, undefined, 'ok'],
    [502, undefined, 'http_502'],
    [429, undefined, 'http_429'],
    [0, 'timeout', 'timeout'],
    [0, 'connection refused', 'network_error'],
  ])('%i / %s → %s', (status, error, label) => {
    expect(outcomeLabel(status, error)).toBe(label);
  });
});
