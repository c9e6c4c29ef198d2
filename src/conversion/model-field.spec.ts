import {
  BODY_MODEL_FIELD,
  modelAt,
  renameModel,
  streamModelField,
  withoutNullField,
} from './model-field';

const rename = (text: string, path: readonly string[], name: string) =>
  renameModel(text, JSON.parse(text), path, name);

describe('renameModel', () => {
  it("replaces the top-level model in place, keeping the upstream's bytes elsewhere", () => {
    const text =
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",' +
      '"choices":[{"index":0,"delta":{"content":"1.0e0"}}],"x":1.50}';
    expect(rename(text, ['model'], 'gpt-4o')).toBe(
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",' +
        '"choices":[{"index":0,"delta":{"content":"1.0e0"}}],"x":1.50}',
    );
  });

  it('keeps whitespace around the colon (pretty-printed bodies)', () => {
    const text = '{\n  "candidates": [],\n  "modelVersion" :  "gemini-2.5-flash-001"\n}';
    expect(rename(text, ['modelVersion'], 'gemini-pro')).toBe(
      '{\n  "candidates": [],\n  "modelVersion" :  "gemini-pro"\n}',
    );
  });

  it('writes the new name JSON-escaped', () => {
    const text = '{"model":"m"}';
    const out = rename(text, ['model'], 'we"ird\\name\n');
    expect(JSON.parse(out)).toEqual({ model: 'we"ird\\name\n' });
  });

  it('renames the nested model of an Anthropic message_start', () => {
    const text =
      '{"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-20250514","content":[]}}';
    expect(JSON.parse(rename(text, ['message', 'model'], 'claude-sonnet-4'))).toEqual({
      type: 'message_start',
      message: { id: 'msg_1', model: 'claude-sonnet-4', content: [] },
    });
  });

  it("never touches a nested key of the same name (a tool's arguments)", () => {
    const text =
      '{"model":"claude-x","content":[{"type":"tool_use","input":{"model":"claude-x"}}]}';
    const out = JSON.parse(rename(text, ['model'], 'claude-*-asked')) as {
      model: string;
      content: { input: { model: string } }[];
    };
    expect(out.model).toBe('claude-*-asked');
    expect(out.content[0].input.model).toBe('claude-x');
  });

  it('leaves a nested model alone when the top level has none', () => {
    const text = '{"content":[{"input":{"model":"gpt-4o"}}]}';
    expect(rename(text, ['model'], 'other')).toBe(text);
  });

  it('is not fooled by "model" inside a string value', () => {
    const text = '{"text":"say \\"model\\": \\"gpt-4o\\"","model":"gpt-4o"}';
    const out = rename(text, ['model'], 'mine');
    expect(JSON.parse(out)).toEqual({ text: 'say "model": "gpt-4o"', model: 'mine' });
    expect(out).toBe('{"text":"say \\"model\\": \\"gpt-4o\\"","model":"mine"}');
  });

  it('re-serialises when the upstream wrote the name with escapes', () => {
    const text = '{"model":"org\\/gpt"}';
    expect(rename(text, ['model'], 'gpt')).toBe('{"model":"gpt"}');
  });

  it('returns the same text when the name is already the one asked for, or absent', () => {
    const same = '{"model":"gpt-4o"}';
    expect(rename(same, ['model'], 'gpt-4o')).toBe(same);
    expect(rename('{"choices":[]}', ['model'], 'gpt-4o')).toBe('{"choices":[]}');
    expect(rename('{"model":7}', ['model'], 'gpt-4o')).toBe('{"model":7}');
  });
});

describe('streamModelField', () => {
  it('names the model field of every OpenAI and Gemini chunk', () => {
    expect(streamModelField('openai', { data: '{}' })).toEqual(['model']);
    expect(streamModelField('gemini', { data: '{}' })).toEqual(['modelVersion']);
  });

  it("names Anthropic's message_start only", () => {
    expect(streamModelField('anthropic', { event: 'message_start', data: '{}' })).toEqual([
      'message',
      'model',
    ]);
    expect(streamModelField('anthropic', { data: '{"type":"message_start"}' })).toEqual([
      'message',
      'model',
    ]);
    expect(streamModelField('anthropic', { event: 'content_block_delta', data: '{}' })).toBeNull();
  });
});

describe('modelAt', () => {
  it('reads a string at a path, nothing else', () => {
    expect(modelAt({ model: 'm' }, BODY_MODEL_FIELD.openai)).toBe('m');
    expect(modelAt({ message: { model: 'c' } }, ['message', 'model'])).toBe('c');
    expect(modelAt({ message: ['x'] }, ['message', 'model'])).toBeUndefined();
    expect(modelAt(null, ['model'])).toBeUndefined();
  });
});

describe('withoutNullField', () => {
  const without = (text: string) =>
    withoutNullField(text, JSON.parse(text) as Record<string, unknown>, 'usage');

  it('removes a null member with the comma before it, keeping every other byte', () => {
    expect(without('{"id":"c","choices":[{"x":1.50}],"usage":null}')).toBe(
      '{"id":"c","choices":[{"x":1.50}]}',
    );
    expect(without('{"id":"c", "usage" : null ,"model":"m"}')).toBe('{"id":"c" ,"model":"m"}');
  });

  it('removes a first member with the comma after it', () => {
    expect(without('{"usage":null, "id":"c"}')).toBe('{ "id":"c"}');
  });

  it('keeps a usage that is not null, and nested ones', () => {
    const text = '{"usage":{"prompt_tokens":1}}';
    expect(without(text)).toBe(text);
    const nested = '{"id":"c","choices":[{"usage":null}]}';
    expect(without(nested)).toBe(nested);
  });

  it('re-serialises when the key is there more than once or alone', () => {
    expect(JSON.parse(without('{"a":{"usage":null},"usage":null}'))).toEqual({
      a: { usage: null },
    });
    expect(without('{"usage":null}')).toBe('{}');
  });

  it('is not fooled by "usage": null inside a string', () => {
    expect(without('{"t":"\\"usage\\":null,","usage":null}')).toBe('{"t":"\\"usage\\":null,"}');
  });
});
