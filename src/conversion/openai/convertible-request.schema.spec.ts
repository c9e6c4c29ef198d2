import { InvalidRequestError } from '../../common/errors/gateway-error';
import { parseChatRequest } from './request';

/** A minimal valid body with `messages` replaced. */
const withMessages = (messages: unknown[]) => ({ model: 'smart', messages });
const user = (content: unknown) => ({ role: 'user', content });

/** The InvalidRequestError parseChatRequest throws for `body`. */
function rejectionOf(body: unknown): InvalidRequestError {
  try {
    parseChatRequest(body);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('parseChatRequest accepted an invalid body');
}

describe('parseChatRequest validation (convertible request schema)', () => {
  it('accepts n = 1 and rejects n > 1, which only an OpenAI target can serve', () => {
    expect(() => parseChatRequest({ ...withMessages([user('Hi')]), n: 1 })).not.toThrow();
    const err = rejectionOf({ ...withMessages([user('Hi')]), n: 2 });
    expect(err).toMatchObject({ status: 400, param: 'n', code: 'unsupported_parameter' });
    expect(err.message).toMatch(/only supported when the target speaks OpenAI/);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'an unknown role',
      withMessages([user('a'), user('b'), { role: 'narrator', content: 'c' }]),
      'messages.2.role',
      /must be one of 'system', 'developer', 'user', 'assistant', 'tool'/,
    ],
    ['a message without role', withMessages([{ content: 'x' }]), 'messages.0.role', /one of/],
    [
      'a tool message without tool_call_id',
      withMessages([user('a'), { role: 'tool', content: 'x' }]),
      'messages.1.tool_call_id',
      /^'messages\.1\.tool_call_id' is required\.$/,
    ],
    [
      'an image_url without url',
      withMessages([
        user([
          { type: 'text', text: 'x' },
          { type: 'image_url', image_url: {} },
        ]),
      ]),
      'messages.0.content.1.image_url.url',
      /is required/,
    ],
    [
      'a content part conversion cannot carry',
      withMessages([user([{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }])]),
      'messages.0.content.0.type',
      /'text', 'image_url' \(other values are only supported when the target speaks OpenAI\)/,
    ],
    [
      'content that is neither string nor parts',
      withMessages([user(42)]),
      'messages.0.content',
      /must be a string or an array of content parts/,
    ],
    [
      'a user message without content',
      withMessages([{ role: 'user' }]),
      'messages.0.content',
      /required/,
    ],
    [
      'tool call arguments that are not a string',
      withMessages([
        user('a'),
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
        },
      ]),
      'messages.1.tool_calls.0.function.arguments',
      /must be a string/,
    ],
    [
      'a tool that is not a function',
      { ...withMessages([user('a')]), tools: [{ type: 'custom', custom: { name: 'x' } }] },
      'tools.0.type',
      /must be 'function'/,
    ],
    [
      'an unknown tool_choice',
      { ...withMessages([user('a')]), tool_choice: 'any' },
      'tool_choice',
      /must be 'auto', 'none', 'required'/,
    ],
    [
      'an unknown response_format type',
      { ...withMessages([user('a')]), response_format: { type: 'yaml' } },
      'response_format.type',
      /'text', 'json_object', 'json_schema'/,
    ],
    ['stop that is a number', { ...withMessages([user('a')]), stop: 5 }, 'stop', /string/],
    [
      'an unknown reasoning_effort',
      { ...withMessages([user('a')]), reasoning_effort: 'ultra' },
      'reasoning_effort',
      /must be one of/,
    ],
    [
      'presence_penalty out of range',
      { ...withMessages([user('a')]), presence_penalty: 3 },
      'presence_penalty',
      /2/,
    ],
  ])('rejects %s, naming the param', (_label, body, param, message) => {
    const err = rejectionOf(body);
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
    expect(err.message).toMatch(message);
  });

  it('keeps the gateway-wide checks of the passthrough schema', () => {
    expect(rejectionOf({ messages: [user('Hi')] }).param).toBe('model');
    expect(rejectionOf({ ...withMessages([user('Hi')]), temperature: 5 }).param).toBe(
      'temperature',
    );
  });
});
