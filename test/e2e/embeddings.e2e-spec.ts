import { GoogleGenAI } from '@google/genai';
import { fakeEmbedding, FakeGemini, startFakeGemini } from '../fakes/gemini-upstream';
import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { fakeOpenAIEmbedding, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { usageRowFor } from '../support/usage';

/** Embeddings: OpenAI and Gemini clients against Gemini and OpenAI providers. */
describe('embeddings', () => {
  let gateway: Gateway;
  let gemini: FakeGemini;
  let anthropic: FakeAnthropic;
  let openai: FakeOpenAI;
  let key: string;

  beforeAll(async () => {
    gemini = await startFakeGemini();
    anthropic = await startFakeAnthropic();
    openai = await startFakeOpenAI();
    gateway = await startGateway();
    await gateway.adminOk('POST', '/admin/providers', {
      id: 'oai',
      format: 'openai',
      base_url: openai.baseUrl,
      api_key: 'oai-provider-key-123',
    });
    await addModel(gateway, 'oai-embed', [{ provider: 'oai', model: 'text-embedding-3-small' }]);
    await gateway.adminOk('POST', '/admin/providers', {
      id: 'gem',
      format: 'gemini',
      base_url: gemini.baseUrl,
      api_key: 'gem-provider-key-123',
    });
    await gateway.adminOk('POST', '/admin/providers', {
      id: 'claude',
      format: 'anthropic',
      base_url: anthropic.baseUrl,
      api_key: 'claude-provider-key-123',
    });
    await addModel(gateway, 'embed', [{ provider: 'gem', model: 'text-embedding-004' }]);
    await addModel(gateway, 'chat-only', [{ provider: 'claude', model: 'claude-x' }]);
    key = await addKey(gateway, 'embedder');
  });

  afterAll(async () => {
    await gateway?.close();
    await gemini?.close();
    await anthropic?.close();
    await openai?.close();
  });

  it('an OpenAI client embeds through an OpenAI provider (passthrough, model rewritten)', async () => {
    const result = await gateway.openai(key).embeddings.create({
      model: 'oai-embed',
      input: 'zeta',
      dimensions: 3,
      encoding_format: 'float',
    });
    expect(result.data[0].embedding).toEqual(fakeOpenAIEmbedding('zeta', 3));
    expect(result.usage.prompt_tokens).toBe(3);
    const upstream = openai.requests[openai.requests.length - 1];
    expect(upstream.path).toBe('/v1/embeddings');
    expect(upstream.body).toMatchObject({ model: 'text-embedding-3-small', input: 'zeta' });
  });

  it('a Gemini client embeds through an OpenAI provider (converted both ways)', async () => {
    const genai = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: gateway.baseUrl } });
    const result = await genai.models.embedContent({
      model: 'oai-embed',
      contents: ['eta', 'theta'],
      config: { outputDimensionality: 4 },
    });
    expect(result.embeddings?.map((e) => e.values)).toEqual([
      fakeOpenAIEmbedding('eta', 4),
      fakeOpenAIEmbedding('theta', 4),
    ]);
    const upstream = openai.requests[openai.requests.length - 1];
    expect(upstream.body).toMatchObject({
      model: 'text-embedding-3-small',
      input: ['eta', 'theta'],
      dimensions: 4,
    });
  });

  it('an OpenAI client gets Gemini embeddings in OpenAI shape, in order, with dimensions', async () => {
    const { data, response } = await gateway
      .openai(key)
      .embeddings.create({
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
    const upstream = gemini.requests[gemini.requests.length - 1];
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
    const row = await usageRowFor(gateway.db, response.headers.get('x-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/embeddings', provider: 'gem', status: 200 });
    expect(row.prompt_tokens).toBeGreaterThan(0);
  });

  it('base64 encoding decodes to the same floats (what the SDK does by default)', async () => {
    // The openai SDK asks for base64 and decodes it itself when no encoding_format is given.
    const result = await gateway.openai(key).embeddings.create({ model: 'embed', input: 'gamma' });
    const expected = fakeEmbedding('gamma');
    result.data[0].embedding.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('a Gemini client embeds through the gateway (passthrough, model rewritten)', async () => {
    const genai = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: gateway.baseUrl } });
    const result = await genai.models.embedContent({ model: 'embed', contents: ['delta', 'eps'] });
    expect(result.embeddings?.map((e) => e.values)).toEqual([
      fakeEmbedding('delta'),
      fakeEmbedding('eps'),
    ]);
    const upstream = gemini.requests[gemini.requests.length - 1];
    expect(upstream.path).toMatch(/^\/v1beta\/models\/text-embedding-004:/);
    expect(JSON.stringify(upstream.body)).toContain('models/text-embedding-004');
    expect(JSON.stringify(upstream.body)).not.toContain('models/embed"');
  });

  it('a model with only Anthropic targets answers a clear 400 naming the model', async () => {
    const response = await gateway.fetch('/v1/embeddings', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat-only', input: 'x' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('embeddings_not_supported');
    expect(body.error.message).toContain("'chat-only'");
    expect(anthropic.requests).toHaveLength(0);
  });
});
