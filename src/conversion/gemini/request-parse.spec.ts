import { InvalidRequestError } from '../../common/errors/gateway-error';
import type { CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { geminiClient } from './index';
import { parseGenerateContentRequest } from './request';

const context = { pathModel: 'models/gemini-2.5-flash', pathStream: false };

function parse(body: unknown, ctx = context): CanonicalRequest {
  return parseGenerateContentRequest(body, ctx);
}

function user(text: string) {
  return { role: 'user', parts: [{ text }] };
}

/** The InvalidRequestError a call throws (fails the test when it throws nothing). */
function rejection(call: () => unknown): InvalidRequestError {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRequestError);
    return e as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('parseGenerateContentRequest (Gemini client → canonical)', () => {
  it('matches the golden canonical request', () => {
    expect(
      geminiClient.parseRequest(fixtureJson(__dirname, 'request.client.json'), context),
    ).toEqual(fixtureJson(__dirname, 'request.client.canonical.json'));
  });

  it('takes the model and streaming from the path', () => {
    const request = parse(
      { contents: [user('Hi')] },
      { pathModel: 'gemini-2.0-flash', pathStream: true },
    );
    expect(request.model).toBe('gemini-2.0-flash');
    expect(request.stream).toBe(true);
    expect(request.system).toEqual([]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('reads snake_case fields and a bare-string system instruction', () => {
    const request = parse({
      system_instruction: 'Be terse.',
      contents: [
        { role: 'user', parts: [{ inline_data: { mime_type: 'image/jpeg', data: 'AAAA' } }] },
      ],
      generation_config: { max_output_tokens: 9, stop_sequences: ['x'] },
      tool_config: { function_calling_config: { mode: 'NONE' } },
    });
    expect(request.system).toEqual([{ type: 'text', text: 'Be terse.' }]);
    expect(request.messages[0].content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' } },
    ]);
    expect(request).toMatchObject({ maxTokens: 9, stop: ['x'], toolChoice: { type: 'none' } });
  });

  it('splits a user turn mixing functionResponse and text into a tool message then a user message', () => {
    const request = parse({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
        {
          role: 'user',
          parts: [{ text: 'Here:' }, { functionResponse: { name: 'f', response: { ok: 1 } } }],
        },
      ],
    });
    expect(request.messages.map((m) => m.role)).toEqual(['assistant', 'tool', 'user']);
    expect(request.messages[1].content[0]).toMatchObject({ toolCallId: 'call_0', name: 'f' });
  });

  it('pairs parallel calls to one function with their responses in order, latest turn first', () => {
    const call = (city: string) => ({ functionCall: { name: 'w', args: { city } } });
    const answer = (t: number) => ({ functionResponse: { name: 'w', response: { t } } });
    const request = parse({
      contents: [
        { role: 'model', parts: [call('Oslo')] },
        user('never mind'),
        { role: 'model', parts: [call('Rome'), call('Lima')] },
        { role: 'user', parts: [answer(20), answer(25), answer(1)] },
      ],
    });
    const results = request.messages[3].content.map((p) =>
      p.type === 'tool_result' ? p.toolCallId : '',
    );
    // call_0 (Oslo) was never answered in its turn; the latest turn's calls are answered first.
    expect(results).toEqual(['call_1', 'call_2', 'call_0']);
  });

  it('pairs a nameless functionResponse by id and keeps the images a tool returned', () => {
    const request = parse({
      contents: [
        { role: 'model', parts: [{ functionCall: { id: 'a1', name: 'shot', args: {} } }] },
        {
          role: 'user',
          parts: [
            {
              functionResponse: {
                id: 'a1',
                response: { ok: true },
                parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBO' } }],
              },
            },
          ],
        },
      ],
    });
    expect(request.messages[1].content).toEqual([
      {
        type: 'tool_result',
        toolCallId: 'a1',
        name: 'shot',
        content: [
          { type: 'text', text: '{"ok":true}' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
        ],
      },
    ]);
  });

  it('drops the empty text part Gemini ends some answers with', () => {
    const request = parse({
      contents: [
        user('Hi'),
        { role: 'model', parts: [{ text: 'Hello' }, { text: '' }] },
        user('Bye'),
      ],
    });
    expect(request.messages[1].content).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it.each([
    [{ contents: [{ role: 'model', parts: [{ functionCall: { name: 'f' } }] }] }, '{}'],
    [
      { contents: [{ role: 'model', parts: [{ functionCall: { name: 'f', args: { a: [1] } } }] }] },
      '{"a":[1]}',
    ],
  ])('writes function args as JSON text (%#)', (body, args) => {
    expect(parse(body).messages[0].content[0]).toMatchObject({
      type: 'tool_call',
      arguments: args,
    });
  });

  it.each<[string, unknown, string]>([
    ['a body that is not an object', 'hello', ''],
    ['missing contents', {}, 'contents'],
    ['contents not an array', { contents: 'Hi' }, 'contents'],
    ['empty contents', { contents: [] }, 'contents'],
    [
      'a role other than user/model',
      { contents: [{ role: 'system', parts: [] }] },
      'contents[0].role',
    ],
    ['parts not an array', { contents: [{ role: 'user', parts: 'Hi' }] }, 'contents[0].parts'],
    [
      'a part with no known field',
      { contents: [{ role: 'user', parts: [{ foo: 1 }] }] },
      'contents[0].parts[0]',
    ],
    [
      'unsupported executable code',
      { contents: [user('a'), { role: 'model', parts: [{ executableCode: { code: '1' } }] }] },
      'contents[1].parts[0]',
    ],
    [
      'a functionCall in a user turn',
      { contents: [{ role: 'user', parts: [{ functionCall: { name: 'f', args: {} } }] }] },
      'contents[0].parts[0]',
    ],
    [
      'a functionResponse that answers nothing',
      { contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }] },
      'contents[0].parts[0].functionResponse',
    ],
    [
      'audio',
      {
        contents: [
          { role: 'user', parts: [{ inlineData: { mimeType: 'audio/wav', data: 'AA' } }] },
        ],
      },
      'contents[0].parts[0]',
    ],
    [
      'a non-text system part',
      { systemInstruction: { parts: [{ inlineData: {} }] }, contents: [user('a')] },
      'systemInstruction.parts[0]',
    ],
    [
      'candidateCount 2',
      { contents: [user('a')], generationConfig: { candidateCount: 2 } },
      'generationConfig.candidateCount',
    ],
    [
      'a string temperature',
      { contents: [user('a')], generationConfig: { temperature: 'hot' } },
      'generationConfig.temperature',
    ],
    [
      'stopSequences not strings',
      { contents: [user('a')], generationConfig: { stopSequences: [1] } },
      'generationConfig.stopSequences',
    ],
    [
      'an enum response type',
      { contents: [user('a')], generationConfig: { responseMimeType: 'text/x.enum' } },
      'generationConfig.responseMimeType text/x.enum',
    ],
    [
      'an unknown thinking level',
      { contents: [user('a')], generationConfig: { thinkingConfig: { thinkingLevel: 'max' } } },
      'generationConfig.thinkingConfig.thinkingLevel',
    ],
    [
      'an unknown tool kind',
      { contents: [user('a')], tools: [{ enterpriseWebSearch: {} }] },
      'tools[0].enterpriseWebSearch',
    ],
    [
      'a nameless function',
      { contents: [user('a')], tools: [{ functionDeclarations: [{}] }] },
      'tools[0].functionDeclarations[0].name',
    ],
    [
      'an unknown calling mode',
      { contents: [user('a')], toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } },
      'toolConfig.functionCallingConfig.mode',
    ],
    [
      'cached content',
      { contents: [user('a')], cachedContent: 'cachedContents/1' },
      'cachedContent',
    ],
  ])('rejects %s with a 400 naming the field', (_what, body, param) => {
    const error = rejection(() => parse(body));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param === '' ? null : param);
  });

  it('says unknown tool kinds are not supported yet', () => {
    const body = { contents: [user('a')], tools: [{ enterpriseWebSearch: {} }] };
    expect(rejection(() => parse(body)).message).toContain('not supported by this gateway yet');
  });

  it('reads Google Search as a hosted web search, other built-in tools as unsupported', () => {
    const request = parse({
      contents: [user('a')],
      tools: [
        { functionDeclarations: [{ name: 'f' }] },
        { googleSearch: {} },
        { codeExecution: {}, urlContext: {} },
      ],
    });
    expect(request.tools?.map((t) => t.name)).toEqual(['f']);
    expect(request.hostedTools).toEqual([{ type: 'web_search', name: 'googleSearch' }]);
    expect(request.unsupportedTools).toEqual(['codeExecution', 'urlContext']);
  });

  it('rejects a request whose path names no model', () => {
    expect(rejection(() => parse({ contents: [user('a')] }, {} as never)).param).toBe('model');
  });

  it.each([
    [{ mode: 'AUTO' }, { type: 'auto' }],
    [{ mode: 'VALIDATED' }, { type: 'auto' }],
    [{ mode: 'NONE' }, { type: 'none' }],
    [{ mode: 'ANY' }, { type: 'required' }],
    [{ mode: 'ANY', allowedFunctionNames: ['a', 'b'] }, { type: 'required' }],
    [
      { mode: 'ANY', allowedFunctionNames: ['a'] },
      { type: 'tool', name: 'a' },
    ],
  ])('maps functionCallingConfig %j to toolChoice %j', (config, choice) => {
    const body = { contents: [user('a')], toolConfig: { functionCallingConfig: config } };
    expect(parse(body).toolChoice).toEqual(choice);
  });

  it.each([
    [{ thinkingBudget: 0, includeThoughts: true }, undefined],
    [{ thinkingBudget: -1 }, {}],
    [{ includeThoughts: true }, {}],
    [{ includeThoughts: false }, undefined],
    [{ thinkingBudget: 500 }, { budgetTokens: 500 }],
    [{ thinkingLevel: 'HIGH' }, { effort: 'high' }],
    [
      { thinkingLevel: 'low', thinkingBudget: 300 },
      { effort: 'low', budgetTokens: 300 },
    ],
  ])('maps thinkingConfig %j to reasoning %j', (thinkingConfig, reasoning) => {
    const body = { contents: [user('a')], generationConfig: { thinkingConfig } };
    expect(parse(body).reasoning).toEqual(reasoning);
  });

  it.each([
    [{ responseMimeType: 'text/plain' }, undefined],
    [{ responseMimeType: 'application/json' }, { type: 'json_object' }],
    [
      { responseMimeType: 'application/json', responseJsonSchema: { type: 'integer' } },
      { type: 'json_schema', schema: { type: 'integer' } },
    ],
  ])('maps %j to responseFormat %j', (generationConfig, format) => {
    expect(parse({ contents: [user('a')], generationConfig }).responseFormat).toEqual(format);
  });
});
