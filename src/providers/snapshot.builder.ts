import {
  compareGlobSpecificity,
  compileModelGlobs,
  globMatcher,
  isModelGlob,
} from '../auth/model-glob';
import type { ApiKeyRow } from '../auth/api-keys.repository';
import { compileRule, CompiledRule, neverMatchingRule } from '../routing/rules/rule-language';
import type { ModelRow, RuleRow } from './models.repository';
import type { ProviderRow } from './providers.repository';
import type {
  Capabilities,
  CircuitBreakerConfig,
  ConfigSnapshot,
  HealthCheck,
  KeyPrincipal,
  ModelRuntime,
  Price,
  ProviderFormat,
  ProviderRuntime,
  Quota,
  Role,
  RuleRuntime,
  RuleTarget,
  Strategy,
  TargetRuntime,
  MaxTokensField,
} from './snapshot.types';

const ALL_CAPABILITIES: Capabilities = { tools: true, images: true };

export interface SnapshotRows {
  version: number;
  providers: ProviderRow[];
  models: ModelRow[];
  globalRules: RuleRow[];
  keys: ApiKeyRow[];
}

/** `[{provider, model?}]` or `{ provider: model }` → the list form. */
export function normalizeRuleTargets(targets: unknown): RuleTarget[] {
  if (Array.isArray(targets)) return targets as RuleTarget[];
  if (targets && typeof targets === 'object') {
    return Object.entries(targets as Record<string, string>).map(([provider, model]) => ({
      provider,
      model,
    }));
  }
  return [];
}

function toRule(row: RuleRow, onWarning: (message: string) => void): RuleRuntime {
  let compiled: CompiledRule;
  try {
    compiled = compileRule(row.when);
  } catch (err) {
    const owner = row.modelName === null ? 'global rule' : `rule of model '${row.modelName}'`;
    onWarning(
      `${owner} ${row.id} (position ${row.position}) does not compile and never matches: ` +
        (err instanceof Error ? err.message : String(err)),
    );
    compiled = neverMatchingRule(row.when);
  }
  return { id: row.id, when: row.when, targets: normalizeRuleTargets(row.targets), compiled };
}

/**
 * Build the immutable in-memory snapshot from database rows. `decrypt` turns a stored provider
 * secret into plaintext; a secret that cannot be decrypted leaves the provider without a key
 * and is reported through `onWarning` (the wrong GATEWAY_SECRET is the usual cause).
 */
export function buildSnapshot(
  rows: SnapshotRows,
  decrypt: (stored: string) => string,
  onWarning: (message: string) => void = () => undefined,
): ConfigSnapshot {
  const providers = new Map<string, ProviderRuntime>();
  for (const p of rows.providers) {
    let apiKey: string | undefined;
    if (p.apiKeyEncrypted) {
      try {
        apiKey = decrypt(p.apiKeyEncrypted);
      } catch {
        onWarning(
          `provider '${p.id}': its API key cannot be decrypted with this GATEWAY_SECRET; ` +
            'requests to it go without a key until it is set again',
        );
      }
    }
    const extra = (p.extra ?? {}) as {
      api_version?: string;
      max_tokens_field?: MaxTokensField;
      health_check?: HealthCheck;
      circuit_breaker?: CircuitBreakerConfig;
      reasoning?: boolean;
    };
    providers.set(p.id, {
      id: p.id,
      format: p.format as ProviderFormat,
      baseUrl: p.baseUrl.replace(/\/+$/, ''),
      apiKey,
      headers: (p.headers ?? {}) as Record<string, string>,
      timeoutMs: p.timeoutMs,
      retries: p.retries,
      streamSupport: p.streamSupport,
      nonStreamSupport: p.nonStreamSupport,
      enabled: p.enabled,
      apiVersion: extra.api_version,
      maxTokensField: extra.max_tokens_field ?? defaultMaxTokensField(p.baseUrl),
      healthCheck: extra.health_check,
      circuitBreaker: extra.circuit_breaker,
      reasoning: extra.reasoning ?? true,
    });
  }

  const models = new Map<string, ModelRuntime>();
  for (const m of rows.models) {
    const targets: TargetRuntime[] = [];
    for (const t of m.targets) {
      const provider = providers.get(t.providerId);
      if (!provider) continue; // foreign key makes this impossible; keep the type honest
      targets.push({
        id: t.id,
        provider,
        upstreamModel: t.upstreamModel,
        priority: t.priority,
        weight: t.weight,
        contextWindow: t.contextWindow ?? undefined,
        price: (t.price ?? undefined) as Price | undefined,
        quota: (t.quota ?? undefined) as Quota | undefined,
        capabilities: { ...ALL_CAPABILITIES, ...((t.capabilities ?? {}) as Partial<Capabilities>) },
        reasoning: t.reasoning ?? provider.reasoning,
        enabled: t.enabled,
      });
    }
    models.set(m.name, {
      name: m.name,
      strategy: m.strategy as Strategy,
      sticky: m.sticky,
      unsupportedTools: m.unsupportedTools === 'reject' ? 'reject' : 'drop',
      targets,
      rules: m.rules.map((r) => toRule(r, onWarning)),
    });
  }

  const keysByHash = new Map<string, KeyPrincipal>();
  for (const k of rows.keys) {
    if (!k.enabled) continue;
    keysByHash.set(k.keyHash, {
      id: k.id,
      name: k.name,
      role: k.role as Role,
      models: k.models,
      allowsModel: compileModelGlobs(k.models),
      limits: (k.limits ?? undefined) as KeyPrincipal['limits'],
      budget: (k.budget ?? undefined) as KeyPrincipal['budget'],
      metadata: (k.metadata ?? {}) as Record<string, unknown>,
    });
  }

  return {
    version: rows.version,
    loadedAt: new Date(),
    providers,
    models,
    modelGlobs: [...models.values()]
      .filter((m) => isModelGlob(m.name))
      .sort((a, b) => compareGlobSpecificity(a.name, b.name))
      .map((model) => ({ model, matches: globMatcher(model.name) })),
    keysByHash,
    globalRules: rows.globalRules.map((r) => toRule(r, onWarning)),
  };
}

/**
 * api.openai.com takes max_completion_tokens for every model, and its reasoning models take
 * nothing else; OpenAI-compatible servers, resellers and Azure's older api-versions often know
 * only max_tokens.
 */
function defaultMaxTokensField(baseUrl: string): MaxTokensField {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens';
  } catch {
    return 'max_tokens';
  }
}
