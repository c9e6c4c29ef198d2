import { InvalidRequestError } from '../../common/errors/gateway-error';
import type { CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { geminiProvider } from './index';
import { buildGenerateContentRequest, parseGenerateContentRequest } from './request';

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

describe('buildGenerateContentRequest (canonical → Gemini API)', () => {
  it('matches the golden upstream body', () => {
    const request = fixtureJson<CanonicalRequest>(__dirname, 'request.canonical.json');
    expect(
      geminiProvider.buildRequest(request, 'gemini-2.5-pro', { maxTokensField: 'max_tokens' }),
    ).toEqual(fixtureJson(__dirname, 'request.upstream.json'));
  });

  it('survives a round trip through canonical unchanged', () => {
    const body = fixtureJson(__dirname, 'request.roundtrip.json');
    expect(buildGenerateContentRequest(parse(body))).toEqual(body);
  });

  it('keeps the canonical request of the golden client fixture through Gemini and back', () => {
    const canonical = fixtureJson<CanonicalRequest>(__dirname, 'request.client.canonical.json');
    const again = parse(buildGenerateContentRequest(canonical));
    // Call ids do not go upstream, so compare: the call that had none comes back numbered, and
    // signed with the placeholder Gemini 3 needs for calls it did not make.
    const renumbered = 'call_2__thought__skip_thought_signature_validator';
    expect(JSON.parse(JSON.stringify(again.messages).replaceAll(renumbered, 'fc-7'))).toEqual(
      canonical.messages,
    );
    expect(again.tools).toEqual(canonical.tools);
    expect(again.toolChoice).toEqual(canonical.toolChoice);
  });

  it.each([
    ['minimal', 512],
    ['low', 1024],
    ['medium', 8192],
    ['high', 24576],
  ] as const)('turns effort %s into a thinking budget of %i', (effort, budget) => {
    const request = { ...parse({ contents: [user('a')] }), reasoning: { effort } };
    expect(buildGenerateContentRequest(request).generationConfig?.thinkingConfig).toEqual({
      thinkingBudget: budget,
      includeThoughts: true,
    });
  });

  it('asks for thoughts without a budget when reasoning names neither', () => {
    const request = { ...parse({ contents: [user('a')] }), reasoning: {} };
    expect(buildGenerateContentRequest(request).generationConfig).toEqual({
      thinkingConfig: { includeThoughts: true },
    });
  });

  it('sends a json_schema format as responseJsonSchema and no generationConfig when unset', () => {
    const base = parse({ contents: [user('a')] });
    expect(buildGenerateContentRequest(base)).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'a' }] }],
    });
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    const built = buildGenerateContentRequest({
      ...base,
      responseFormat: { type: 'json_schema', name: 'n', schema, strict: true },
    });
    expect(built.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });

  it('maps each toolChoice to functionCallingConfig, only when there are tools', () => {
    const base = { ...parse({ contents: [user('a')] }), tools: [{ name: 'f', parameters: {} }] };
    const config = (toolChoice: CanonicalRequest['toolChoice']) =>
      buildGenerateContentRequest({ ...base, toolChoice }).toolConfig?.functionCallingConfig;
    expect(config({ type: 'auto' })).toEqual({ mode: 'AUTO' });
    expect(config({ type: 'none' })).toEqual({ mode: 'NONE' });
    expect(config({ type: 'required' })).toEqual({ mode: 'ANY' });
    expect(config({ type: 'tool', name: 'f' })).toEqual({
      mode: 'ANY',
      allowedFunctionNames: ['f'],
    });
    expect(
      buildGenerateContentRequest({ ...base, tools: undefined, toolChoice: { type: 'none' } }),
    ).not.toHaveProperty('toolConfig');
  });

  it('rejects a tool result whose call it cannot name', () => {
    const request: CanonicalRequest = {
      ...parse({ contents: [user('a')] }),
      messages: [
        {
          role: 'tool',
          content: [
            { type: 'tool_result', toolCallId: 'x', content: [{ type: 'text', text: 'r' }] },
          ],
        },
      ],
    };
    expect(rejection(() => buildGenerateContentRequest(request)).status).toBe(400);
  });

  it("drops an assistant's empty text (OpenAI SDK 7 sends content: '' with tool calls)", () => {
    const request: CanonicalRequest = {
      ...parse({ contents: [user('a')] }),
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: '' },
            { type: 'tool_call', id: 'c', name: 'f', arguments: '{}' },
          ],
        },
      ],
    };
    expect(buildGenerateContentRequest(request).contents[1].parts).toEqual([
      { functionCall: { name: 'f', args: {} }, thoughtSignature: expect.any(String) },
    ]);
  });

  it('wraps results that are not a JSON object, whatever JSON they are', () => {
    const request: CanonicalRequest = {
      ...parse({ contents: [user('a')] }),
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool_result', toolCallId: 'c', content: [{ type: 'text', text: '[1,2]' }] },
          ],
        },
      ],
    };
    expect(buildGenerateContentRequest(request).contents[1].parts).toEqual([
      { functionResponse: { name: 'f', response: { result: '[1,2]' } } },
    ]);
  });
});
