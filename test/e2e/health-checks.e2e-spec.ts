import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addModel, addProvider, closedPortUrl } from '../support/config';
import { expectOpenAIError } from '../support/expect';
import { Gateway, startGateway } from '../support/gateway';

interface HealthCheckView {
  ok: boolean;
  checked_at: string;
  error: string | null;
}

interface TargetStatus {
  model: string;
  provider: string;
  upstream_model: string;
  circuit: string;
  health_check: HealthCheckView | null;
  priority: number;
  weight: number;
  enabled: boolean;
}

interface ProviderStatus {
  id: string;
  format: string;
  enabled: boolean;
  health_check: HealthCheckView | null;
  targets: TargetStatus[];
}

const HEALTH_CHECK = { path: '/models', interval_ms: 200, timeout_ms: 500 };

/** Active health checks and the admin status endpoints that show them. */
describe('health checks', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let plain: FakeOpenAI;

  beforeAll(async () => {
    [upstream, plain] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    gateway = await startGateway();
    await addProvider(gateway, 'checked', upstream, { health_check: HEALTH_CHECK });
    await addProvider(gateway, 'unchecked', plain);
    await addModel(gateway, 'health-model', [
      { provider: 'checked', model: 'fake-model', priority: 1 },
      { provider: 'unchecked', model: 'other-model', priority: 2, weight: 3 },
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([upstream?.close(), plain?.close()]);
  });

  async function providerStatus(id: string): Promise<ProviderStatus> {
    const all = await gateway.adminOk<ProviderStatus[]>('GET', '/admin/providers/status');
    const found = all.find((p) => p.id === id);
    if (!found) throw new Error(`provider ${id} missing from ${JSON.stringify(all)}`);
    return found;
  }

  /** Polls the provider status until `accept` holds (health checks run every 200 ms). */
  async function statusWhen(
    id: string,
    accept: (s: ProviderStatus) => boolean,
    timeoutMs = 5000,
  ): Promise<ProviderStatus> {
    const deadline = Date.now() + timeoutMs;
    let last = await providerStatus(id);
    while (!accept(last)) {
      if (Date.now() > deadline) throw new Error(`status never matched: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 50));
      last = await providerStatus(id);
    }
    return last;
  }

  it('checks the provider with GET <base_url><path> and its auth header, and reports ok', async () => {
    const status = await statusWhen('checked', (s) => s.health_check?.ok === true);
    expect(status).toMatchObject({
      id: 'checked',
      format: 'openai',
      enabled: true,
      health_check: { ok: true, checked_at: expect.any(String), error: null },
      targets: [
        {
          model: 'health-model',
          provider: 'checked',
          upstream_model: 'fake-model',
          circuit: 'closed',
          priority: 1,
          enabled: true,
          health_check: { ok: true },
        },
      ],
    });
    const check = upstream.requests.find((r) => r.method === 'GET');
    expect(check).toMatchObject({ path: '/v1/models' });
    expect(check?.headers.authorization).toBe('Bearer sk-checked-provider-key');
  });

  it('runs again every interval_ms', async () => {
    const first = (await providerStatus('checked')).health_check!.checked_at;
    const next = await statusWhen('checked', (s) => s.health_check!.checked_at !== first);
    expect(Date.parse(next.health_check!.checked_at)).toBeGreaterThan(Date.parse(first));
  });

  it('a provider without health_check shows none', async () => {
    const status = await providerStatus('unchecked');
    expect(status.health_check).toBeNull();
    expect(status.targets).toEqual([
      expect.objectContaining({ model: 'health-model', upstream_model: 'other-model', weight: 3 }),
    ]);
    expect(plain.requests.filter((r) => r.method === 'GET')).toEqual([]);
  });

  it('shows a failing check, then the recovery', async () => {
    upstream.behave({ failModels: { status: 503 } });
    const failing = await statusWhen('checked', (s) => s.health_check?.ok === false);
    expect(failing.health_check).toMatchObject({ ok: false, error: 'HTTP 503' });
    expect(failing.targets[0].health_check).toMatchObject({ ok: false, error: 'HTTP 503' });

    upstream.behave({});
    const recovered = await statusWhen('checked', (s) => s.health_check?.ok === true);
    expect(recovered.health_check).toMatchObject({ ok: true, error: null });
  });

  it('a check slower than timeout_ms fails as a timeout', async () => {
    upstream.behave({ modelsDelayMs: 1000 });
    const slow = await statusWhen('checked', (s) => s.health_check?.ok === false);
    expect(slow.health_check).toMatchObject({ ok: false, error: 'timeout after 500 ms' });

    upstream.behave({});
    await statusWhen('checked', (s) => s.health_check?.ok === true);
  });

  it('an unreachable provider fails its check', async () => {
    await addProvider(gateway, 'unreachable', await closedPortUrl(), {
      health_check: HEALTH_CHECK,
    });
    const status = await statusWhen('unreachable', (s) => s.health_check !== null);
    expect(status.health_check).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(status.targets).toEqual([]);
  });

  it('follows configuration: removing the health check stops it and clears its result', async () => {
    await gateway.adminOk('PUT', '/admin/providers/checked', {
      id: 'checked',
      format: 'openai',
      base_url: upstream.baseUrl,
      api_key: 'sk-checked-provider-key',
    });
    const status = await providerStatus('checked');
    expect(status.health_check).toBeNull();
    const count = upstream.requests.filter((r) => r.method === 'GET').length;
    await new Promise((r) => setTimeout(r, 500));
    expect(upstream.requests.filter((r) => r.method === 'GET').length).toBe(count);
  });

  describe('GET /admin/models/:name/status', () => {
    it("shows the model's strategy and its targets' health", async () => {
      const status = await gateway.adminOk('GET', '/admin/models/health-model/status');
      expect(status).toEqual({
        model: 'health-model',
        strategy: 'priority',
        sticky: false,
        targets: [
          expect.objectContaining({
            model: 'health-model',
            provider: 'checked',
            upstream_model: 'fake-model',
            circuit: 'closed',
            retry_at: null,
            cooldown_until: null,
            in_flight: 0,
            priority: 1,
            weight: expect.any(Number),
            enabled: true,
          }),
          expect.objectContaining({ provider: 'unchecked', upstream_model: 'other-model' }),
        ],
      });
    });

    it('404 in the admin error format for an unknown model', async () => {
      expectOpenAIError(await gateway.admin('GET', '/admin/models/nope/status'), 404, {
        code: 'model_not_found',
      });
    });

    it('needs the admin key', async () => {
      const response = await gateway.fetch('/admin/models/health-model/status');
      expect(response.status).toBe(401);
    });
  });

  it('the status routes leave GET /admin/providers/:id and /admin/models/:name working', async () => {
    expect(await gateway.adminOk('GET', '/admin/providers/checked')).toMatchObject({
      id: 'checked',
    });
    expect(await gateway.adminOk('GET', '/admin/models/health-model')).toMatchObject({
      name: 'health-model',
    });
    expect((await gateway.admin('GET', '/admin/providers/status')).status).toBe(200);
  });
});
