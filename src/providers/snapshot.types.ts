import type {
  MAX_TOKENS_FIELDS,
  PROVIDER_FORMATS,
  ROLES,
  STRATEGIES,
  UNSUPPORTED_TOOLS,
} from '../config/gateway-config.schema';
import type { CompiledRule } from '../routing/rules/rule-language';

export type ProviderFormat = (typeof PROVIDER_FORMATS)[number];
export type Strategy = (typeof STRATEGIES)[number];
export type UnsupportedToolsMode = (typeof UNSUPPORTED_TOOLS)[number];
export type Role = (typeof ROLES)[number];
export type MaxTokensField = (typeof MAX_TOKENS_FIELDS)[number];

export interface Price {
  input: number;
  output: number;
  cached_input?: number;
  cache_write?: number;
}

export interface Quota {
  requests_per_period?: number;
  tokens_per_period?: number;
  period_cron: string;
}

export interface HealthCheck {
  path: string;
  interval_ms: number;
  timeout_ms: number;
}

export interface CircuitBreakerConfig {
  failure_threshold: number;
  error_rate: number;
  min_requests: number;
  cooldown_ms: number;
}

export interface Capabilities {
  tools: boolean;
  images: boolean;
}

/** A provider as the hot path sees it: API key decrypted, ready to call. */
export interface ProviderRuntime {
  readonly id: string;
  readonly format: ProviderFormat;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly streamSupport: boolean;
  readonly nonStreamSupport: boolean;
  readonly enabled: boolean;
  readonly apiVersion: string | undefined;
  /** OpenAI formats: the field for a converted request's token limit. */
  readonly maxTokensField: MaxTokensField;
  readonly healthCheck: HealthCheck | undefined;
  /** Absent: the gateway's defaults (CIRCUIT_* environment variables). */
  readonly circuitBreaker: CircuitBreakerConfig | undefined;
  /** false: its models take no reasoning parameters (a target may say otherwise). */
  readonly reasoning: boolean;
}

export interface TargetRuntime {
  readonly id: string;
  readonly provider: ProviderRuntime;
  /** `*`: the name the client asked for (see upstreamModelFor). */
  readonly upstreamModel: string;
  readonly priority: number;
  readonly weight: number;
  readonly contextWindow: number | undefined;
  readonly price: Price | undefined;
  readonly quota: Quota | undefined;
  readonly capabilities: Capabilities;
  /** false: reasoning parameters are removed from requests to it (target, else provider). */
  readonly reasoning: boolean;
  readonly enabled: boolean;
}

export interface RuleTarget {
  provider: string;
  model?: string;
}

export interface RuleRuntime {
  readonly id: string;
  readonly when: string;
  readonly targets: readonly RuleTarget[];
  /** `when`, compiled once per snapshot; never matches if the stored text no longer compiles. */
  readonly compiled: CompiledRule;
}

export interface ModelRuntime {
  readonly name: string;
  readonly strategy: Strategy;
  readonly sticky: boolean;
  /** A client tool the target cannot take: dropped (and named in a header) or a 400. */
  readonly unsupportedTools: UnsupportedToolsMode;
  readonly targets: readonly TargetRuntime[];
  readonly rules: readonly RuleRuntime[];
}

/** The caller of a request, resolved from its gateway key. */
export interface KeyPrincipal {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly models: readonly string[];
  readonly allowsModel: (model: string) => boolean;
  readonly limits: { rpm?: number; tpm?: number } | undefined;
  readonly budget: { usd: number; period_cron: string } | undefined;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A model entry whose name is a glob (`claude-*`), with its compiled matcher. */
export interface ModelGlob {
  readonly model: ModelRuntime;
  readonly matches: (name: string) => boolean;
}

/** Everything the hot path reads, rebuilt as a whole whenever configuration changes. */
export interface ConfigSnapshot {
  readonly version: number;
  readonly loadedAt: Date;
  readonly providers: ReadonlyMap<string, ProviderRuntime>;
  /** Every model entry by its name, globs (`claude-*`) included: look names up with findModel. */
  readonly models: ReadonlyMap<string, ModelRuntime>;
  /** The entries whose name is a glob, most specific first (compareGlobSpecificity). */
  readonly modelGlobs: readonly ModelGlob[];
  readonly keysByHash: ReadonlyMap<string, KeyPrincipal>;
  readonly globalRules: readonly RuleRuntime[];
}
