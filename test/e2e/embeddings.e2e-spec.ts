import { fakeEmbedding } from '../fakes/gemini-upstream';
import { fakeOpenAIEmbedding } from '../fakes/openai-upstream';
import { useConversionRig } from '../support/conversion-rig';
import { usageRowFor } from '../support/usage';

/** Embeddings: OpenAI and Gemini clients against Gemini and OpenAI providers. */
describe('embeddings', () => {
  const rig = useConversionRig({
    keyName: 'embedder',
    providers: {
      openai: { id: 'oai', api_key: 'oai-provider-key-123' },
      gemini: { id: 'gem', api_key: 'gem-provider-key-123' },
      anthropic: { id: 'claude', api_key: 'claude-provider-key-123' },
    },
    models: {
      'oai-embed': [{ provider: 'oai', model: 'text-embedding-3-small' }],
      embed: [{ provider: 'gem', model: 'text-embedding-004' }],
      'chat-only': [{ provider: 'claude', model: 'claude-x' }],
    },
    resetFakes: false,
  });

  it('an OpenAI client embeds through an OpenAI provider (passthrough, model rewritten)', async () => {
    const result = await rig.sdks.openai.embeddings.create({
      model: 'oai-embed',
      input: 'zeta',
      dimensions: 3,
      encoding_format: 'float',
    });
    expect(result.data[0].embedding).toEqual(fakeOpenAIEmbedding('zeta', 3));
    expect(result.usage.prompt_tokens).toBe(3);
    const upstream = rig.fakes.openai.requests[rig.fakes.openai.requests.length - 1];
    expect(upstream.path).toBe('/v1/embeddings');
    expect(upstream.body).toMatchObject({ model: 'text-embedding-3-small', input: 'zeta' });
  });

  it('a Gemini client embeds through an OpenAI provider (converted both ways)', async () => {
    const genai = rig.sdks.gemini;
    const result = await genai.models.embedContent({
      model: 'oai-embed',
      contents: ['eta', 'theta'],
      config: { outputDimensionality: 4 },
    });
    expect(result.embeddings?.map((e) => e.values)).toEqual([
      fakeOpenAIEmbedding('eta', 4),
      fakeOpenAIEmbedding('theta', 4),
    ]);
    const upstream = rig.fakes.openai.requests[rig.fakes.openai.requests.length - 1];
    expect(upstream.body).toMatchObject({
      model: 'text-embedding-3-small',
      input: ['eta', 'theta'],
      dimensions: 4,
    });
  });

  it('an OpenAI client gets Gemini embeddings in OpenAI shape, in order, with dimensions', async () => {
    const { data, response } = await rig.sdks.openai.embeddings
      .create({
        model: 'embed',
        input: ['alpha', 'beta'],
        dimensions: 4,
        encoding_format: 'float',
      })
      .withResponse();
    expect(data.data.map((d) => d.embedding)).toEqual([
      fakeEmbedding('alpha', 4),
      fakeEmbedding('beta', 4),
    ]);
    expect(data.model).toBe('embed');
    const upstream = rig.fakes.gemini.requests[rig.fakes.gemini.requests.length - 1];
    expect(upstream.path).toBe('/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(upstream.body).toMatchObject({
      requests: [
        {
          model: 'models/text-embedding-004',
          content: { parts: [{ text: 'alpha' }] },
          outputDimensionality: 4,
        },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'beta' }] } },
      ],
    });
    const row = await usageRowFor(rig.gateway.db, response.headers.get('x-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/embeddings', provider: 'gem', status: 200 });
    expect(row.prompt_tokens).toBeGreaterThan(0);
  });

  it('base64 encoding decodes to the same floats (what the SDK does by default)', async () => {
    // The openai SDK asks for base64 and decodes it itself when no encoding_format is given.
    const result = await rig.sdks.openai.embeddings.create({ model: 'embed', input: 'gamma' });
    const expected = fakeEmbedding('gamma');
    result.data[0].embedding.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('a Gemini client embeds through the gateway (passthrough, model rewritten)', async () => {
    const genai = rig.sdks.gemini;
    const result = await genai.models.embedContent({ model: 'embed', contents: ['delta', 'eps'] });
    expect(result.embeddings?.map((e) => e.values)).toEqual([
      fakeEmbedding('delta'),
      fakeEmbedding('eps'),
    ]);
    const upstream = rig.fakes.gemini.requests[rig.fakes.gemini.requests.length - 1];
    expect(upstream.path).toMatch(/^\/v1beta\/models\/text-embedding-004:/);
    expect(JSON.stringify(upstream.body)).toContain('models/text-embedding-004');
    expect(JSON.stringify(upstream.body)).not.toContain('models/embed"');
  });

  it('a model with only Anthropic targets answers a clear 400 naming the model', async () => {
    const response = await rig.gateway.fetch('/v1/embeddings', {
      method: 'POST',
      headers: { authorization: `Bearer ${rig.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat-only', input: 'x' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('embeddings_not_supported');
    expect(body.error.message).toContain("'chat-only'");
    expect(rig.fakes.anthropic.requests).toHaveLength(0);
  });
});
