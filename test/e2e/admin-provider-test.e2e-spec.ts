import {
  DEFAULT_CONTENT as ANTHROPIC_CONTENT,
  FakeAnthropic,
  startFakeAnthropic,
} from '../fakes/anthropic-upstream';
import {
  DEFAULT_CONTENT as GEMINI_CONTENT,
  FakeGemini,
  startFakeGemini,
} from '../fakes/gemini-upstream';
import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addModel, addProvider, closedPortUrl } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';

interface TestResult {
  ok: boolean;
  status: number | null;
  latency_ms: number;
  model: string;
  answer: string | null;
  error: { type: string; message: string } | null;
}

/**
 * POST /admin/providers/{id}/test: one small request to the provider itself, in its format,
 * with its stored secret — and nothing else (no routing, no usage).
 */
describe('admin provider test', () => {
  let gateway: Gateway;
  let openai: FakeOpenAI;
  let anthropic: FakeAnthropic;
  let gemini: FakeGemini;

  const test = (id: string, body: unknown = {}) =>
    gateway.admin<TestResult>('POST', `/admin/providers/${id}/test`, body);

  beforeAll(async () => {
    [openai, anthropic, gemini] = await Promise.all([
      startFakeOpenAI(),
      startFakeAnthropic(),
      startFakeGemini(),
    ]);
    gateway = await startGateway();
    await addProvider(gateway, 'oa', openai, { api_key: 'sk-oa-secret-0001' });
    await addProvider(gateway, 'az', openai.azureBaseUrl, {
      format: 'azure',
      api_key: 'az-secret-0002',
    });
    await addProvider(gateway, 'an', anthropic.baseUrl, {
      format: 'anthropic',
      api_key: 'sk-ant-secret-0003',
    });
    await addProvider(gateway, 'ge', gemini.baseUrl, { format: 'gemini', api_key: 'ge-secret-4' });
    // Streams only: the test streams too.
    await addProvider(gateway, 'streamer', openai, { non_stream_support: false, enabled: false });
    await addProvider(gateway, 'lonely', openai);
    await addProvider(gateway, 'gone', await closedPortUrl());
    await addModel(gateway, 'm', [
      { provider: 'oa', model: 'gpt-test' },
      { provider: 'az', model: 'my-deployment' },
      { provider: 'an', model: 'claude-test' },
      { provider: 'ge', model: 'gemini-test' },
      { provider: 'streamer', model: 'gpt-stream' },
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openai?.close(), anthropic?.close(), gemini?.close()]);
  });

  beforeEach(() => {
    openai.reset();
    anthropic.reset();
    gemini.reset();
  });

  it('asks an OpenAI provider the upstream model of its target, with its own key', async () => {
    const result = await test('oa');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      ok: true,
      status: 200,
      latency_ms: expect.any(Number),
      model: 'gpt-test',
      answer: DEFAULT_CONTENT,
      error: null,
    });
    expect(openai.requests).toHaveLength(1);
    const sent = openai.requests[0];
    expect(sent.headers.authorization).toBe('Bearer sk-oa-secret-0001');
    expect(sent.body).toMatchObject({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Reply with OK' }],
      max_tokens: 16,
    });
  });

  it('speaks each provider format: Azure, Anthropic, Gemini', async () => {
    const [az, an, ge] = await Promise.all([test('az'), test('an'), test('ge')]);
    expect(az.body).toMatchObject({ ok: true, status: 200, model: 'my-deployment' });
    expect(an.body).toMatchObject({ ok: true, status: 200, answer: ANTHROPIC_CONTENT });
    expect(ge.body).toMatchObject({ ok: true, status: 200, answer: GEMINI_CONTENT });
    expect(openai.requests[0].deployment).toBe('my-deployment');
    expect(openai.requests[0].headers['api-key']).toBe('az-secret-0002');
    expect(anthropic.requests[0].headers['x-api-key']).toBe('sk-ant-secret-0003');
    expect(anthropic.requests[0].body).toMatchObject({ model: 'claude-test', max_tokens: 16 });
    expect(gemini.requests[0].apiKey).toBe('ge-secret-4');
    expect(gemini.requests[0].model).toBe('gemini-test');
  });

  it('takes the model to ask from the body', async () => {
    const result = await test('lonely', { model: 'gpt-other' });
    expect(result.body).toMatchObject({ ok: true, model: 'gpt-other' });
    expect(openai.requests[0].body?.model).toBe('gpt-other');
  });

  it('streams when the provider only streams, and tests a disabled provider too', async () => {
    const result = await test('streamer');
    expect(result.body).toMatchObject({ ok: true, status: 200, answer: DEFAULT_CONTENT });
    expect(openai.requests[0].body?.stream).toBe(true);
  });

  it('reports the provider’s error answer with its status and message', async () => {
    openai.behave({ fail: { status: 401, message: 'Incorrect API key provided: sk-oa***' } });
    const result = await test('oa');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      ok: false,
      status: 401,
      model: 'gpt-test',
      answer: null,
      error: { type: 'authentication', message: 'Incorrect API key provided: sk-oa***' },
    });
  });

  it('reports an unreachable provider with status null', async () => {
    const result = await test('gone', { model: 'x' });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      ok: false,
      status: null,
      answer: null,
      error: { type: 'connection', message: 'connection refused' },
    });
  });

  it('asks for a model when the provider serves none, and 404s an unknown provider', async () => {
    const noModel = await test('lonely');
    expect(noModel.status).toBe(400);
    expect((noModel.body as unknown as { error: { param: string } }).error.param).toBe('model');
    expect(openai.requests).toHaveLength(0);
    const unknown = await test('nope');
    expect(unknown.status).toBe(404);
  });

  it('accepts a request without a body', async () => {
    const response = await gateway.fetch('/admin/providers/oa/test', {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminKey}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, model: 'gpt-test' });
  });
});
