import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { RecordedRequest } from '../fakes/fake-server';
import {
  EVERY_FORMAT_MODELS,
  EVERY_FORMAT_PROVIDERS,
  useConversionRig,
  type Fakes,
} from '../support/conversion-rig';

/**
 * A Codex-like tool list through the Responses API (the official `openai` SDK) to every
 * provider format: namespaced functions flattened for the provider and given back under their
 * namespace, a custom (freeform) tool as a one-string function, web search mapped to the
 * provider's own where it has one, and a hosted tool no provider has dropped and named in
 * x-switchboard-dropped-tools (or refused, with the model's `unsupported_tools: reject`).
 */

type Json = Record<string, unknown>;

/** A request Codex 0.171 sent (/work/notes/captures/codex-3.json, long texts shortened). */
const CODEX_REQUEST = join(
  __dirname,
  '../../src/conversion/openai-responses/__fixtures__/codex-request.json',
);
type Egress = 'openai' | 'azure' | 'anthropic' | 'gemini';

const TOOLS: OpenAI.Responses.Tool[] = [
  {
    type: 'namespace',
    name: 'functions',
    description: 'Workspace tools',
    tools: [
      {
        type: 'function',
        name: 'read_file',
        description: 'Read a file',
        parameters: { type: 'object', properties: { path: { type: 'string' } } },
      },
      {
        type: 'function',
        name: 'list_dir',
        description: 'List a directory',
        parameters: { type: 'object', properties: { path: { type: 'string' } } },
      },
    ],
  },
  {
    type: 'custom',
    name: 'apply_patch',
    description: 'Apply a patch',
    format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
  },
  { type: 'web_search' },
  { type: 'code_interpreter', container: { type: 'auto' } },
];

const FLAT_NAMES = ['functions__read_file', 'functions__list_dir', 'apply_patch'];
const DROPPED: Record<Egress, string> = {
  openai: 'code_interpreter,web_search',
  azure: 'code_interpreter,web_search',
  anthropic: 'code_interpreter',
  gemini: 'code_interpreter',
};
const MODEL: Record<Egress, string> = {
  openai: 'via-openai',
  azure: 'via-azure',
  anthropic: 'via-anthropic',
  gemini: 'via-gemini',
};

const fakeOf = (fakes: Fakes, egress: Egress) => fakes[egress === 'azure' ? 'openai' : egress];

/** The tools the upstream received, in its own format: function names and the rest. */
function sentTools(egress: Egress, sent: RecordedRequest): { functions: string[]; other: Json[] } {
  const tools = (sent.body?.tools ?? []) as Json[];
  if (egress === 'gemini') {
    const declarations = tools.flatMap((t) => (t.functionDeclarations ?? []) as Json[]);
    return {
      functions: declarations.map((d) => String(d.name)),
      other: tools.filter((t) => !('functionDeclarations' in t)),
    };
  }
  if (egress === 'anthropic') {
    return {
      functions: tools.filter((t) => t.type === undefined).map((t) => String(t.name)),
      other: tools.filter((t) => t.type !== undefined),
    };
  }
  return {
    functions: tools.map((t) => String((t.function as Json).name)),
    other: tools.filter((t) => t.type !== 'function'),
  };
}

/** The upstream's conversation as role + tool call names, in its own format. */
function sentCallNames(egress: Egress, sent: RecordedRequest): string[] {
  const body = sent.body ?? {};
  if (egress === 'gemini') {
    const contents = body.contents as { parts: Json[] }[];
    return contents.flatMap((c) =>
      c.parts.flatMap((p) => (p.functionCall ? [String((p.functionCall as Json).name)] : [])),
    );
  }
  const messages = body.messages as Json[];
  if (egress === 'anthropic') {
    return messages.flatMap((m) =>
      Array.isArray(m.content)
        ? (m.content as Json[]).filter((b) => b.type === 'tool_use').map((b) => String(b.name))
        : [],
    );
  }
  return messages.flatMap((m) =>
    ((m.tool_calls ?? []) as { function: { name: string } }[]).map((c) => c.function.name),
  );
}

describe('Responses tools (namespace, custom, hosted) across formats', () => {
  const rig = useConversionRig({
    keyName: 'responses-tools',
    providers: EVERY_FORMAT_PROVIDERS,
    models: EVERY_FORMAT_MODELS,
    configure: (gateway) =>
      gateway.adminOk('POST', '/admin/models', {
        name: 'strict-tools',
        targets: [{ provider: 'p-openai', model: 'gpt-up' }],
        unsupported_tools: 'reject',
      }),
  });

  describe.each<Egress>(['openai', 'azure', 'anthropic', 'gemini'])('→ %s', (egress) => {
    const model = MODEL[egress];

    it('flattens the tools for the provider, gives the call back under its namespace, and takes it back next turn', async () => {
      const fake = fakeOf(rig.fakes, egress);
      fake.behave({ toolCall: { name: 'functions__read_file', arguments: '{"path":"a.txt"}' } });
      const user = { role: 'user' as const, content: 'Read a.txt' };
      const { data: first, response } = await rig.sdks.openai.responses
        .create({ model, input: [user], tools: TOOLS })
        .withResponse();

      const sent = sentTools(egress, fake.chatRequests[0]);
      expect(sent.functions).toEqual(FLAT_NAMES);
      if (egress === 'anthropic') {
        expect(sent.other).toEqual([{ type: 'web_search_20250305', name: 'web_search' }]);
      } else if (egress === 'gemini') {
        expect(sent.other).toEqual([{ googleSearch: {} }]);
      } else expect(sent.other).toEqual([]);
      expect(response.headers.get('x-switchboard-dropped-tools')).toBe(DROPPED[egress]);

      expect(first.output).toHaveLength(1);
      const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
      expect(call).toMatchObject({
        type: 'function_call',
        name: 'read_file',
        namespace: 'functions',
        arguments: '{"path":"a.txt"}',
      });

      fake.behave({ content: 'It says hello.' });
      const second = await rig.sdks.openai.responses.create({
        model,
        tools: TOOLS,
        input: [
          user,
          {
            type: 'function_call',
            call_id: call.call_id,
            name: 'read_file',
            namespace: 'functions',
            arguments: call.arguments,
          },
          { type: 'function_call_output', call_id: call.call_id, output: 'hello' },
        ],
      });
      expect(second.output_text).toBe('It says hello.');
      expect(sentCallNames(egress, fake.chatRequests[1])).toEqual(['functions__read_file']);
    });

    it('streams a custom tool call as custom_tool_call with its input, dropped tools in the header', async () => {
      const fake = fakeOf(rig.fakes, egress);
      const patch = '*** Begin Patch\n*** End Patch';
      fake.behave({
        toolCall: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
      });
      const { data: stream, response } = await rig.sdks.openai.responses
        .create({ model, input: 'Patch it', tools: TOOLS, stream: true })
        .withResponse();
      expect(response.headers.get('x-switchboard-dropped-tools')).toBe(DROPPED[egress]);
      const types: string[] = [];
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.completed') completed = event.response;
      }
      expect(types).toContain('response.custom_tool_call_input.done');
      expect(completed?.output).toEqual([
        expect.objectContaining({ type: 'custom_tool_call', name: 'apply_patch', input: patch }),
      ]);
      expect(completed?.output[0]).not.toHaveProperty('namespace');

      // The custom call and its output go back upstream as a call of the one-string function.
      fake.behave({ content: 'Patched.' });
      const call = completed!.output[0] as OpenAI.Responses.ResponseCustomToolCall;
      const second = await rig.sdks.openai.responses.create({
        model,
        tools: TOOLS,
        input: [
          { role: 'user', content: 'Patch it' },
          { type: 'custom_tool_call', call_id: call.call_id, name: 'apply_patch', input: patch },
          { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done!' },
        ],
      });
      expect(second.output_text).toBe('Patched.');
      expect(sentCallNames(egress, fake.chatRequests[1])).toEqual(['apply_patch']);
    });
  });

  describe.each<'anthropic' | 'gemini'>(['anthropic', 'gemini'])('web search → %s', (egress) => {
    const search = { query: 'weather in Paris', url: 'https://weather.example/paris' };

    it('answers with a completed web_search_call item and the text', async () => {
      rig.fakes[egress].behave({ webSearch: search, content: 'Sunny in Paris.' });
      const answer = await rig.sdks.openai.responses.create({
        model: MODEL[egress],
        input: 'Weather in Paris?',
        tools: [{ type: 'web_search' }],
      });
      expect(answer.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
      expect(answer.output[0]).toMatchObject({
        status: 'completed',
        action: { type: 'search', sources: [{ type: 'url', url: search.url }] },
      });
      expect(answer.output_text).toBe('Sunny in Paris.');
    });

    it('streams the web_search_call events before the answer completes', async () => {
      rig.fakes[egress].behave({ webSearch: search, content: 'Sunny in Paris.' });
      const stream = await rig.sdks.openai.responses.create({
        model: MODEL[egress],
        input: 'Weather in Paris?',
        tools: [{ type: 'web_search' }],
        stream: true,
      });
      const types: string[] = [];
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.completed') completed = event.response;
      }
      expect(types).toContain('response.web_search_call.completed');
      expect(types.indexOf('response.web_search_call.completed')).toBeLessThan(
        types.indexOf('response.completed'),
      );
      expect(completed?.output.map((item) => item.type)).toContain('web_search_call');
      const message = completed?.output.find((item) => item.type === 'message');
      const text = message?.content.map((part) => (part.type === 'output_text' ? part.text : ''));
      expect(text?.join('')).toBe('Sunny in Paris.');
    });
  });

  it('web_search to OpenAI chat completions is dropped, never sent (it would be refused there)', async () => {
    const { data, response } = await rig.sdks.openai.responses
      .create({ model: 'via-openai', input: 'Hi', tools: [{ type: 'web_search_preview' }] })
      .withResponse();
    expect(data.output_text).toBeTruthy();
    expect(response.headers.get('x-switchboard-dropped-tools')).toBe('web_search_preview');
    expect(rig.fakes.openai.chatRequests[0].body?.tools).toBeUndefined();
  });

  it('a request without dropped tools has no x-switchboard-dropped-tools header', async () => {
    const { response } = await rig.sdks.openai.responses
      .create({ model: 'via-anthropic', input: 'Hi', tools: [{ type: 'web_search' }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-dropped-tools')).toBeNull();
  });

  it('unsupported_tools: reject refuses a tool the target cannot take, naming it (400)', async () => {
    const err = await rig.sdks.openai.responses
      .create({ model: 'strict-tools', input: 'Hi', tools: TOOLS })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.message).toMatch(/'code_interpreter', 'web_search'/);
    expect(bad.param).toBe('tools');
    expect(rig.fakes.openai.chatRequests).toHaveLength(0);
  });

  it('unsupported_tools: reject still takes namespaced and custom tools it can convert', async () => {
    const convertible = TOOLS.slice(0, 2);
    rig.fakes.openai.behave({ content: 'ok' });
    const answer = await rig.sdks.openai.responses.create({
      model: 'strict-tools',
      input: 'Hi',
      tools: convertible,
    });
    expect(answer.output_text).toBe('ok');
  });

  it.each<Egress>(['openai', 'anthropic', 'gemini'])(
    'a real Codex request (captured from codex exec: tools in additional_tools, custom tool call in history) → %s',
    async (egress) => {
      const captured = JSON.parse(
        readFileSync(CODEX_REQUEST, 'utf8'),
      ) as OpenAI.Responses.ResponseCreateParamsStreaming;
      const fake = fakeOf(rig.fakes, egress);
      fake.behave({
        toolCall: { name: 'functions__exec', arguments: '{"input":"await tools.ls()"}' },
      });
      const stream = await rig.sdks.openai.responses.create({ ...captured, model: MODEL[egress] });
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of stream) {
        if (event.type === 'response.completed') completed = event.response;
      }
      expect(completed?.output).toEqual([
        expect.objectContaining({
          type: 'custom_tool_call',
          name: 'exec',
          namespace: 'functions',
          input: 'await tools.ls()',
        }),
      ]);
      const sent = sentTools(egress, fake.chatRequests[0]);
      expect(sent.functions).toContain('collaboration__spawn_agent');
      expect(sentCallNames(egress, fake.chatRequests[0])).toEqual(['functions__exec']);
    },
  );

  it('the admin API shows the model setting', async () => {
    const model = await rig.gateway.adminOk<Json>('GET', '/admin/models/strict-tools');
    expect(model.unsupported_tools).toBe('reject');
    const other = await rig.gateway.adminOk<Json>('GET', '/admin/models/via-openai');
    expect(other.unsupported_tools).toBe('drop');
  });
});
