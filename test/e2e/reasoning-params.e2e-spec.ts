import type Anthropic from '@anthropic-ai/sdk';
import type { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { FakeGemini, startFakeGemini } from '../fakes/gemini-upstream';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { anthropicSdk, geminiSdk } from '../support/sdks';

/**
 * `reasoning: false` on a provider or a target: the reasoning parameters a client sent
 * (reasoning_effort, thinking, thinkingConfig) are not sent to it, on passthrough and converted
 * requests alike; a target's own setting overrides its provider's.
 */
describe('reasoning: false strips reasoning parameters', () => {
  let gateway: Gateway;
  let openaiUp: FakeOpenAI;
  let claudeUp: FakeAnthropic;
  let geminiUp: FakeGemini;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let gemini: GoogleGenAI;

  const model = (name: string, targets: Record<string, unknown>[]) =>
    gateway.adminOk('POST', '/admin/models', { name, targets });

  beforeAll(async () => {
    [openaiUp, claudeUp, geminiUp] = await Promise.all([
      startFakeOpenAI(),
      startFakeAnthropic(),
      startFakeGemini(),
    ]);
    gateway = await startGateway();
    await addProvider(gateway, 'oai', openaiUp, { retries: 0 });
    // No reasoning on the whole provider, except for the target that says otherwise.
    await addProvider(gateway, 'claude', claudeUp.baseUrl, {
      format: 'anthropic',
      retries: 0,
      reasoning: false,
    });
    await addProvider(gateway, 'gem', geminiUp.baseUrl, { format: 'gemini', retries: 0 });
    await model('oai-plain', [{ provider: 'oai', model: 'gpt-4.1', reasoning: false }]);
    await model('oai-reasoner', [{ provider: 'oai', model: 'o3' }]);
    await model('claude-plain', [{ provider: 'claude', model: 'claude-haiku' }]);
    await model('claude-thinker', [{ provider: 'claude', model: 'claude-opus', reasoning: true }]);
    await model('gem-plain', [{ provider: 'gem', model: 'gemini-lite', reasoning: false }]);
    const key = await addKey(gateway, 'reasoning');
    openai = gateway.openai(key);
    anthropic = anthropicSdk(gateway, key);
    gemini = geminiSdk(gateway, key);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openaiUp?.close(), claudeUp?.close(), geminiUp?.close()]);
  });

  beforeEach(() => {
    openaiUp.reset();
    claudeUp.reset();
    geminiUp.reset();
  });

  const messages = [{ role: 'user' as const, content: 'Hi' }];

  it('openai passthrough: reasoning_effort is dropped for a target with reasoning: false, kept otherwise', async () => {
    await openai.chat.completions.create({
      model: 'oai-plain',
      messages,
      reasoning_effort: 'high',
    });
    await openai.chat.completions.create({
      model: 'oai-reasoner',
      messages,
      reasoning_effort: 'high',
    });
    const [plain, reasoner] = openaiUp.chatRequests.map((r) => r.body);
    expect(plain).not.toHaveProperty('reasoning_effort');
    expect(plain?.messages).toEqual(messages);
    expect(reasoner?.reasoning_effort).toBe('high');
  });

  it('anthropic passthrough: thinking and output_config.effort are dropped for a provider with reasoning: false', async () => {
    const answer = await anthropic.messages.create({
      model: 'claude-plain',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      output_config: { effort: 'high' },
      messages,
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(answer.content.length).toBeGreaterThan(0);
    const sent = claudeUp.chatRequests[0].body;
    expect(sent).not.toHaveProperty('thinking');
    expect(sent).not.toHaveProperty('output_config');
    expect(sent?.max_tokens).toBe(4000);
  });

  it("a target's reasoning: true overrides its provider's false", async () => {
    await anthropic.messages.create({
      model: 'claude-thinker',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages,
    });
    expect(claudeUp.chatRequests[0].body?.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 2048,
    });
  });

  it('converted (openai client → anthropic): reasoning_effort asks for no thinking budget', async () => {
    const stream = await openai.chat.completions.create({
      model: 'claude-plain',
      messages,
      reasoning_effort: 'high',
      stream: true,
    });
    for await (const _chunk of stream) void _chunk;
    expect(claudeUp.chatRequests[0].body).not.toHaveProperty('thinking');
  });

  it('converted (anthropic client → openai): an effort becomes no reasoning_effort', async () => {
    // Anthropic's effort (output_config) is what maps to OpenAI's reasoning_effort.
    const params = {
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      output_config: { effort: 'high' },
      messages,
    } as unknown as Anthropic.MessageCreateParamsNonStreaming;
    await anthropic.messages.create({ ...params, model: 'oai-plain' });
    await anthropic.messages.create({ ...params, model: 'oai-reasoner' });
    const [plain, reasoner] = openaiUp.chatRequests.map((r) => r.body);
    expect(plain).not.toHaveProperty('reasoning_effort');
    expect(reasoner?.reasoning_effort).toBe('high');
  });

  it('gemini passthrough: generationConfig.thinkingConfig is dropped, the rest of the config kept', async () => {
    await gemini.models.generateContent({
      model: 'gem-plain',
      contents: 'Hi',
      config: { temperature: 0.3, thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } },
    });
    const config = geminiUp.chatRequests[0].body?.generationConfig as Record<string, unknown>;
    expect(config).not.toHaveProperty('thinkingConfig');
    expect(config.temperature).toBe(0.3);
  });

  it('the admin API shows the setting on the provider and the target', async () => {
    const provider = await gateway.adminOk<{ reasoning?: boolean }>(
      'GET',
      '/admin/providers/claude',
    );
    expect(provider.reasoning).toBe(false);
    const thinker = await gateway.adminOk<{ targets: { reasoning?: boolean }[] }>(
      'GET',
      '/admin/models/claude-thinker',
    );
    expect(thinker.targets[0].reasoning).toBe(true);
  });
});
