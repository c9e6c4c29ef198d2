import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { fakeOpenAIEmbedding, DEFAULT_CONTENT } from '../fakes/openai-upstream';
import { addKey } from '../support/config';
import { useConversionRig } from '../support/conversion-rig';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { readResult } from '../support/gateway';
import { expectGeminiError, newRequestId, requestIdHeader } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * The paths clients use on their defaults: the Gemini SDK's API version v1
 * (`/v1/models/{model}:{method}`), and OpenAI-compatible clients whose `base_url` has no `/v1`.
 */
describe('client paths', () => {
  const rig = useConversionRig({
    keyName: 'paths',
    providers: { openai: {}, gemini: {} },
    models: {
      'via-openai': [{ provider: 'p-openai', model: 'gpt-up' }],
      'via-gemini': [{ provider: 'p-gemini', model: 'gemini-up' }],
      embed: [{ provider: 'p-openai', model: 'text-embedding-3-small' }],
    },
  });

  /** The Gemini SDK on API version `version`, as `@google/genai` 3.x defaults to v1. */
  function gemini(version: 'v1' | 'v1beta'): GoogleGenAI {
    return new GoogleGenAI({
      apiKey: rig.key,
      apiVersion: version,
      httpOptions: { baseUrl: rig.gateway.baseUrl },
    });
  }

  /** The OpenAI SDK with the gateway's root (no /v1) as base URL. */
  function openaiAtRoot(): OpenAI {
    return new OpenAI({ apiKey: rig.key, baseURL: rig.gateway.baseUrl, maxRetries: 0 });
  }

  describe.each(['v1', 'v1beta'] as const)('Gemini SDK on API version %s', (version) => {
    it('generateContent, through a Gemini and a converted OpenAI target', async () => {
      const genai = gemini(version);
      const id = newRequestId('paths-gen');
      const native = await genai.models.generateContent({
        model: 'via-gemini',
        contents: 'hello',
        config: { httpOptions: requestIdHeader(id) },
      });
      expect(native.text).toBeTruthy();
      const upstream = rig.fakes.gemini.requests.at(-1)!;
      expect(upstream.path).toBe('/v1beta/models/gemini-up:generateContent');
      const row = await usageRowFor(rig.gateway.db, id);
      expect(row).toMatchObject({
        model: 'via-gemini',
        status: 200,
        endpoint: '/v1beta/models:generateContent',
      });

      const converted = await genai.models.generateContent({ model: 'via-openai', contents: 'hi' });
      expect(converted.text).toBe(DEFAULT_CONTENT);
    });

    it('streamGenerateContent (SSE)', async () => {
      let text = '';
      for await (const chunk of await gemini(version).models.generateContentStream({
        model: 'via-openai',
        contents: 'hi',
      })) {
        text += chunk.text ?? '';
      }
      expect(text).toBe(DEFAULT_CONTENT);
      expect(rig.fakes.openai.requests.at(-1)!.body).toMatchObject({ stream: true });
    });

    it('countTokens: the gateway’s own count, which grows with the contents', async () => {
      const genai = gemini(version);
      const short = await genai.models.countTokens({ model: 'via-gemini', contents: 'hello' });
      const long = await genai.models.countTokens({
        model: 'via-openai',
        contents: [
          { role: 'user', parts: [{ text: 'hello there, how are you today?' }] },
          { role: 'model', parts: [{ text: 'fine' }] },
          { role: 'user', parts: [{ text: 'count these words as well' }] },
        ],
      });
      expect(short.totalTokens).toBeGreaterThan(0);
      expect(long.totalTokens).toBeGreaterThan(short.totalTokens!);
      // Nothing was sent upstream for a count.
      expect(rig.fakes.gemini.requests).toHaveLength(0);
      expect(rig.fakes.openai.requests).toHaveLength(0);
    });

    it('countTokens checks the key’s model access and the model', async () => {
      const failure = (promise: Promise<unknown>) =>
        promise.then(
          () => null,
          (e: unknown) => (e as Error).message,
        );
      const unknown = await failure(
        gemini(version).models.countTokens({ model: 'no-such-model', contents: 'x' }),
      );
      expect(unknown).toMatch(/404.*NOT_FOUND/s);
      const narrow = new GoogleGenAI({
        apiKey: await addKey(rig.gateway, `paths-narrow-${version}`, { models: ['via-openai'] }),
        apiVersion: version,
        httpOptions: { baseUrl: rig.gateway.baseUrl },
      });
      const denied = await failure(
        narrow.models.countTokens({ model: 'via-gemini', contents: 'x' }),
      );
      expect(denied).toMatch(/403.*PERMISSION_DENIED/s);
      expect(
        (await narrow.models.countTokens({ model: 'via-openai', contents: 'x' })).totalTokens,
      ).toBeGreaterThan(0);
    });

    it('embedContent', async () => {
      const result = await gemini(version).models.embedContent({
        model: 'embed',
        contents: ['eta', 'theta'],
        config: { outputDimensionality: 4 },
      });
      expect(result.embeddings?.map((e) => e.values)).toEqual([
        fakeOpenAIEmbedding('eta', 4),
        fakeOpenAIEmbedding('theta', 4),
      ]);
    });

    it('models.get and models.list answer in Gemini shape', async () => {
      const genai = gemini(version);
      const model = await genai.models.get({ model: 'via-gemini' });
      expect(model.name).toBe('models/via-gemini');
      const names: string[] = [];
      for await (const m of await genai.models.list()) names.push(m.name ?? '');
      expect(names.sort()).toEqual(['models/embed', 'models/via-gemini', 'models/via-openai']);
    });
  });

  it('a Gemini request on /v1 is refused in Google’s error format', async () => {
    const bad = await rig.gateway.postJson(
      '/v1/models/via-gemini:generateContent',
      { 'x-goog-api-key': rig.key },
      { contents: [] },
    );
    expectGeminiError(bad, 400, 'INVALID_ARGUMENT');
    const unauthenticated = await rig.gateway.postJson(
      '/v1/models/via-gemini:generateContent',
      {},
      { contents: [{ parts: [{ text: 'hi' }] }] },
    );
    expectGeminiError(unauthenticated, 401, 'UNAUTHENTICATED');
    const unknownMethod = await rig.gateway.postJson(
      '/v1/models/via-gemini:tuneModel',
      { 'x-goog-api-key': rig.key },
      {},
    );
    expectGeminiError(unknownMethod, 404, 'NOT_FOUND');
  });

  describe('GET /v1/models', () => {
    it('is the OpenAI list with a Bearer key', async () => {
      const ids = (await rig.sdks.openai.models.list()).data.map((m) => m.id).sort();
      expect(ids).toEqual(['embed', 'via-gemini', 'via-openai']);
    });

    it('is the Gemini list with x-goog-api-key or ?key=', async () => {
      const byHeader = await readResult<{ models: { name: string }[] }>(
        await rig.gateway.fetch('/v1/models', { headers: { 'x-goog-api-key': rig.key } }),
      );
      const byQuery = await readResult<{ models: { name: string }[] }>(
        await rig.gateway.fetch(`/v1/models?key=${encodeURIComponent(rig.key)}`),
      );
      for (const result of [byHeader, byQuery]) {
        expect(result.status).toBe(200);
        expect(result.body.models.map((m) => m.name).sort()).toEqual([
          'models/embed',
          'models/via-gemini',
          'models/via-openai',
        ]);
      }
    });

    it('GET /v1/models/{id} is the OpenAI model with a Bearer key, 404 in OpenAI shape if unknown', async () => {
      const model = await rig.sdks.openai.models.retrieve('via-openai');
      expect(model).toMatchObject({ id: 'via-openai', object: 'model', owned_by: 'switchboard' });
      const missing = await apiErrorOf(rig.sdks.openai.models.retrieve('nope'));
      expect(missing.status).toBe(404);
      expectOpenAIError(
        await readResult(
          await rig.gateway.fetch('/v1/models/nope', {
            headers: { authorization: `Bearer ${rig.key}` },
          }),
        ),
        404,
        { code: 'model_not_found' },
      );
    });
  });

  describe('OpenAI SDK with the gateway root (no /v1) as base URL', () => {
    it('chat completions, stream and not, with the same usage row as /v1', async () => {
      const client = openaiAtRoot();
      const id = newRequestId('paths-chat');
      const completion = await client.chat.completions.create(
        { model: 'via-openai', messages: [{ role: 'user', content: 'hi' }] },
        requestIdHeader(id),
      );
      expect(completion.choices[0].message.content).toBe(DEFAULT_CONTENT);
      const streamed = await client.chat.completions
        .stream({ model: 'via-openai', messages: [{ role: 'user', content: 'hi' }] })
        .finalChatCompletion();
      expect(streamed.choices[0].message.content).toBe(DEFAULT_CONTENT);
      const row = await usageRowFor(rig.gateway.db, id);
      expect(row).toMatchObject({
        key_name: 'paths',
        model: 'via-openai',
        endpoint: '/v1/chat/completions',
        status: 200,
      });
    });

    it('legacy completions', async () => {
      const completion = await openaiAtRoot().completions.create({
        model: 'via-openai',
        prompt: 'say hi',
      });
      expect(completion.choices[0].text).toBe(DEFAULT_CONTENT);
    });

    it('responses', async () => {
      const response = await openaiAtRoot().responses.create({ model: 'via-openai', input: 'hi' });
      expect(response.output_text).toBe(DEFAULT_CONTENT);
    });

    it('embeddings', async () => {
      const result = await openaiAtRoot().embeddings.create({
        model: 'embed',
        input: 'zeta',
        dimensions: 3,
        encoding_format: 'float',
      });
      expect(result.data[0].embedding).toEqual(fakeOpenAIEmbedding('zeta', 3));
    });

    it('models: list and retrieve', async () => {
      const client = openaiAtRoot();
      expect((await client.models.list()).data.map((m) => m.id).sort()).toEqual([
        'embed',
        'via-gemini',
        'via-openai',
      ]);
      expect((await client.models.retrieve('via-gemini')).id).toBe('via-gemini');
    });

    it('errors in OpenAI shape: bad key, unknown model', async () => {
      const badKey = new OpenAI({
        apiKey: 'sk-wrong',
        baseURL: rig.gateway.baseUrl,
        maxRetries: 0,
      });
      expect((await apiErrorOf(badKey.models.list())).status).toBe(401);
      const unknown = await rig.gateway.postJson(
        '/chat/completions',
        { authorization: `Bearer ${rig.key}` },
        { model: 'nope', messages: [{ role: 'user', content: 'hi' }] },
      );
      expectOpenAIError(unknown, 404, { code: 'model_not_found' });
    });
  });

  it('rules and explain read the /v1 path whichever spelling the client used', async () => {
    await rig.gateway.adminOk('POST', '/admin/rules', {
      model: 'via-openai',
      when: 'Path == "/v1/chat/completions"',
      targets: [{ provider: 'p-gemini', model: 'gemini-ruled' }],
    });
    try {
      const response = await openaiAtRoot()
        .chat.completions.create({
          model: 'via-openai',
          messages: [{ role: 'user', content: 'hi' }],
        })
        .withResponse();
      expect(response.response.headers.get('x-switchboard-provider')).toBe('p-gemini');
      expect(rig.fakes.gemini.requests.at(-1)!.path).toBe(
        '/v1beta/models/gemini-ruled:generateContent',
      );

      const explain = await rig.gateway.adminOk<{ variables: { Path: string } }>(
        'POST',
        '/admin/route/explain',
        {
          path: '/v1/models/via-gemini:generateContent',
          key: 'paths',
          body: { contents: [{ parts: [{ text: 'hi' }] }] },
        },
      );
      expect(explain.variables.Path).toBe('/v1beta/models/via-gemini:generateContent');
      const unversioned = await rig.gateway.adminOk<{ variables: { Path: string } }>(
        'POST',
        '/admin/route/explain',
        {
          path: '/chat/completions',
          key: 'paths',
          body: { model: 'via-openai', messages: [{ role: 'user', content: 'hi' }] },
        },
      );
      expect(unversioned.variables.Path).toBe('/v1/chat/completions');
    } finally {
      const rules = await rig.gateway.adminOk<{ id: string; model: string | null }[]>(
        'GET',
        '/admin/rules',
      );
      for (const rule of rules.filter((r) => r.model === 'via-openai')) {
        await rig.gateway.adminOk('DELETE', `/admin/rules/${rule.id}`);
      }
    }
  });

  it('GET /healthz answers ok in plain text, without a key', async () => {
    const response = await rig.gateway.fetch('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('ok');
  });

  it('Swagger lists each endpoint once (no unversioned aliases)', async () => {
    const doc = await readResult<{ paths: Record<string, unknown> }>(
      await rig.gateway.fetch('/docs-json'),
    );
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/chat/completions',
        '/v1/models',
        '/v1/models/{model}',
        '/healthz',
      ]),
    );
    for (const alias of [
      '/chat/completions',
      '/completions',
      '/embeddings',
      '/models',
      '/responses',
    ]) {
      expect(paths).not.toContain(alias);
    }
    expect(paths.filter((p) => p.startsWith('/v1/models/{'))).toEqual(['/v1/models/{model}']);
  });
});
