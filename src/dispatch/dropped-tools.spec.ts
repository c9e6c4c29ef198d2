import { InvalidRequestError } from '../common/errors/gateway-error';
import type { CanonicalRequest } from '../conversion/canonical/types';
import { modelOf } from '../routing/__fixtures__/runtime';
import { droppedToolsHeader, toolsDroppedFor } from './dropped-tools';

const request: CanonicalRequest = {
  model: 'm',
  system: [],
  messages: [],
  hostedTools: [{ type: 'web_search', name: 'web_search_preview' }],
  unsupportedTools: ['file_search'],
  stream: false,
};

describe('toolsDroppedFor', () => {
  it('drop: names what the target cannot take, per provider family', () => {
    const model = modelOf([]);
    expect(toolsDroppedFor(request, 'openai', model)).toEqual([
      'file_search',
      'web_search_preview',
    ]);
    expect(toolsDroppedFor(request, 'anthropic', model)).toEqual(['file_search']);
    expect(toolsDroppedFor(request, 'gemini', model)).toEqual(['file_search']);
  });

  it('reject: a 400 naming the tools, param tools', () => {
    const model = modelOf([], { name: 'strict', unsupportedTools: 'reject' });
    let err: unknown;
    try {
      toolsDroppedFor(request, 'anthropic', model);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ status: 400, param: 'tools', code: 'unsupported_tool' });
    expect((err as Error).message).toMatch(/'file_search'.*model 'strict'/);
  });

  it('reject: nothing to refuse when the target takes every tool', () => {
    const model = modelOf([], { unsupportedTools: 'reject' });
    const searchOnly = { ...request, unsupportedTools: undefined };
    expect(toolsDroppedFor(searchOnly, 'gemini', model)).toEqual([]);
  });

  it('the header lists the names, and is absent when nothing was dropped', () => {
    expect(droppedToolsHeader(['a', 'b'])).toEqual({ 'x-switchboard-dropped-tools': 'a,b' });
    expect(droppedToolsHeader([])).toEqual({});
  });
});
