import { InvalidRequestError } from '../../common/errors/gateway-error';
import { parseMessagesRequest } from './request';

const minimal = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Hi' }],
};

/** The 400 a body gets: its param and message. */
function rejection(body: unknown): { param: string | null; message: string } {
  try {
    parseMessagesRequest(body);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    const e = err as InvalidRequestError;
    expect(e.status).toBe(400);
    return { param: e.param, message: e.message };
  }
  throw new Error('expected a 400');
}

describe('parseMessagesRequest rejects what Anthropic rejects, naming the parameter', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['a non-object body', 'hello', '', /JSON object/],
    ['missing model', { ...minimal, model: undefined }, 'model', /Field required/],
    ['empty model', { ...minimal, model: '' }, 'model', /at least 1 character/],
    ['missing max_tokens', { ...minimal, max_tokens: undefined }, 'max_tokens', /Field required/],
    ['zero max_tokens', { ...minimal, max_tokens: 0 }, 'max_tokens', /greater than or equal to 1/],
    ['fractional max_tokens', { ...minimal, max_tokens: 1.5 }, 'max_tokens', /valid integer/],
    ['string max_tokens', { ...minimal, max_tokens: '10' }, 'max_tokens', /valid integer/],
    ['missing messages', { ...minimal, messages: undefined }, 'messages', /Field required/],
    ['messages not a list', { ...minimal, messages: {} }, 'messages', /valid list/],
    ['no messages', { ...minimal, messages: [] }, 'messages', /at least 1 item/],
    [
      'an unknown role in messages',
      { ...minimal, messages: [{ role: 'tool', content: 'x' }] },
      'messages.0.role',
      /'user', 'assistant' or 'system'/,
    ],
    [
      'a system message with a non-text block',
      {
        ...minimal,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'u' } }] },
        ],
      },
      'messages.1.content.0.type',
      /expected tags: 'text'/,
    ],
    [
      'a message without content',
      { ...minimal, messages: [{ role: 'user' }] },
      'messages.0.content',
      /Field required/,
    ],
    [
      'an unknown block type',
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
      'messages.0.content.0.type',
      /'video'.*does not match/,
    ],
    [
      'a document block',
      {
        ...minimal,
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'document', source: {} },
            ],
          },
        ],
      },
      'messages.1.content.1.type',
      /not supported by this gateway yet/,
    ],
    [
      'a server tool block in history',
      { ...minimal, messages: [{ role: 'assistant', content: [{ type: 'server_tool_use' }] }] },
      'messages.0.content.0.type',
      /not supported by this gateway yet/,
    ],
    [
      'a text block without text',
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages.0.content.0.text',
      /Field required/,
    ],
    [
      'an image of an unsupported media type',
      {
        ...minimal,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'x' } },
            ],
          },
        ],
      },
      'messages.0.content.0.source.media_type',
      /image\/jpeg/,
    ],
    [
      'a tool_use in a user message',
      {
        ...minimal,
        messages: [
          { role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] },
        ],
      },
      'messages.0.content.0.type',
      /assistant messages/,
    ],
    [
      'a tool_use whose input is not an object',
      {
        ...minimal,
        messages: [
          { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: '{}' }] },
        ],
      },
      'messages.0.content.0.input',
      /valid dictionary/,
    ],
    [
      'a tool_result in an assistant message',
      {
        ...minimal,
        messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'a' }] }],
      },
      'messages.0.content.0.type',
      /user messages/,
    ],
    [
      'a document inside a tool_result',
      {
        ...minimal,
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'document' }] }],
          },
        ],
      },
      'messages.0.content.0.content.0.type',
      /not supported by this gateway yet/,
    ],
    [
      'a thinking block without signature',
      {
        ...minimal,
        messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x' }] }],
      },
      'messages.0.content.0.signature',
      /Field required/,
    ],
    [
      'a server tool without name',
      { ...minimal, tools: [{ type: 'code_execution_20250522' }] },
      'tools.0.name',
      /Field required/,
    ],
    [
      'a tool without input_schema',
      { ...minimal, tools: [{ name: 'f' }] },
      'tools.0.input_schema',
      /Field required/,
    ],
    [
      'a non-text system block',
      { ...minimal, system: [{ type: 'image' }] },
      'system.0.type',
      /does not match/,
    ],
    [
      'an unknown tool_choice',
      { ...minimal, tool_choice: { type: 'some' } },
      'tool_choice.type',
      /'auto'/,
    ],
    [
      'tool_choice tool without name',
      { ...minimal, tool_choice: { type: 'tool' } },
      'tool_choice.name',
      /Field required/,
    ],
    [
      'a thinking budget below 1024',
      { ...minimal, thinking: { type: 'enabled', budget_tokens: 100 } },
      'thinking.budget_tokens',
      /greater than or equal to 1024/,
    ],
    [
      'an unknown thinking type',
      { ...minimal, thinking: { type: 'on' } },
      'thinking.type',
      /'enabled'/,
    ],
    [
      'temperature above 1',
      { ...minimal, temperature: 1.5 },
      'temperature',
      /less than or equal to 1/,
    ],
    [
      'a non-string stop sequence',
      { ...minimal, stop_sequences: ['a', 1] },
      'stop_sequences.1',
      /valid string/,
    ],
    ['a non-boolean stream', { ...minimal, stream: 'yes' }, 'stream', /valid boolean/],
    [
      'a non-string user id',
      { ...minimal, metadata: { user_id: 5 } },
      'metadata.user_id',
      /valid string/,
    ],
  ])('rejects %s', (_name, body, param, message) => {
    const error = rejection(body);
    expect(error.param).toBe(param || null);
    expect(error.message).toMatch(message);
    if (param) expect(error.message.startsWith(`${param}: `)).toBe(true);
  });
});
