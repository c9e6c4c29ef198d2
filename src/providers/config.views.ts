import type { ApiKeyRow } from '../auth/api-keys.repository';
import { normalizeRuleTargets } from './snapshot.builder';
import type { ModelRow, RuleRow } from './models.repository';
import type { ProviderRow } from './providers.repository';

/** Header names whose values are treated as secrets in API responses. */
const SENSITIVE_HEADER = /authorization|key|token|secret|cookie|password|credential/i;

/** Show that a secret is set without revealing it: only the last 4 characters. */
export function maskSecret(secret: string): string {
  return secret.length > 12 ? `****${secret.slice(-4)}` : '****';
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SENSITIVE_HEADER.test(k) ? maskSecret(v) : v]),
  );
}

export interface ProviderView {
  id: string;
  format: string;
  base_url: string;
  api_key: string | null;
  headers: Record<string, string>;
  timeout_ms: number;
  retries: number;
  stream_support: boolean;
  non_stream_support: boolean;
  enabled: boolean;
  api_version?: string;
  max_tokens_field?: string;
  health_check?: unknown;
  circuit_breaker?: unknown;
  reasoning?: boolean;
  created_at: string;
  updated_at: string;
}

/** A provider as the admin API shows it; `decryptedKey` is only used to build the mask. */
export function providerView(row: ProviderRow, decryptedKey: string | undefined): ProviderView {
  const extra = (row.extra ?? {}) as {
    api_version?: string;
    max_tokens_field?: string;
    health_check?: unknown;
    circuit_breaker?: unknown;
    reasoning?: boolean;
  };
  return {
    id: row.id,
    format: row.format,
    base_url: row.baseUrl,
    api_key: row.apiKeyEncrypted ? (decryptedKey ? maskSecret(decryptedKey) : '****') : null,
    headers: maskHeaders((row.headers ?? {}) as Record<string, string>),
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
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function modelView(row: ModelRow) {
  return {
    name: row.name,
    strategy: row.strategy,
    sticky: row.sticky,
    unsupported_tools: row.unsupportedTools,
    targets: row.targets.map((t) => ({
      id: t.id,
      provider: t.providerId,
      model: t.upstreamModel,
      priority: t.priority,
      weight: t.weight,
      ...(t.contextWindow != null ? { context_window: t.contextWindow } : {}),
      ...(t.price != null ? { price: t.price } : {}),
      ...(t.quota != null ? { quota: t.quota } : {}),
      ...(t.capabilities != null ? { capabilities: t.capabilities } : {}),
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

export type ModelView = ReturnType<typeof modelView>;

export function ruleView(row: RuleRow) {
  return {
    id: row.id,
    /** The model the rule belongs to; null for a global rule. */
    model: row.modelName,
    position: row.position,
    when: row.when,
    targets: normalizeRuleTargets(row.targets),
  };
}

export type RuleView = ReturnType<typeof ruleView>;

export function apiKeyView(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.keyPrefix,
    role: row.role,
    models: row.models,
    ...(row.limits != null ? { limits: row.limits } : {}),
    ...(row.budget != null ? { budget: row.budget } : {}),
    metadata: row.metadata,
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type ApiKeyView = ReturnType<typeof apiKeyView>;
