import { InvalidRequestError } from '../common/errors/gateway-error';
import { chatRequestSchema } from '../conversion/openai/chat-request.schema';
import { parseBody } from './parse-body';

const valid = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

/** The InvalidRequestError parseBody throws for `body`. */
function rejectionOf(body: unknown): InvalidRequestError {
  try {
    parseBody(chatRequestSchema, body);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('parseBody accepted an invalid body');
}

describe('parseBody with the chat request schema', () => {
  it('returns a valid body', () => {
    expect(parseBody(chatRequestSchema, valid)).toEqual(valid);
  });

  it('passes unknown top-level and message fields through untouched', () => {
    const body = {
      ...valid,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }], cache_control: { a: 1 } },
      ],
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } },
      vendor: { nested: [1, null, 'x'] },
      stream_options: { include_usage: true, extra: 1 },
    };
    expect(parseBody(chatRequestSchema, body)).toEqual(body);
  });

  it('accepts null for optional fields, as some SDKs send them', () => {
    const body = { ...valid, temperature: null, stream: null, max_tokens: null, tools: null };
    expect(parseBody(chatRequestSchema, body)).toEqual(body);
  });

  it.each([
    ['null', null],
    ['an array', [valid]],
    ['a string', JSON.stringify(valid)],
    ['a number', 42],
  ])('rejects %s as the body', (_label, body) => {
    const err = rejectionOf(body);
    expect(err.status).toBe(400);
    expect(err.message).toBe('Request body must be a JSON object.');
    expect(err.param).toBeNull();
  });

  it('says a missing model is required, naming the param', () => {
    const err = rejectionOf({ messages: valid.messages });
    expect(err).toMatchObject({ status: 400, param: 'model', code: 'invalid_request' });
    expect(err.message).toBe("'model' is required.");
  });

  it('rejects a model that is not a string', () => {
    const err = rejectionOf({ ...valid, model: 4 });
    expect(err.param).toBe('model');
    expect(err.message).toMatch(/^Invalid 'model': .*string/);
  });

  it('rejects an empty model', () => {
    const err = rejectionOf({ ...valid, model: '' });
    expect(err.param).toBe('model');
    expect(err.message).toContain('must not be empty');
  });

  it('says missing messages are required', () => {
    const err = rejectionOf({ model: 'gpt-4o-mini' });
    expect(err.param).toBe('messages');
    expect(err.message).toBe("'messages' is required.");
  });

  it('rejects messages that are not an array', () => {
    const err = rejectionOf({ ...valid, messages: { role: 'user', content: 'Hi' } });
    expect(err.param).toBe('messages');
    expect(err.message).toMatch(/^Invalid 'messages': .*array/);
  });

  it('rejects an empty messages array', () => {
    const err = rejectionOf({ ...valid, messages: [] });
    expect(err.param).toBe('messages');
    expect(err.message).toContain('at least one message');
  });

  it('names the index of a bad message', () => {
    const err = rejectionOf({ ...valid, messages: [...valid.messages, { content: 'no role' }] });
    expect(err.param).toBe('messages.1.role');
  });

  it.each([
    ['temperature', '0.7', /must be a number/],
    ['stream', 'true', /must be a boolean/],
    ['tools', {}, /must be an array/],
    ['user', 42, /must be a string/],
  ])('rejects %s = %j with the wrong type, naming the param', (field, value, message) => {
    const err = rejectionOf({ ...valid, [field]: value });
    expect(err.param).toBe(field);
    expect(err.message).toMatch(new RegExp(`^Invalid '${field}': `));
    expect(err.message).toMatch(message);
  });

  // A number outside its range must not be told it "must be a number".
  it.each([
    ['temperature', 3, /2/],
    ['top_p', 1.5, /1/],
    ['max_tokens', 0, /0|positive/],
    ['max_tokens', 1.5, /int/i],
    ['n', -1, /0|positive/],
  ])('rejects %s = %j with a message about its range', (field, value, message) => {
    const err = rejectionOf({ ...valid, [field]: value });
    expect(err.param).toBe(field);
    expect(err.message).not.toContain('must be a number');
    expect(err.message.slice(`Invalid '${field}': `.length)).toMatch(message);
  });

  it('names a nested param inside stream_options', () => {
    const err = rejectionOf({ ...valid, stream_options: { include_usage: 'yes' } });
    expect(err.param).toBe('stream_options.include_usage');
  });
});
