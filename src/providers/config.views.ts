import type { ProviderInput } from '../config/gateway-config.schema';
import type { ApiKeyRow } from '../auth/api-keys.repository';
import type { ApiKeyView, ModelView, ProviderView, RuleView } from './admin-views.schema';
import { normalizeRuleTargets } from './snapshot.builder';
import type { ModelRow, RuleRow } from './models.repository';
import type { ProviderRow } from './providers.repository';

/** Header names whose values are treated as secrets in API responses. */
const SENSITIVE_HEADER = /authorization|key|token|secret|cookie|password|credential/i;

/** Whether a header's value is a secret (masked in answers). */
export function isSecretHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** Show that a secret is set without revealing it: only the last 4 characters. */
export function maskSecret(secret: string): string {
  return secret.length > 12 ? `****${secret.slice(-4)}` : '****';
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SENSITIVE_HEADER.test(k) ? maskSecret(v) : v]),
  );
}

/**
 * Headers of a PUT or PATCH body with the secrets kept: a credential-like header sent back with
 * the masked value the API showed for it (an edit form echoes what GET returned) keeps the
 * stored value instead of becoming the mask.
 */
export function unmaskHeaders(
  sent: Record<string, string>,
  stored: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sent).map(([k, v]) => {
      const old = stored[k];
      const keep = old !== undefined && SENSITIVE_HEADER.test(k) && v === maskSecret(old);
      return [k, keep ? old : v];
    }),
  );
}

/**
 * A stored provider as a request body (and the YAML file) gives it, without its secret: the
 * admin view shows it masked, a PATCH merges into it (so the stored secret stays).
 */
export function providerInputOf(row: ProviderRow): ProviderInput {
  // Written from the validated provider schema (ConfigAdminService.saveProvider).
  const extra = (row.extra ?? {}) as Partial<ProviderInput>;
  return {
    id: row.id,
    format: row.format as ProviderInput['format'],
    base_url: row.baseUrl,
    headers: (row.headers ?? {}) as Record<string, string>,
    timeout_ms: row.timeoutMs,
    retries: row.retries,
    stream_support: row.streamSupport,
    non_stream_support: row.nonStreamSupport,
    enabled: row.enabled,
    ...(extra.api_version !== undefined ? { api_version: extra.api_version } : {}),
    ...(extra.max_tokens_field !== undefined ? { max_tokens_field: extra.max_tokens_field } : {}),
    ...(extra.health_check !== undefined ? { health_check: extra.health_check } : {}),
    ...(extra.circuit_breaker !== undefined ? { circuit_breaker: extra.circuit_breaker } : {}),
    ...(extra.reasoning !== undefined ? { reasoning: extra.reasoning } : {}),
  };
}

/** A provider as the admin API shows it; `decryptedKey` is only used to build the mask. */
export function providerView(row: ProviderRow, decryptedKey: string | undefined): ProviderView {
  const { headers, ...settings } = providerInputOf(row);
  return {
    ...settings,
    api_key: row.apiKeyEncrypted ? (decryptedKey ? maskSecret(decryptedKey) : '****') : null,
    headers: maskHeaders(headers),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Stored values were validated on write, so the string and JSON columns are cast. */
export function modelView(row: ModelRow): ModelView {
  return {
    name: row.name,
    strategy: row.strategy as ModelView['strategy'],
    sticky: row.sticky,
    unsupported_tools: row.unsupportedTools as ModelView['unsupported_tools'],
    targets: row.targets.map((t) => ({
      id: t.id,
      provider: t.providerId,
      model: t.upstreamModel,
      priority: t.priority,
      weight: t.weight,
      ...(t.contextWindow != null ? { context_window: t.contextWindow } : {}),
      ...(t.price != null ? { price: t.price as Target['price'] } : {}),
      ...(t.quota != null ? { quota: t.quota as Target['quota'] } : {}),
      ...(t.capabilities != null ? { capabilities: t.capabilities as Target['capabilities'] } : {}),
      ...(t.reasoning != null ? { reasoning: t.reasoning } : {}),
      enabled: t.enabled,
    })),
    rules: row.rules.map((r) => ({
      id: r.id,
      when: r.when,
      targets: normalizeRuleTargets(r.targets),
    })),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

type Target = ModelView['targets'][number];

export function ruleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    /** The model the rule belongs to; null for a global rule. */
    model: row.modelName,
    position: row.position,
    when: row.when,
    targets: normalizeRuleTargets(row.targets),
  };
}

export function apiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.keyPrefix,
    role: row.role as ApiKeyView['role'],
    models: row.models,
    ...(row.limits != null ? { limits: row.limits as ApiKeyView['limits'] } : {}),
    ...(row.budget != null ? { budget: row.budget as ApiKeyView['budget'] } : {}),
    metadata: row.metadata as ApiKeyView['metadata'],
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type { ApiKeyView, ModelView, ProviderView, RuleView };
