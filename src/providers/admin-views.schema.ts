import { z } from 'zod';
import {
  budgetSchema,
  capabilitiesSchema,
  circuitBreakerSchema,
  healthCheckSchema,
  limitsSchema,
  MAX_TOKENS_FIELDS,
  priceSchema,
  PROVIDER_FORMATS,
  quotaSchema,
  ROLES,
  STRATEGIES,
  UNSUPPORTED_TOOLS,
} from '../config/gateway-config.schema';

/**
 * What the admin API answers for providers, models, rules and keys: the schemas the OpenAPI
 * document shows (so the console's generated types are real) and the types the views build.
 * Field names are the YAML file's; secrets appear only masked.
 */

/** An ISO 8601 time (documented as a date-time string; the gateway writes toISOString()). */
export const isoTime = z.string().meta({ format: 'date-time' });

export const providerViewSchema = z.object({
  id: z.string(),
  format: z.enum(PROVIDER_FORMATS),
  base_url: z.string(),
  api_key: z
    .string()
    .nullable()
    .describe('Masked (`****` and at most the last 4 characters); null when none is stored'),
  headers: z
    .record(z.string(), z.string())
    .describe('Extra upstream headers; values of credential-like names are masked'),
  timeout_ms: z.number().int(),
  retries: z.number().int(),
  stream_support: z.boolean(),
  non_stream_support: z.boolean(),
  enabled: z.boolean(),
  api_version: z.string().optional(),
  max_tokens_field: z.enum(MAX_TOKENS_FIELDS).optional(),
  health_check: healthCheckSchema.optional(),
  circuit_breaker: circuitBreakerSchema.optional(),
  reasoning: z.boolean().optional(),
  created_at: isoTime,
  updated_at: isoTime,
});

export type ProviderView = z.infer<typeof providerViewSchema>;

export const ruleTargetViewSchema = z.object({
  provider: z.string(),
  model: z.string().optional().describe("Absent: the model's own target on that provider"),
});

export const targetViewSchema = z.object({
  id: z.string(),
  provider: z.string(),
  model: z.string().describe("The upstream model name; '*' sends the name the client asked for"),
  priority: z.number().int(),
  weight: z.number().int(),
  context_window: z.number().int().optional(),
  price: priceSchema.optional(),
  quota: quotaSchema.optional(),
  capabilities: capabilitiesSchema.optional(),
  reasoning: z.boolean().optional(),
  enabled: z.boolean(),
});

export const modelViewSchema = z.object({
  name: z.string(),
  strategy: z.enum(STRATEGIES),
  sticky: z.boolean(),
  unsupported_tools: z.enum(UNSUPPORTED_TOOLS),
  targets: z.array(targetViewSchema),
  rules: z.array(
    z.object({ id: z.string(), when: z.string(), targets: z.array(ruleTargetViewSchema) }),
  ),
  created_at: isoTime,
  updated_at: isoTime,
});

export type ModelView = z.infer<typeof modelViewSchema>;

export const ruleViewSchema = z.object({
  id: z.string(),
  model: z.string().nullable().describe('The model the rule belongs to; null for a global rule'),
  position: z.number().int(),
  when: z.string(),
  targets: z.array(ruleTargetViewSchema),
});

export type RuleView = z.infer<typeof ruleViewSchema>;

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  key_prefix: z.string().describe('The first characters of the key (keys are stored hashed)'),
  role: z.enum(ROLES),
  models: z.array(z.string()),
  limits: limitsSchema.optional(),
  budget: budgetSchema.optional(),
  metadata: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  created_at: isoTime,
  updated_at: isoTime,
});

export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;
