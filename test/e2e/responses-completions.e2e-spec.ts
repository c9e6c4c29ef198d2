import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { usageRowFor } from '../support/usage';

/** OpenAI Responses and legacy completions, always converted to a chat provider. */
describe('responses and completions', () => {
  let gateway: Gateway;
  let openai: FakeOpenAI;
  let anthropic: FakeAnthropic;
  let key: string;

  beforeAll(async () => {
    openai = await startFakeOpenAI();
    anthropic = await startFakeAnthropic();
    gateway = await startGateway();
    await addProvider(gateway, 'oai', openai);
    await gateway.adminOk('POST', '/admin/providers', {
      id: 'claude',
      format: 'anthropic',
      base_url: anthropic.baseUrl,
      api_key: 'claude-provider-key-123',
    });
    await addModel(gateway, 'gpt', [{ provider: 'oai', model: 'gpt-up' }]);
    await addModel(gateway, 'claude', [{ provider: 'claude', model: 'claude-up' }]);
    key = await addKey(gateway, 'resp');
  });

  afterAll(async () => {
    await gateway?.close();
    await openai?.close();
    await anthropic?.close();
  });

  it.each(['gpt', 'claude'])('responses.create answers with output_text (%s)', async (model) => {
    const { data, response } = await gateway
      .openai(key)
      .responses.create({ model, instructions: 'Be brief.', input: 'Hello?' })
      .withResponse();
    expect(data.output_text.length).toBeGreaterThan(0);
    expect(data.model).toBe(model);
    const row = await usageRowFor(gateway.db, response.headers.get('x-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/responses', status: 200 });
    expect(row.prompt_tokens).toBeGreaterThan(0);
  });

  it('a Responses request reaches an OpenAI provider as a chat completion', async () => {
    openai.reset();
    await gateway.openai(key).responses.create({ model: 'gpt', instructions: 'Sys', input: 'Q' });
    expect(openai.chatRequests).toHaveLength(1);
    expect(openai.chatRequests[0].body).toMatchObject({
      model: 'gpt-up',
      messages: [
        { role: 'system', content: 'Sys' },
        { role: 'user', content: 'Q' },
      ],
    });
  });

  it('responses.stream assembles the text and a function call from an Anthropic upstream', async () => {
    anthropic.behave({
      content: 'Checking.',
      toolCall: { name: 'weather', arguments: '{"city":"Oslo"}' },
      finishReason: 'tool_calls',
    });
    const final = await gateway
      .openai(key)
      .responses.stream({
        model: 'claude',
        input: 'Weather in Oslo?',
        tools: [
          {
            type: 'function',
            name: 'weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
            strict: false,
          },
        ],
      })
      .finalResponse();
    anthropic.reset();
    expect(final.output_text).toBe('Checking.');
    const call = final.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ name: 'weather', arguments: '{"city":"Oslo"}' });
  });

  it('completions.create answers with text, stream and non-stream', async () => {
    const client = gateway.openai(key);
    const completion = await client.completions.create({ model: 'claude', prompt: 'Say hi' });
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0].text.length).toBeGreaterThan(0);
    const stream = await client.completions.create({
      model: 'gpt',
      prompt: 'Say hi',
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Hello from the fake upstream!');
  });

  it('stateful Responses parameters are refused with a 400 naming them', async () => {
    const response = await gateway.fetch('/v1/responses', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', input: 'x', previous_response_id: 'resp_1' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string; type: string } };
    expect(body.error).toMatchObject({
      param: 'previous_response_id',
      type: 'invalid_request_error',
    });
  });
});
