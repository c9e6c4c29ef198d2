import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';

interface KeyUsage {
  rpm: number | null;
  tpm: number | null;
  budget_used_usd: number | null;
  budget_period_start: string | null;
}

interface KeyView {
  name: string;
  usage: KeyUsage;
}

interface QuotaUse {
  period_start: string;
  requests: number;
  tokens: number;
  cost_usd: number;
}

interface TargetStatus {
  model: string;
  provider: string;
  upstream_model: string;
  quota_use: QuotaUse | null;
}

interface Stats {
  models: { name: string; targets: { provider: string; period: { start: string } }[] }[];
  keys: { name: string; budget_period: { start: string } | null }[];
}

/** 11 prompt + 7 completion tokens a request, at $1 / $2 per 1M: $0.000025 a request. */
const USAGE = { prompt_tokens: 11, completion_tokens: 7, cached_tokens: 0 };
const TOKENS = 18;
const COST = (11 * 1 + 7 * 2) / 1e6;

/**
 * Current use in the admin lists: a key's rpm/tpm window and budget spend, a target's quota
 * use in its period — moving with real requests, and equal to what the limits count.
 */
describe('admin usage figures', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let limitedKey: string;
  let plainKey: string;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ behaviour: { usage: USAGE } });
    gateway = await startGateway();
    await addProvider(gateway, 'up', upstream);
    const price = { input: 1, output: 2 };
    await gateway.adminOk('POST', '/admin/models', {
      name: 'metered',
      targets: [
        {
          provider: 'up',
          model: 'u-1',
          price,
          quota: { requests_per_period: 1000, tokens_per_period: 1_000_000 },
        },
      ],
    });
    await gateway.adminOk('POST', '/admin/models', {
      name: 'free',
      targets: [{ provider: 'up', model: 'u-2', price }],
    });
    limitedKey = await addKey(gateway, 'limited', {
      limits: { rpm: 1000, tpm: 1_000_000 },
      budget: { usd: 10 },
    });
    plainKey = await addKey(gateway, 'plain');
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const chat = (key: string, model: string) =>
    gateway.openai(key).chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'hi' }],
    });

  const usageOf = async (name: string) =>
    (await gateway.adminOk<KeyView>('GET', `/admin/keys/${name}`)).usage;

  const modelTargets = async (model: string) =>
    (await gateway.adminOk<{ targets: TargetStatus[] }>('GET', `/admin/models/${model}/status`))
      .targets;

  /** Settlements (actual tokens and cost) are written in batches: wait for them to land. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('starts at zero for limits a key has, and null for those it has not', async () => {
    const stats = await gateway.adminOk<Stats>('GET', '/admin/stats');
    const budgetStart = stats.keys.find((k) => k.name === 'limited')!.budget_period!.start;
    expect(await usageOf('limited')).toEqual({
      rpm: 0,
      tpm: 0,
      budget_used_usd: 0,
      budget_period_start: budgetStart,
    });
    expect(await usageOf('plain')).toEqual({
      rpm: null,
      tpm: null,
      budget_used_usd: null,
      budget_period_start: null,
    });
    const [metered] = await modelTargets('metered');
    const quotaStart = stats.models.find((m) => m.name === 'metered')!.targets[0].period.start;
    expect(metered.quota_use).toEqual({
      period_start: quotaStart,
      requests: 0,
      tokens: 0,
      cost_usd: 0,
    });
    const [free] = await modelTargets('free');
    expect(free.quota_use).toBeNull();
  });

  it('key usage counts the requests, tokens and dollars of real requests', async () => {
    for (let i = 0; i < 3; i++) await chat(limitedKey, 'free');
    const usage = await eventually(
      () => usageOf('limited'),
      (u) => u.tpm === 3 * TOKENS && (u.budget_used_usd ?? 0) >= 3 * COST - 1e-12,
    );
    expect(usage).toMatchObject({ rpm: 3, tpm: 3 * TOKENS });
    expect(usage.budget_used_usd).toBeCloseTo(3 * COST, 10);
    // The list shows the same figures.
    const list = await gateway.adminOk<KeyView[]>('GET', '/admin/keys');
    expect(list.find((k) => k.name === 'limited')!.usage).toEqual(usage);
    expect(list.find((k) => k.name === 'plain')!.usage.rpm).toBeNull();
  });

  it('quota_use counts the requests, tokens and cost served by a target with a quota', async () => {
    for (let i = 0; i < 2; i++) await chat(plainKey, 'metered');
    const [metered] = await eventually(
      () => modelTargets('metered'),
      ([t]) => t.quota_use?.tokens === 2 * TOKENS && t.quota_use.cost_usd >= 2 * COST - 1e-12,
    );
    expect(metered.quota_use).toMatchObject({ requests: 2, tokens: 2 * TOKENS });
    expect(metered.quota_use!.cost_usd).toBeCloseTo(2 * COST, 10);

    // The same figures per provider; a target without a quota has none.
    const providers = await gateway.adminOk<{ id: string; targets: TargetStatus[] }[]>(
      'GET',
      '/admin/providers/status',
    );
    const targets = providers.find((p) => p.id === 'up')!.targets;
    expect(targets.find((t) => t.model === 'metered')!.quota_use).toEqual(metered.quota_use);
    expect(targets.find((t) => t.model === 'free')!.quota_use).toBeNull();
  });
});
