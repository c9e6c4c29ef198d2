import { InvalidRequestError } from '../../common/errors/gateway-error';
import type { CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseCompletionsRequest } from './request';

/** A minimal valid body, plus `extra`. */
const body = (extra: Record<string, unknown> = {}) => ({ model: 'smart', prompt: 'Hi', ...extra });

/** The InvalidRequestError parseCompletionsRequest throws for `value`. */
function rejectionOf(value: unknown): InvalidRequestError {
  try {
    parseCompletionsRequest(value);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('parseCompletionsRequest accepted an invalid body');
}

describe('parseCompletionsRequest', () => {
  it('reads every convertible field of a full request (golden)', () => {
    const expected = fixtureJson<CanonicalRequest>(__dirname, 'request-full.canonical.json');
    expect(parseCompletionsRequest(fixtureJson(__dirname, 'request-full.json'))).toStrictEqual(
      expected,
    );
  });

  it('sends the prompt as one user message and leaves unset fields out', () => {
    expect(parseCompletionsRequest(body())).toStrictEqual({
      model: 'smart',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: false,
    });
  });

  it('treats null optional fields as unset, as some SDKs send them', () => {
    const nulls = { max_tokens: null, stop: null, temperature: null, user: null, seed: null };
    expect(parseCompletionsRequest(body(nulls))).toStrictEqual(parseCompletionsRequest(body()));
  });

  it('accepts the refused parameters at their defaults', () => {
    const defaults = { suffix: '', echo: false, logprobs: null, best_of: 1, n: 1 };
    expect(parseCompletionsRequest(body(defaults))).toStrictEqual(parseCompletionsRequest(body()));
  });
});

describe('parseCompletionsRequest validation', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['no model', { prompt: 'Hi' }, 'model', /^'model' is required\.$/],
    ['no prompt', { model: 'smart' }, 'prompt', /^'prompt' is required\.$/],
    ['several prompts', body({ prompt: ['a', 'b'] }), 'prompt', /one string/],
    ['a token array', body({ prompt: [1212, 318] }), 'prompt', /token arrays are not supported/],
    ['a temperature out of range', body({ temperature: 3 }), 'temperature', /./],
    ['a stop that is not text', body({ stop: 42 }), 'stop', /a string or an array of strings/],
  ])('rejects %s, naming the param', (_case, value, param, message) => {
    const err = rejectionOf(value);
    expect(err).toMatchObject({ status: 400, param });
    expect(err.message).toMatch(message);
  });

  it.each<[string, unknown, RegExp]>([
    ['suffix', ' and so on', /cannot fill in text/],
    ['echo', true, /cannot echo the prompt/],
    ['logprobs', 0, /log probabilities are not carried through/],
    ['best_of', 3, /one answer/],
    ['n', 2, /one answer/],
  ])('refuses %s set to %j, which a chat model cannot honour', (param, value, message) => {
    const err = rejectionOf(body({ [param]: value }));
    expect(err).toMatchObject({ status: 400, param, code: 'unsupported_parameter' });
    expect(err.message).toMatch(new RegExp(`^'${param}' is not supported by this gateway: `));
    expect(err.message).toMatch(message);
  });
});
