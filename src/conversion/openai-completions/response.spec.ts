import OpenAI from 'openai';
import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalRequest, CanonicalResponse, FinishReason } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { encodeTextCompletion } from './response';

const request: CanonicalRequest = { model: 'smart', system: [], messages: [], stream: false };
const context: ClientResponseContext = { model: 'smart', request };
const canonical = fixtureJson<CanonicalResponse>(__dirname, 'response-text.canonical.json');

describe('encodeTextCompletion', () => {
  it('writes the text, without thinking, as a text_completion (golden)', () => {
    expect(encodeTextCompletion(canonical, context)).toStrictEqual(
      fixtureJson(__dirname, 'response-text.client.json'),
    );
  });

  it.each<[FinishReason, string]>([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['tool_calls', 'stop'],
    ['error', 'stop'],
  ])('maps finish reason %s to %s', (reason, expected) => {
    const body = encodeTextCompletion({ ...canonical, finishReason: reason }, context);
    expect(body.choices[0].finish_reason).toBe(expected);
  });

  it('leaves tool calls out and keeps an id that already is a completion id', () => {
    const body = encodeTextCompletion(
      {
        ...canonical,
        id: 'cmpl-abc',
        content: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' }],
      },
      context,
    );
    expect(body.id).toBe('cmpl-abc');
    expect(body.choices[0].text).toBe('');
  });

  it('is what the official SDK returns from completions.create', async () => {
    const encoded = encodeTextCompletion(canonical, context);
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: 'http://gateway.test/v1',
      fetch: async () => Response.json(encoded),
    });
    const completion: OpenAI.Completions.Completion = await client.completions.create({
      model: 'smart',
      prompt: 'Write a tagline for an ice cream shop.',
    });
    expect(completion.choices[0].text).toBe('Scoops of joy, every day.');
    expect(completion.usage).toMatchObject({ prompt_tokens: 14, total_tokens: 23 });
  });
});
