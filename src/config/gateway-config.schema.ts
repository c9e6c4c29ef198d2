import { z } from 'zod';
import { cronError } from '../quota/period';
import { ruleCompileError } from '../routing/rules/rule-language';

/**
 * The configuration vocabulary, shared by the YAML file (GATEWAY_CONFIG) and the admin API:
 * one schema per entity, snake_case field names, so a YAML entry and an admin request body
 * are the same document. Unknown fields are rejected so typos are caught.
 */

export const PROVIDER_FORMATS = ['openai', 'azure', 'anthropic', 'gemini'] as const;
export const STRATEGIES = [
  'priority',
  'weighted',
  'round_robin',
  'least_connections',
  'latency',
  'cost',
] as const;
export const ROLES = ['user', 'admin'] as const;
/** What a model does with a client tool its target cannot take. */
export const UNSUPPORTED_TOOLS = ['drop', 'reject'] as const;

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" and "-" only');

/**
 * A model entry's name: what clients put in `model` (slashes allowed: `org/model`), or a glob
 * with `*` (`claude-*`, `gpt-*`, `*`) that serves every name it matches — the exact name first,
 * else the most specific glob (see compareGlobSpecificity).
 */
const modelName = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9*][A-Za-z0-9._:/@+*-]*$/,
    'letters, digits, * (a glob) and . _ : / @ + - only',
  );

export const priceSchema = z
  .object({
    input: z.number().nonnegative().describe('USD per 1M prompt tokens'),
    output: z.number().nonnegative().describe('USD per 1M completion tokens'),
    cached_input: z.number().nonnegative().optional().describe('USD per 1M cached prompt tokens'),
    cache_write: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        'USD per 1M prompt tokens written to the provider cache (Anthropic cache_creation); input when absent',
      ),
  })
  .strict();

const cron = z
  .string()
  .regex(/^\s*\S+(\s+\S+){4,5}\s*$/, 'must be a 5-field (or 6-field with seconds) cron expression')
  .superRefine((expr, ctx) => {
    const error = cronError(expr);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  });

export const quotaSchema = z
  .object({
    requests_per_period: z.number().int().positive().optional(),
    tokens_per_period: z.number().int().positive().optional(),
    period_cron: cron.default('0 0 * * *'),
  })
  .strict();

export const limitsSchema = z
  .object({
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
  })
  .strict();

export const budgetSchema = z
  .object({
    usd: z.number().positive(),
    period_cron: cron.default('0 0 1 * *'),
  })
  .strict();

export const healthCheckSchema = z
  .object({
    path: z.string().default('/models'),
    interval_ms: z.number().int().positive().default(30000),
    timeout_ms: z.number().int().positive().default(5000),
  })
  .strict();

export const circuitBreakerSchema = z
  .object({
    failure_threshold: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Consecutive failures that open the circuit'),
    error_rate: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .describe('EWMA error rate that opens the circuit (once min_requests were seen)'),
    min_requests: z.number().int().positive().default(20),
    cooldown_ms: z
      .number()
      .int()
      .positive()
      .default(30000)
      .describe('How long an open circuit stays open before one probe request is let through'),
  })
  .strict();

export const capabilitiesSchema = z
  .object({
    tools: z.boolean().default(true).describe('The upstream model accepts tool definitions'),
    images: z.boolean().default(true).describe('The upstream model accepts image input'),
  })
  .strict();

/** How an OpenAI-format upstream is told the most tokens to generate. */
export const MAX_TOKENS_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

export const providerSchema = z
  .object({
    id,
    format: z.enum(PROVIDER_FORMATS).default('openai'),
    base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    api_key: z.string().optional().describe('Stored encrypted; never returned'),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.number().int().positive().default(60000),
    retries: z.number().int().min(0).max(10).default(2),
    stream_support: z.boolean().default(true),
    non_stream_support: z.boolean().default(true),
    enabled: z.boolean().default(true),
    api_version: z.string().optional().describe('Azure api-version'),
    max_tokens_field: z
      .enum(MAX_TOKENS_FIELDS)
      .optional()
      .describe(
        'OpenAI and Azure formats: the field that carries a converted request’s token limit. ' +
          'Default max_completion_tokens for api.openai.com (its reasoning models accept no ' +
          'other), max_tokens elsewhere (what OpenAI-compatible servers know)',
      ),
    reasoning: z
      .boolean()
      .optional()
      .describe(
        'false: its models take no reasoning parameters (reasoning_effort, thinking, ' +
          'thinkingConfig are removed from requests to it); a target may override it',
      ),
    health_check: healthCheckSchema.optional(),
    circuit_breaker: circuitBreakerSchema.optional(),
  })
  .strict();

export const targetSchema = z
  .object({
    provider: id,
    model: z
      .string()
      .min(1)
      .describe("The upstream model name; '*' sends the name the client asked for"),
    priority: z.number().int().default(1),
    weight: z.number().int().min(0).default(1),
    context_window: z.number().int().positive().optional(),
    price: priceSchema.optional(),
    quota: quotaSchema.optional(),
    capabilities: capabilitiesSchema.optional(),
    reasoning: z
      .boolean()
      .optional()
      .describe(
        "false: the upstream model takes no reasoning parameters (they are removed); default: the provider's setting, else true",
      ),
    enabled: z.boolean().default(true),
  })
  .strict();

/** `[{ provider, model? }]`, or the map shorthand `{ provider: model }`. */
export const ruleTargetsSchema = z.union([
  z.array(z.object({ provider: id, model: z.string().min(1).optional() }).strict()).min(1),
  z
    .record(id, z.string().min(1))
    .refine((m) => Object.keys(m).length > 0, 'must name at least one provider'),
]);

export const ruleSchema = z
  .object({
    when: z
      .string()
      .min(1)
      .superRefine((when, ctx) => {
        const message = ruleCompileError(when);
        if (message !== null) ctx.addIssue({ code: 'custom', message });
      })
      .describe(
        'CEL expression: TokenCount, Model, Path, MaxTokens, Stream, HasTools, HasImages, Headers, Key, User, Hour',
      ),
    targets: ruleTargetsSchema,
  })
  .strict();

export const modelSchema = z
  .object({
    name: modelName,
    strategy: z.enum(STRATEGIES).default('priority'),
    sticky: z.boolean().default(false),
    unsupported_tools: z
      .enum(UNSUPPORTED_TOOLS)
      .default('drop')
      .describe(
        "A client tool the target cannot take (e.g. a hosted tool such as OpenAI's " +
          'file_search): dropped (named in x-switchboard-dropped-tools) or rejected with a 400',
      ),
    targets: z.array(targetSchema).default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();

export const apiKeySchema = z
  .object({
    name: id,
    key: z.string().min(16, 'must be at least 16 characters').optional(),
    role: z.enum(ROLES).default('user'),
    models: z.array(z.string().min(1)).default(['*']),
    limits: limitsSchema.optional(),
    budget: budgetSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
    enabled: z.boolean().default(true),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    api_keys: z.array(apiKeySchema).default([]),
    providers: z.array(providerSchema).default([]),
    models: z.array(modelSchema).default([]),
    rules: z
      .array(ruleSchema)
      .optional()
      .describe('Global rules, evaluated after model rules; replaces the stored list when present'),
  })
  .strict();

export type ProviderInput = z.infer<typeof providerSchema>;
export type TargetInput = z.infer<typeof targetSchema>;
export type RuleInput = z.infer<typeof ruleSchema>;
export type ModelInput = z.infer<typeof modelSchema>;
export type ApiKeyInput = z.infer<typeof apiKeySchema>;
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
