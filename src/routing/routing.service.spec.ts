import { Subject } from 'rxjs';
import { GatewayError } from '../common/errors/gateway-error';
import { parseEnv } from '../config/env';
import type { CanonicalRequest, ContentPart } from '../conversion/canonical/types';
import { MetricsService } from '../metrics/metrics.service';
import type { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type {
  CircuitBreakerConfig,
  ConfigSnapshot,
  ModelRuntime,
  ProviderRuntime,
  RuleRuntime,
  RuleTarget,
  TargetRuntime,
} from '../providers/snapshot.types';
import { modelOf, principalOf, providerOf, targetOf } from './__fixtures__/runtime';
import type { QuotaService } from '../quota/quota.service';
import { TargetHealthService } from './health/target-health.service';
import { RequestFacts } from './request-facts';
import { needsTokenCounts, RoutePlan, RoutingService, skippedTargets } from './routing.service';
import { compileRule } from './rules/rule-language';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** `LONG` is 104 prompt tokens (o200k + message framing), `SHORT` 4. */
const LONG = 'hello '.repeat(100);
const SHORT = 'hi';
const breaker: CircuitBreakerConfig = {
  failure_threshold: 2,
  error_rate: 0.5,
  min_requests: 20,
  cooldown_ms: 10_000,
};

const principal = principalOf();

interface FactsInput {
  text?: string;
  maxTokens?: number;
  tools?: boolean;
  image?: boolean;
  user?: string;
  headers?: Record<string, string>;
}

function canonicalOf(input: FactsInput): CanonicalRequest {
  const content: ContentPart[] = [{ type: 'text', text: input.text ?? SHORT }];
  if (input.image) {
    content.push({ type: 'image', source: { kind: 'url', url: 'https://x.example/a.png' } });
  }
  return {
    model: 'model',
    system: [],
    messages: [{ role: 'user', content }],
    stream: false,
    maxTokens: input.maxTokens,
    user: input.user,
    tools: input.tools ? [{ name: 'lookup', parameters: { type: 'object' } }] : undefined,
  };
}

/** Chat facts plus the spy on their `canonical()`. */
function chatFacts(input: FactsInput = {}) {
  const canonical = jest.fn(() => canonicalOf(input));
  const facts = new RequestFacts({
    model: 'model',
    path: '/v1/chat/completions',
    headers: input.headers ?? {},
    principal,
    stream: false,
    body: {},
    canonical,
    operation: 'chat',
  });
  return { facts, canonical };
}

const facts = (input: FactsInput = {}) => chatFacts(input).facts;

function ruleOf(id: string, when: string, targets: RuleTarget[]): RuleRuntime {
  return { id, when, targets, compiled: compileRule(when) };
}

const ids = (targets: readonly TargetRuntime[]) => targets.map((t) => t.id);
const reasons = (plan: RoutePlan) =>
  Object.fromEntries(plan.verdicts.map((v) => [v.target.id, v.reason ?? 'kept']));

describe('RoutingService', () => {
  const openai = providerOf('openai');
  const anthropic = providerOf('anthropic', { format: 'anthropic' });
  const groq = providerOf('groq');
  let globalRules: RuleRuntime[];
  let health: TargetHealthService;
  let routing: RoutingService;
  /** `model/target id` → until when the quota hint says the target is out of quota. */
  let exhausted: Map<string, number>;

  beforeEach(() => {
    // Health and sticky sessions read Date.now(): freeze it.
    jest.useFakeTimers({ now: T0 });
    globalRules = [];
    const providers = new Map<string, ProviderRuntime>(
      [openai, anthropic, groq].map((p) => [p.id, p]),
    );
    const snapshot = {
      changes$: new Subject(),
      get current() {
        return { globalRules, providers };
      },
    } as unknown as ConfigSnapshotService;
    const env = parseEnv({});
    health = new TargetHealthService(env, new MetricsService(), snapshot);
    exhausted = new Map();
    const quota = {
      exhaustedUntil: (model: string, t: TargetRuntime) => exhausted.get(`${model}/${t.id}`),
    } as unknown as QuotaService;
    routing = new RoutingService(snapshot, health, quota, env);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  function failTimes(target: TargetRuntime, n: number) {
    for (let i = 0; i < n; i++) {
      expect(health.begin(target)).toBe(true);
      health.failed(target, 'HTTP 500', 10);
    }
  }

  function rateLimit(target: TargetRuntime, retryAfterMs: number) {
    expect(health.begin(target)).toBe(true);
    health.rateLimited(target, retryAfterMs, 10);
  }

  describe('without a rule', () => {
    it("orders the model's targets by its strategy (priority)", () => {
      const a = targetOf('a', { priority: 3 });
      const b = targetOf('b', { priority: 1 });
      const c = targetOf('c', { priority: 2 });
      const plan = routing.plan(modelOf([a, b, c]), facts(), 'chat');
      expect(ids(plan.candidates)).toEqual(['b', 'c', 'a']);
      expect(plan.rule).toBeNull();
      expect(plan.error).toBeNull();
      expect(plan.verdicts.every((v) => v.kept)).toBe(true);
    });

    it('rotates round-robin per model from one plan to the next', () => {
      const model = modelOf([targetOf('a'), targetOf('b'), targetOf('c')], {
        strategy: 'round_robin',
      });
      const firsts = [1, 2, 3, 4].map(() => routing.plan(model, facts(), 'chat').candidates[0].id);
      expect(firsts).toEqual(['a', 'b', 'c', 'a']);
    });
  });

  describe('rules', () => {
    const mini = targetOf('mini', {
      provider: openai,
      upstreamModel: 'gpt-mini',
      priority: 1,
      contextWindow: 128_000,
      price: { input: 0.15, output: 0.6 },
    });
    const claude = targetOf('claude', {
      provider: anthropic,
      upstreamModel: 'claude-x',
      priority: 2,
    });
    const longToClaude = ruleOf('long', 'TokenCount > 100', [
      { provider: 'anthropic' },
      { provider: 'openai' },
    ]);

    it("a model rule matching on TokenCount picks its targets in the rule's order", () => {
      const model = modelOf([mini, claude], { rules: [longToClaude] });
      const plan = routing.plan(model, facts({ text: LONG }), 'chat');
      expect(plan.rule).toEqual({ scope: 'model', index: 0, id: 'long', when: 'TokenCount > 100' });
      expect(ids(plan.candidates)).toEqual(['claude', 'mini']);
      // The model's own target on that provider keeps its price and context window.
      expect(plan.candidates[1]).toBe(mini);
      expect(plan.candidates[1].price).toEqual({ input: 0.15, output: 0.6 });
      expect(plan.candidates[1].contextWindow).toBe(128_000);
    });

    it('a rule that does not match leaves the strategy order', () => {
      const model = modelOf([mini, claude], { rules: [longToClaude] });
      const plan = routing.plan(model, facts({ text: SHORT }), 'chat');
      expect(plan.rule).toBeNull();
      expect(ids(plan.candidates)).toEqual(['mini', 'claude']);
    });

    it('global rules apply after model rules', () => {
      globalRules = [ruleOf('g', 'Headers["x-team"] == "search"', [{ provider: 'anthropic' }])];
      const model = modelOf([mini, claude], {
        rules: [ruleOf('m', 'User == "vip"', [{ provider: 'openai' }])],
      });

      const viaGlobal = routing.plan(model, facts({ headers: { 'x-team': 'search' } }), 'chat');
      expect(viaGlobal.rule).toMatchObject({ scope: 'global', index: 0, id: 'g' });
      expect(ids(viaGlobal.candidates)).toEqual(['claude']);

      const both = routing.plan(
        model,
        facts({ user: 'vip', headers: { 'x-team': 'search' } }),
        'chat',
      );
      expect(both.rule).toMatchObject({ scope: 'model', index: 0, id: 'm' });
      expect(ids(both.candidates)).toEqual(['mini']);
    });

    it('the first matching rule wins', () => {
      const model = modelOf([mini, claude], {
        rules: [
          ruleOf('never', 'MaxTokens > 100000', [{ provider: 'openai' }]),
          ruleOf('first', 'TokenCount > 10', [{ provider: 'anthropic' }]),
          ruleOf('second', 'TokenCount > 20', [{ provider: 'openai' }]),
        ],
      });
      const plan = routing.plan(model, facts({ text: LONG }), 'chat');
      expect(plan.rule).toMatchObject({ index: 1, id: 'first' });
      expect(ids(plan.candidates)).toEqual(['claude']);
    });

    it('a rule that throws does not match and is reported', () => {
      const model = modelOf([mini, claude], {
        rules: [
          ruleOf('broken', 'Headers["x-missing"] == "a"', [{ provider: 'openai' }]),
          ruleOf('ok', 'TokenCount > 0', [{ provider: 'anthropic' }]),
        ],
      });
      const plan = routing.plan(model, facts(), 'chat');
      expect(plan.ruleErrors).toEqual([
        {
          scope: 'model',
          index: 0,
          when: 'Headers["x-missing"] == "a"',
          message: expect.stringContaining('x-missing'),
        },
      ]);
      expect(plan.rule).toMatchObject({ id: 'ok', index: 1 });
      expect(ids(plan.candidates)).toEqual(['claude']);
    });

    it('an override on a provider the model has no target on becomes a target', () => {
      globalRules = [ruleOf('fast', 'Stream == false', [{ provider: 'groq', model: 'llama-70b' }])];
      const plan = routing.plan(modelOf([mini]), facts(), 'chat');
      expect(plan.candidates).toHaveLength(1);
      expect(plan.candidates[0]).toMatchObject({
        id: 'rule:fast:0',
        provider: groq,
        upstreamModel: 'llama-70b',
      });
    });

    it('502 when the matched rule names no known provider', () => {
      globalRules = [ruleOf('gone', 'true', [{ provider: 'deleted' }])];
      const plan = routing.plan(modelOf([mini]), facts(), 'chat');
      expect(plan.candidates).toEqual([]);
      expect(plan.error).toMatchObject({ status: 502, code: 'all_targets_failed' });
      expect(plan.error?.message).toContain('the matched rule names no known provider');
    });
  });

  describe('filters', () => {
    it('drops disabled targets and targets of disabled providers', () => {
      const off = targetOf('off', { enabled: false });
      const offProvider = targetOf('offp', { provider: providerOf('down', { enabled: false }) });
      const on = targetOf('on');
      const plan = routing.plan(modelOf([off, offProvider, on]), facts(), 'chat');
      expect(ids(plan.candidates)).toEqual(['on']);
      expect(reasons(plan)).toEqual({
        off: 'target disabled',
        offp: 'provider disabled',
        on: 'kept',
      });
      expect(skippedTargets(plan)).toEqual([
        'p-off/m: target disabled',
        'down/m: provider disabled',
      ]);
    });

    it('drops targets without tools or images support when the request needs them', () => {
      const noTools = targetOf('notools', { capabilities: { tools: false, images: true } });
      const noImages = targetOf('noimages', { capabilities: { tools: true, images: false } });
      const model = modelOf([noTools, noImages]);

      const withTools = routing.plan(model, facts({ tools: true }), 'chat');
      expect(reasons(withTools)).toEqual({
        notools: 'does not support tools',
        noimages: 'kept',
      });

      const withImage = routing.plan(model, facts({ image: true }), 'chat');
      expect(reasons(withImage)).toEqual({
        notools: 'kept',
        noimages: 'does not support images',
      });

      const both = routing.plan(model, facts({ tools: true, image: true }), 'chat');
      expect(both.candidates).toEqual([]);
      expect(both.error).toMatchObject({ status: 400, code: 'unsupported_request' });
    });

    it('drops a target whose context window is smaller than prompt + max_tokens', () => {
      const small = targetOf('small', { priority: 1, contextWindow: 150 });
      const large = targetOf('large', { priority: 2, contextWindow: 200_000 });
      const model = modelOf([small, large]);

      const fits = routing.plan(model, facts({ text: LONG, maxTokens: 46 }), 'chat');
      expect(ids(fits.candidates)).toEqual(['small', 'large']);

      const plan = routing.plan(model, facts({ text: LONG, maxTokens: 47 }), 'chat');
      expect(ids(plan.candidates)).toEqual(['large']);
      expect(reasons(plan).small).toBe(
        'context window 150 < 151 tokens (prompt 104 + max_tokens 47)',
      );
    });

    it('drops a target whose circuit is open', () => {
      const flaky = targetOf('flaky', {
        priority: 1,
        provider: providerOf('flaky', { circuitBreaker: breaker }),
      });
      const steady = targetOf('steady', { priority: 2 });
      failTimes(flaky, 1);
      const model = modelOf([flaky, steady]);
      expect(ids(routing.plan(model, facts(), 'chat').candidates)).toEqual(['flaky', 'steady']);

      failTimes(flaky, 1);
      const plan = routing.plan(model, facts(), 'chat');
      expect(ids(plan.candidates)).toEqual(['steady']);
      expect(reasons(plan).flaky).toBe('circuit open until 2030-01-01T00:00:10.000Z');
    });

    it('drops a rate-limited target until its Retry-After', () => {
      const busy = targetOf('busy', { priority: 1 });
      const idle = targetOf('idle', { priority: 2 });
      rateLimit(busy, 5_000);
      const model = modelOf([busy, idle]);
      const plan = routing.plan(model, facts(), 'chat');
      expect(ids(plan.candidates)).toEqual(['idle']);
      expect(reasons(plan).busy).toBe('rate limited until 2030-01-01T00:00:05.000Z');

      jest.setSystemTime(T0 + 5_001);
      expect(ids(routing.plan(model, facts(), 'chat').candidates)).toEqual(['busy', 'idle']);
    });

    it('embeddings leave out anthropic-format providers', () => {
      const claude = targetOf('claude', { provider: anthropic });
      const gpt = targetOf('gpt', { provider: openai });
      const gemini = targetOf('gemini', { provider: providerOf('g', { format: 'gemini' }) });
      const canonical = jest.fn(() => null);
      const embeddings = new RequestFacts({
        model: 'model',
        path: '/v1/embeddings',
        headers: {},
        principal,
        stream: false,
        body: { input: 'hello' },
        canonical,
        text: () => 'hello',
        operation: 'embeddings',
      });
      const plan = routing.plan(modelOf([claude, gpt, gemini]), embeddings, 'embeddings');
      expect(ids(plan.candidates).sort()).toEqual(['gemini', 'gpt']);
      expect(reasons(plan).claude).toBe('a anthropic provider cannot serve embeddings');
    });
  });

  describe('when nothing is left', () => {
    it('400 context_length_exceeded when every target is too small', () => {
      const model = modelOf([
        targetOf('a', { contextWindow: 100 }),
        targetOf('b', { contextWindow: 50 }),
      ]);
      const plan = routing.plan(model, facts({ text: LONG }), 'chat');
      expect(plan.candidates).toEqual([]);
      expect(plan.error).toBeInstanceOf(GatewayError);
      expect(plan.error).toMatchObject({
        status: 400,
        code: 'context_length_exceeded',
        param: 'messages',
      });
      expect(plan.error?.message).toContain('p-a/m: context window 100 < 104 tokens');
    });

    it('429 with the soonest Retry-After when every target is rate limited', () => {
      const a = targetOf('a');
      const b = targetOf('b');
      rateLimit(a, 5_000);
      rateLimit(b, 2_500);
      const plan = routing.plan(modelOf([a, b]), facts(), 'chat');
      expect(plan.error).toMatchObject({
        status: 429,
        code: 'all_targets_rate_limited',
        headers: { 'retry-after': '3' },
      });
    });

    it('skips a target whose quota is spent; 429 until the period ends when none is left', () => {
      const a = targetOf('a', { quota: { requests_per_period: 5, period_cron: '0 0 * * *' } });
      const b = targetOf('b', { priority: 2 });
      exhausted.set('model/a', T0 + 60_000);
      const plan = routing.plan(modelOf([a, b]), facts(), 'chat');
      expect(plan.candidates).toEqual([b]);
      expect(plan.verdicts[0]).toMatchObject({
        kept: false,
        reason: `quota exhausted until ${new Date(T0 + 60_000).toISOString()}`,
      });
      const only = routing.plan(modelOf([a]), facts(), 'chat');
      expect(only.error).toMatchObject({ status: 429, headers: { 'retry-after': '60' } });
    });

    it('502, not 429, when one target is rate limited and another has its circuit open', () => {
      const limited = targetOf('limited');
      rateLimit(limited, 5_000);
      const flaky = targetOf('flaky', { provider: providerOf('f', { circuitBreaker: breaker }) });
      failTimes(flaky, 2);
      const plan = routing.plan(modelOf([limited, flaky]), facts(), 'chat');
      expect(plan.error).toMatchObject({ status: 502, code: 'all_targets_failed', headers: {} });
      expect(plan.error?.message).toMatch(/^No target of model 'model' can take the request now/);
    });

    it('502 listing each target otherwise', () => {
      const flaky = targetOf('flaky', { provider: providerOf('f', { circuitBreaker: breaker }) });
      failTimes(flaky, 2);
      const plan = routing.plan(
        modelOf([targetOf('off', { enabled: false }), flaky]),
        facts(),
        'chat',
      );
      expect(plan.error).toMatchObject({ status: 502, code: 'all_targets_failed', headers: {} });
      expect(plan.error?.message).toContain('p-off/m: target disabled');
      expect(plan.error?.message).toContain('f/m: circuit open until 2030-01-01T00:00:10.000Z');
    });

    it('502 when the model has no target', () => {
      const plan = routing.plan(modelOf([]), facts(), 'chat');
      expect(plan.error).toMatchObject({ status: 502 });
      expect(plan.error?.message).toContain('the model has no target');
    });
  });

  describe('sticky sessions', () => {
    const a = targetOf('a', { priority: 1 });
    const b = targetOf('b', { priority: 2 });
    let model: ModelRuntime;
    beforeEach(() => {
      model = modelOf([a, b], { sticky: true });
    });
    const session = (id: string) => facts({ headers: { 'x-session-id': id } });

    it('puts the target that served a session first for that session only', () => {
      const first = routing.plan(model, session('s1'), 'chat');
      expect(first.session).toBe('s1');
      expect(ids(first.candidates)).toEqual(['a', 'b']);
      routing.served(first, b);

      const again = routing.plan(model, session('s1'), 'chat');
      expect(ids(again.candidates)).toEqual(['b', 'a']);
      expect(again.stickyTarget).toBe('p-b/m');

      const other = routing.plan(model, session('s2'), 'chat');
      expect(ids(other.candidates)).toEqual(['a', 'b']);
      expect(other.stickyTarget).toBeNull();
    });

    it('keys the session by x-session-id, else user, else the gateway key', () => {
      expect(routing.plan(model, facts({ user: 'u1' }), 'chat').session).toBe('u1');
      expect(
        routing.plan(model, facts({ user: 'u1', headers: { 'x-session-id': 'h' } }), 'chat')
          .session,
      ).toBe('h');
      const byKey = routing.plan(model, facts(), 'chat');
      expect(byKey.session).toBe('key:key-1');
      routing.served(byKey, b);
      expect(ids(routing.plan(model, facts(), 'chat').candidates)).toEqual(['b', 'a']);
      expect(ids(routing.plan(model, facts({ user: 'u2' }), 'chat').candidates)).toEqual([
        'a',
        'b',
      ]);
    });

    it('does not force an unhealthy pinned target', () => {
      routing.served(routing.plan(model, session('s1'), 'chat'), b);
      rateLimit(b, 5_000);
      const plan = routing.plan(model, session('s1'), 'chat');
      expect(ids(plan.candidates)).toEqual(['a']);
      expect(plan.stickyTarget).toBeNull();
    });

    it('remembers nothing for a model that is not sticky', () => {
      const loose = modelOf([a, b]);
      const plan = routing.plan(loose, session('s1'), 'chat');
      expect(plan.session).toBeNull();
      routing.served(plan, b);
      expect(ids(routing.plan(loose, session('s1'), 'chat').candidates)).toEqual(['a', 'b']);
    });
  });

  describe('laziness', () => {
    it('does not parse or count a request when nothing needs it', () => {
      const { facts: f, canonical } = chatFacts({ text: LONG });
      const plan = routing.plan(
        modelOf([targetOf('a'), targetOf('b', { priority: 2 })]),
        f,
        'chat',
      );
      expect(ids(plan.candidates)).toEqual(['a', 'b']);
      expect(f.tokenCountKnown).toBe(false);
      expect(canonical).not.toHaveBeenCalled();
    });

    it('does not count tokens for a rule that does not use TokenCount', () => {
      const { facts: f } = chatFacts({ text: LONG, headers: { 'x-team': 'other' } });
      const model = modelOf([targetOf('a')], {
        rules: [ruleOf('r', 'Headers["x-team"] == "search"', [{ provider: 'groq' }])],
      });
      const plan = routing.plan(model, f, 'chat');
      expect(plan.rule).toBeNull();
      expect(ids(plan.candidates)).toEqual(['a']);
      expect(f.tokenCountKnown).toBe(false);
    });

    it('counts tokens once a context window needs them', () => {
      const { facts: f, canonical } = chatFacts({ text: LONG });
      routing.plan(modelOf([targetOf('a', { contextWindow: 1_000 })]), f, 'chat');
      expect(f.tokenCountKnown).toBe(true);
      expect(canonical).toHaveBeenCalledTimes(1);
    });
  });
});

describe('needsTokenCounts', () => {
  const snapshotOf = (models: ModelRuntime[], globalRules: RuleRuntime[] = []) =>
    ({ models: new Map(models.map((m) => [m.name, m])), globalRules }) as unknown as ConfigSnapshot;
  const rule = (when: string): RuleRuntime => ({
    id: when,
    when,
    targets: [{ provider: 'p' }],
    compiled: compileRule(when),
  });

  it('is false for plain models and rules that do not read TokenCount', () => {
    expect(needsTokenCounts(snapshotOf([modelOf([targetOf('a')])], [rule('Stream')]))).toBe(false);
  });

  it('is true for a TokenCount rule (model or global), a context window, or the cost strategy', () => {
    expect(needsTokenCounts(snapshotOf([], [rule('TokenCount > 10')]))).toBe(true);
    expect(
      needsTokenCounts(snapshotOf([modelOf([targetOf('a')], { rules: [rule('TokenCount > 1')] })])),
    ).toBe(true);
    expect(needsTokenCounts(snapshotOf([modelOf([targetOf('a', { contextWindow: 8 })])]))).toBe(
      true,
    );
    expect(needsTokenCounts(snapshotOf([modelOf([targetOf('a')], { strategy: 'cost' })]))).toBe(
      true,
    );
  });
});
