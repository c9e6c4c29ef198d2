import { InvalidRequestError } from '../../common/errors/gateway-error';
import type { CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseResponsesRequest } from './request';

/** A minimal valid body with `input` replaced. */
const withInput = (input: unknown, extra: Record<string, unknown> = {}) => ({
  model: 'smart',
  input,
  ...extra,
});

/** The InvalidRequestError parseResponsesRequest throws for `body`. */
function rejectionOf(body: unknown): InvalidRequestError {
  try {
    parseResponsesRequest(body);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('parseResponsesRequest accepted an invalid body');
}

describe('parseResponsesRequest', () => {
  it('reads every convertible field of a full request (golden)', () => {
    const body = fixtureJson(__dirname, 'request-full.json');
    const expected = fixtureJson<CanonicalRequest>(__dirname, 'request-full.canonical.json');
    expect(parseResponsesRequest(body)).toStrictEqual(expected);
  });

  it('reads a string input as one user message and leaves unset fields out', () => {
    expect(parseResponsesRequest(withInput('Hi'))).toStrictEqual({
      model: 'smart',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: false,
    });
  });

  it('treats null optional fields as unset, as some SDKs send them', () => {
    const nulls = { instructions: null, tools: null, temperature: null, text: null, user: null };
    expect(parseResponsesRequest(withInput('Hi', nulls))).toStrictEqual(
      parseResponsesRequest(withInput('Hi')),
    );
  });

  it('ignores `store`: nothing is stored either way', () => {
    expect(parseResponsesRequest(withInput('Hi', { store: true }))).toStrictEqual(
      parseResponsesRequest(withInput('Hi', { store: false })),
    );
  });

  it('puts instructions before leading system messages; later ones stay in place', () => {
    const body = withInput(
      [
        { role: 'system', content: [{ type: 'input_text', text: 'B' }] },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'C' },
        { role: 'user', content: 'Go on' },
      ],
      { instructions: 'A' },
    );
    const parsed = parseResponsesRequest(body);
    expect(parsed.system.map((p) => p.text)).toEqual(['A', 'B']);
    expect(parsed.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', developer: true, content: [{ type: 'text', text: 'C' }] },
      { role: 'user', content: [{ type: 'text', text: 'Go on' }] },
    ]);
  });

  it('joins a run of reasoning, assistant and function_call items into one assistant turn', () => {
    const { messages } = parseResponsesRequest(
      withInput([
        { role: 'user', content: 'Hi' },
        { type: 'reasoning', summary: [] },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
        { type: 'function_call_output', call_id: 'c1', output: 'done' },
        { type: 'function_call_output', call_id: 'unknown', output: 'x' },
      ]),
    );
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    // A reasoning item without summary text adds nothing; a refusal reads as text.
    expect(messages[1].content).toEqual([
      { type: 'text', text: 'No.' },
      { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' },
    ]);
    // Each result is named after its call; a call not in the input leaves the name out.
    expect(messages[2].content).toEqual([
      {
        type: 'tool_result',
        toolCallId: 'c1',
        name: 'f',
        content: [{ type: 'text', text: 'done' }],
      },
      { type: 'tool_result', toolCallId: 'unknown', content: [{ type: 'text', text: 'x' }] },
    ]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'required' }],
    [
      { type: 'function', name: 'f' },
      { type: 'tool', name: 'f' },
    ],
  ])('reads tool_choice %j', (choice, expected) => {
    expect(parseResponsesRequest(withInput('Hi', { tool_choice: choice })).toolChoice).toEqual(
      expected,
    );
  });

  it.each([
    ['minimal', { effort: 'minimal' }],
    ['medium', { effort: 'medium' }],
    ['xhigh', { effort: 'high' }],
    ['none', undefined],
  ])('reads reasoning.effort %s', (effort, expected) => {
    expect(parseResponsesRequest(withInput('Hi', { reasoning: { effort } })).reasoning).toEqual(
      expected,
    );
  });

  it.each([
    [{ type: 'text' }, { type: 'text' }],
    [{ type: 'json_object' }, { type: 'json_object' }],
    [
      { type: 'json_schema', name: 'x' },
      { type: 'json_schema', name: 'x', schema: {} },
    ],
  ])('reads text.format %j', (format, expected) => {
    const parsed = parseResponsesRequest(withInput('Hi', { text: { format } }));
    expect(parsed.responseFormat).toEqual(expected);
  });

  it('reads safety_identifier as the end user when `user` is absent', () => {
    expect(parseResponsesRequest(withInput('Hi', { safety_identifier: 's-1' })).user).toBe('s-1');
    const both = withInput('Hi', { user: 'u-1', safety_identifier: 's-1' });
    expect(parseResponsesRequest(both).user).toBe('u-1');
  });
});

describe('parseResponsesRequest validation', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['no model', { input: 'Hi' }, 'model', /^'model' is required\.$/],
    ['no input', { model: 'smart' }, 'input', /^'input' is required\.$/],
    ['an empty input', withInput([]), 'input', /at least one item/],
    ['input that is neither', withInput(42), 'input', /a string or an array of input items/],
    [
      'a built-in tool call item',
      withInput([{ type: 'file_search_call', id: 'fs_1', status: 'completed', queries: [] }]),
      'input.0.type',
      /'message', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output', 'reasoning', 'web_search_call', 'additional_tools' \(built-in tool items and item references are not supported/,
    ],
    [
      'an item reference (stored state)',
      withInput([
        { role: 'user', content: 'Hi' },
        { type: 'item_reference', id: 'msg_1' },
      ]),
      'input.1.type',
      /item references are not supported/,
    ],
    [
      'an unknown role',
      withInput([{ role: 'narrator', content: 'x' }]),
      'input.0.role',
      /'user', 'assistant', 'system', 'developer'/,
    ],
    [
      'an image by file id',
      withInput([{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }]),
      'input.0.content.0.file_id',
      /file ids are not supported by this gateway/,
    ],
    [
      'an image without url',
      withInput([{ role: 'user', content: [{ type: 'input_image', detail: 'auto' }] }]),
      'input.0.content.0.image_url',
      /is required/,
    ],
    [
      'a file part',
      withInput([{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }]),
      'input.0.content.0.type',
      /'input_text', 'input_image' \(other types are not supported by this gateway\)/,
    ],
    [
      'an image in tool output',
      withInput([
        {
          type: 'function_call_output',
          call_id: 'c1',
          output: [{ type: 'input_image', image_url: 'https://x/y.png' }],
        },
      ]),
      'input.0.output.0.type',
      /images and files in tool output are not supported by this gateway/,
    ],
    [
      'a function_call without call_id',
      withInput([{ type: 'function_call', name: 'f', arguments: '{}' }]),
      'input.0.call_id',
      /is required/,
    ],
    [
      'a tool without type',
      withInput('Hi', { tools: [{ name: 'f' }] }),
      'tools.0.type',
      /is required/,
    ],
    [
      'a namespace member without name',
      withInput('Hi', {
        tools: [{ type: 'namespace', name: 'ns', tools: [{ type: 'function' }] }],
      }),
      'tools.0.tools.0.name',
      /is required/,
    ],
    [
      'a web_search tool with a bad filter',
      withInput('Hi', { tools: [{ type: 'web_search', filters: { allowed_domains: 'a.com' } }] }),
      'tools.0.filters.allowed_domains',
      /must be an array of strings/,
    ],
    [
      'a tool_choice that is no choice',
      withInput('Hi', { tool_choice: 42 }),
      'tool_choice',
      /must be 'auto', 'none', 'required', \{type: 'function' \| 'custom', name\}/,
    ],
    [
      'an unknown text format',
      withInput('Hi', { text: { format: { type: 'grammar' } } }),
      'text.format.type',
      /'text', 'json_object', 'json_schema'/,
    ],
    [
      'an unknown effort',
      withInput('Hi', { reasoning: { effort: 'extreme' } }),
      'reasoning.effort',
      /must be one of/,
    ],
    [
      'a negative max_output_tokens',
      withInput('Hi', { max_output_tokens: -1 }),
      'max_output_tokens',
      /./,
    ],
  ])('rejects %s, naming the param', (_case, body, param, message) => {
    const err = rejectionOf(body);
    expect(err).toMatchObject({ status: 400, param });
    expect(err.message).toMatch(message);
  });

  it.each([
    ['previous_response_id', 'resp_1', /stores no responses, so send the whole conversation/],
    ['conversation', 'conv_1', /stores no responses/],
    ['prompt', { id: 'pmpt_1' }, /stored prompt templates/],
    ['background', true, /stores no responses/],
  ])('refuses %s, which needs state kept on OpenAI', (param, value, message) => {
    const err = rejectionOf(withInput('Hi', { [param]: value }));
    expect(err).toMatchObject({ status: 400, param, code: 'unsupported_parameter' });
    expect(err.message).toMatch(message);
  });

  it('accepts those parameters at their stateless values', () => {
    const body = withInput('Hi', { previous_response_id: null, background: false });
    expect(() => parseResponsesRequest(body)).not.toThrow();
  });
});
