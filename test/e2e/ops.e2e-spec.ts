import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, readResult, startGateway } from '../support/gateway';

/** What operators and their tooling read: health, metrics, API docs. */
describe('operations endpoints', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  describe('health', () => {
    it('GET /health is 200 with the database up', async () => {
      const result = await readResult(await gateway.fetch('/health'));
      // As one object, so that a failure shows which check was down.
      expect({ status: result.status, body: result.body }).toMatchObject({
        status: 200,
        body: { status: 'ok', info: { database: { status: 'up' } } },
      });
    });

    it.each(['/health/live', '/health/ready'])('GET %s is 200', async (path) => {
      const result = await readResult(await gateway.fetch(path));
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ status: 'ok' });
    });
  });

  describe('GET /metrics', () => {
    it('counts requests by model, provider and status, and exports latency and in-flight', async () => {
      await addProvider(gateway, 'metrics-up', upstream);
      await addModel(gateway, 'metrics-model', [{ provider: 'metrics-up', model: 'mm' }]);
      const client = gateway.openai(await addKey(gateway, 'metrics-key'));
      await client.chat.completions.create({
        model: 'metrics-model',
        messages: [{ role: 'user', content: 'hi' }],
      });

      const response = await gateway.fetch('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      const counter = text
        .split('\n')
        .find(
          (line) =>
            line.startsWith('switchboard_requests_total{') &&
            line.includes('model="metrics-model"') &&
            line.includes('provider="metrics-up"') &&
            line.includes('status="200"'),
        );
      expect(counter).toBeDefined();
      expect(Number(counter?.split(' ').pop())).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(
        /^switchboard_request_duration_seconds_bucket\{.*model="metrics-model"/m,
      );
      expect(text).toMatch(
        /^switchboard_upstream_duration_seconds_bucket\{.*provider="metrics-up"/m,
      );
      expect(text).toMatch(/^# TYPE switchboard_requests_in_flight gauge$/m);
    });
  });

  describe('Swagger', () => {
    it('GET /docs-json documents the admin and client endpoints', async () => {
      const result = await readResult<{ openapi: string; paths: Record<string, unknown> }>(
        await gateway.fetch('/docs-json'),
      );
      expect(result.status).toBe(200);
      expect(result.body.openapi).toMatch(/^3\./);
      expect(Object.keys(result.body.paths)).toEqual(
        expect.arrayContaining([
          '/admin/providers',
          '/admin/providers/{id}',
          '/admin/models',
          '/admin/models/{name}',
          '/admin/keys',
          '/admin/keys/{name}',
          '/admin/reload',
          '/v1/chat/completions',
          '/v1/models',
        ]),
      );
    });

    it('GET /docs serves the Swagger UI page', async () => {
      const response = await gateway.fetch('/docs');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toMatch(/swagger/i);
    });
  });
});
