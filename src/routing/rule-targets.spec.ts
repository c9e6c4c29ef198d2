import type { ProviderRuntime, RuleRuntime, RuleTarget } from '../providers/snapshot.types';
import { modelOf, providerOf, targetOf } from './__fixtures__/runtime';
import { ruleTargets } from './rule-targets';
import { compileRule } from './rules/rule-language';

const openai = providerOf('openai');
const anthropic = providerOf('anthropic', { format: 'anthropic' });
const groq = providerOf('groq');
const providers = new Map<string, ProviderRuntime>([openai, anthropic, groq].map((p) => [p.id, p]));

const mini = targetOf('mini', {
  provider: openai,
  upstreamModel: 'gpt-mini',
  contextWindow: 128_000,
  price: { input: 0.15, output: 0.6 },
});
const big = targetOf('big', {
  provider: openai,
  upstreamModel: 'gpt-big',
  priority: 2,
  contextWindow: 1_000_000,
  capabilities: { tools: true, images: false },
});
const claude = targetOf('claude', { provider: anthropic, upstreamModel: 'claude-x' });
const model = modelOf([mini, big, claude], { name: 'smart' });

function rule(targets: RuleTarget[], id = 'r1'): RuleRuntime {
  const when = 'TokenCount > 1000';
  return { id, when, targets, compiled: compileRule(when) };
}

describe('ruleTargets', () => {
  it("takes the model's own targets on the named provider, in the rule's order", () => {
    const out = ruleTargets(
      rule([{ provider: 'anthropic' }, { provider: 'openai' }]),
      model,
      providers,
    );
    expect(out).toEqual([claude, mini, big]);
  });

  it('narrows to the named upstream model, keeping its price and context window', () => {
    const [only, ...rest] = ruleTargets(
      rule([{ provider: 'openai', model: 'gpt-big' }]),
      model,
      providers,
    );
    expect(rest).toEqual([]);
    expect(only).toBe(big);
    expect(only.contextWindow).toBe(1_000_000);
    expect(only.capabilities).toEqual({ tools: true, images: false });
  });

  it('creates a target for a provider the model has no target on', () => {
    const out = ruleTargets(
      rule(
        [
          { provider: 'groq', model: 'llama-70b' },
          { provider: 'openai', model: 'gpt-mini' },
        ],
        'g',
      ),
      model,
      providers,
    );
    expect(out).toEqual([
      {
        id: 'rule:g:0',
        provider: groq,
        upstreamModel: 'llama-70b',
        priority: 1,
        weight: 1,
        contextWindow: undefined,
        price: undefined,
        quota: undefined,
        capabilities: { tools: true, images: true },
        reasoning: true,
        enabled: true,
      },
      mini,
    ]);
  });

  it("uses the logical model's name when an override names no upstream model", () => {
    const [t] = ruleTargets(rule([{ provider: 'groq' }]), model, providers);
    expect(t.provider).toBe(groq);
    expect(t.upstreamModel).toBe('smart');
  });

  it("sends the client's own name ('*') when an override on a glob entry names no model", () => {
    const glob = modelOf([claude], { name: 'claude-*' });
    const [t] = ruleTargets(rule([{ provider: 'groq' }]), glob, providers);
    expect(t.provider).toBe(groq);
    expect(t.upstreamModel).toBe('*');
  });

  it('creates a target for an upstream model the provider has no target for', () => {
    const out = ruleTargets(
      rule([{ provider: 'openai', model: 'gpt-new' }], 'n'),
      model,
      providers,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ id: 'rule:n:0', provider: openai, upstreamModel: 'gpt-new' });
    expect(out[0].price).toBeUndefined();
  });

  it('skips an override naming an unknown provider, numbering by override position', () => {
    const out = ruleTargets(
      rule([{ provider: 'deleted' }, { provider: 'groq', model: 'l' }], 'x'),
      model,
      providers,
    );
    expect(out.map((t) => [t.id, t.priority])).toEqual([['rule:x:1', 2]]);
    expect(ruleTargets(rule([{ provider: 'deleted' }]), model, providers)).toEqual([]);
  });
});
