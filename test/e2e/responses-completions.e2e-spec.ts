import { useConversionRig } from '../support/conversion-rig';
import { usageRowFor } from '../support/usage';

/** OpenAI Responses and legacy completions, always converted to a chat provider. */
describe('responses and completions', () => {
  const rig = useConversionRig({
    keyName: 'resp',
    providers: {
      openai: { id: 'oai' },
      anthropic: { id: 'claude', api_key: 'claude-provider-key-123' },
    },
    models: {
      gpt: [{ provider: 'oai', model: 'gpt-up' }],
      claude: [{ provider: 'claude', model: 'claude-up' }],
    },
    resetFakes: false,
  });

  it.each(['gpt', 'claude'])('responses.create answers with output_text (%s)', async (model) => {
    const { data, response } = await rig.sdks.openai.responses
      .create({ model, instructions: 'Be brief.', input: 'Hello?' })
      .withResponse();
    expect(data.output_text.length).toBeGreaterThan(0);
    expect(data.model).toBe(model);
    const row = await usageRowFor(rig.gateway.db, response.headers.get('x-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/responses', status: 200 });
    expect(row.prompt_tokens).toBeGreaterThan(0);
  });

  it('a Responses request reaches an OpenAI provider as a chat completion', async () => {
    rig.fakes.openai.reset();
    await rig.sdks.openai.responses.create({ model: 'gpt', instructions: 'Sys', input: 'Q' });
    expect(rig.fakes.openai.chatRequests).toHaveLength(1);
    expect(rig.fakes.openai.chatRequests[0].body).toMatchObject({
      model: 'gpt-up',
      messages: [
        { role: 'system', content: 'Sys' },
        { role: 'user', content: 'Q' },
      ],
    });
  });

  it('responses.stream assembles the text and a function call from an Anthropic upstream', async () => {
    rig.fakes.anthropic.behave({
      content: 'Checking.',
      toolCall: { name: 'weather', arguments: '{"city":"Oslo"}' },
      finishReason: 'tool_calls',
    });
    const final = await rig.sdks.openai.responses
      .stream({
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
    rig.fakes.anthropic.reset();
    expect(final.output_text).toBe('Checking.');
    const call = final.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ name: 'weather', arguments: '{"city":"Oslo"}' });
  });

  it('completions.create answers with text, stream and non-stream', async () => {
    const client = rig.sdks.openai;
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
    const response = await rig.gateway.fetch('/v1/responses', {
      method: 'POST',
      headers: { authorization: `Bearer ${rig.key}`, 'content-type': 'application/json' },
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
