import { encode } from 'gpt-tokenizer';
import { countPromptTokens } from './token-count';
import type { CanonicalRequest } from './types';

const base: CanonicalRequest = { model: 'm', system: [], messages: [], stream: false };

describe('countPromptTokens', () => {
  it('counts message text with the o200k tokenizer plus per-message framing', () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    const tokens = countPromptTokens({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    });
    expect(tokens).toBe(encode(text).length + 3);
  });

  it('grows with the system prompt, tool definitions, tool traffic and images', () => {
    const plain = countPromptTokens({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const rich = countPromptTokens({
      ...base,
      system: [{ type: 'text', text: 'You are terse.' }],
      tools: [{ name: 'weather', description: 'Get the weather', parameters: { type: 'object' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hi' },
            { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_call', id: 'c', name: 'weather', arguments: '{"city":"Oslo"}' }],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool_result', toolCallId: 'c', content: [{ type: 'text', text: 'Rain' }] },
          ],
        },
      ],
    });
    expect(rich).toBeGreaterThan(plain + 85);
  });

  it('handles a 100k-token prompt', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(20_000);
    expect(
      countPromptTokens({
        ...base,
        messages: [{ role: 'user', content: [{ type: 'text', text }] }],
      }),
    ).toBeGreaterThan(90_000);
  });
});
