import type Anthropic from '@anthropic-ai/sdk';
import type { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { DEFAULT_SIGNATURE, FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { anthropicSdk, geminiSdk } from '../support/sdks';

/**
 * Thinking from an Anthropic upstream: kept with its signature for an Anthropic client
 * (passthrough), shown as `reasoning_content` to an OpenAI client, as thought parts to a Gemini
 * client that asked for them; and each client's way of asking for reasoning becomes Anthropic's
 * `thinking` budget.
 */

const THOUGHT = 'The user greets me. I should greet back.';
const ANSWER = 'Hello there!';

describe('thinking / reasoning across formats (anthropic upstream)', () => {
  let gateway: Gateway;
  let upstream: FakeAnthropic;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let gemini: GoogleGenAI;

  beforeAll(async () => {
    upstream = await startFakeAnthropic();
    gateway = await startGateway();
    await addProvider(gateway, 'claude', upstream.baseUrl, { format: 'anthropic', retries: 0 });
    await addModel(gateway, 'thinker', [{ provider: 'claude', model: 'claude-thinker' }]);
    const key = await addKey(gateway, 'thinking');
    openai = gateway.openai(key);
    anthropic = anthropicSdk(gateway, key);
    gemini = geminiSdk(gateway, key);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => {
    upstream.reset();
    upstream.behave({ thinking: { text: THOUGHT }, content: ANSWER });
  });

  describe('anthropic client (passthrough)', () => {
    const params = {
      model: 'thinker',
      max_tokens: 4000,
      thinking: { type: 'enabled' as const, budget_tokens: 2048 },
      messages: [{ role: 'user' as const, content: 'Hi!' }],
    };

    it('non-stream: the thinking block comes back with its signature', async () => {
      const message = await anthropic.messages.create(params);
      expect(message.content).toEqual([
        { type: 'thinking', thinking: THOUGHT, signature: DEFAULT_SIGNATURE },
        { type: 'text', text: ANSWER },
      ]);
      expect(upstream.chatRequests[0].body?.thinking).toEqual(params.thinking);
    });

    it('stream: finalMessage() assembles thinking and signature from the deltas', async () => {
      const message = await anthropic.messages.stream(params).finalMessage();
      expect(message.content).toEqual([
        { type: 'thinking', thinking: THOUGHT, signature: DEFAULT_SIGNATURE },
        { type: 'text', text: ANSWER },
      ]);
    });

    it('a later turn sends the signed thinking back unchanged', async () => {
      const first = await anthropic.messages.create(params);
      await anthropic.messages.create({
        ...params,
        messages: [
          ...params.messages,
          { role: 'assistant', content: first.content },
          { role: 'user', content: 'And again?' },
        ],
      });
      const messages = upstream.chatRequests[1].body?.messages as { content: unknown }[];
      expect(messages[1].content).toContainEqual({
        type: 'thinking',
        thinking: THOUGHT,
        signature: DEFAULT_SIGNATURE,
      });
    });
  });

  describe('openai client (converted)', () => {
    const messages = [{ role: 'user' as const, content: 'Hi!' }];

    it('non-stream: reasoning_effort asks for a thinking budget; the thinking is reasoning_content', async () => {
      const completion = await openai.chat.completions.create({
        model: 'thinker',
        messages,
        reasoning_effort: 'medium',
      });

      const message = completion.choices[0].message as OpenAI.ChatCompletionMessage & {
        reasoning_content?: string;
      };
      expect(message.content).toBe(ANSWER);
      expect(message.reasoning_content).toBe(THOUGHT);
      const body = upstream.chatRequests[0].body ?? {};
      expect(body.thinking).toMatchObject({ type: 'enabled', budget_tokens: expect.any(Number) });
      const budget = (body.thinking as { budget_tokens: number }).budget_tokens;
      expect(budget).toBeGreaterThanOrEqual(1024);
      expect(body.max_tokens as number).toBeGreaterThan(budget);
    });

    it('stream: reasoning_content deltas come before the content', async () => {
      const stream = await openai.chat.completions.create({
        model: 'thinker',
        messages,
        reasoning_effort: 'low',
        stream: true,
      });
      let reasoning = '';
      let content = '';
      let reasoningAfterContent = false;
      for await (const chunk of stream) {
        const delta = (chunk.choices[0]?.delta ?? {}) as { reasoning_content?: string };
        if (delta.reasoning_content) {
          reasoning += delta.reasoning_content;
          if (content) reasoningAfterContent = true;
        }
        content += chunk.choices[0]?.delta.content ?? '';
      }
      expect(reasoning).toBe(THOUGHT);
      expect(content).toBe(ANSWER);
      expect(reasoningAfterContent).toBe(false);
    });

    it('without reasoning_effort no thinking is asked for', async () => {
      upstream.behave({ content: ANSWER });
      await openai.chat.completions.create({ model: 'thinker', messages });
      expect(upstream.chatRequests[0].body?.thinking).toBeUndefined();
    });
  });

  describe('gemini client (converted)', () => {
    it('thinkingConfig becomes a budget; with includeThoughts the thinking comes as thought parts', async () => {
      const response = await gemini.models.generateContent({
        model: 'thinker',
        contents: 'Hi!',
        config: { thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } },
      });

      const parts = response.candidates?.[0]?.content?.parts ?? [];
      const thoughts = parts.filter((p) => p.thought).map((p) => p.text);
      expect(thoughts.join('')).toBe(THOUGHT);
      expect(response.text).toBe(ANSWER);
      expect(upstream.chatRequests[0].body?.thinking).toEqual({
        type: 'enabled',
        budget_tokens: 2048,
      });
    });
  });
});
