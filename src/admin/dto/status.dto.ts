import { createZodDto } from '../../common/zod-dto';
import { z } from 'zod';
import { PROVIDER_FORMATS, STRATEGIES } from '../../config/gateway-config.schema';
import { isoTime } from '../../providers/admin-views.schema';
import { COUNTED_USE } from './views.dto';

/** Live health as one instance sees it (`/admin/providers/status`, `/admin/models/{name}/status`). */

const healthCheckResultSchema = z
  .object({ ok: z.boolean(), checked_at: isoTime, error: z.string().nullable() })
  .nullable()
  .describe("The provider's last active health check; null without one (yet)");

/** One upstream's health (TargetHealthView), as explain also shows it. */
export const targetHealthSchema = z
  .object({
    provider: z.string(),
    model: z.string().describe('The upstream model'),
    circuit: z.enum(['closed', 'open', 'half_open']),
    retry_at: isoTime.nullable().describe('When an open circuit lets a probe through'),
    cooldown_until: isoTime.nullable().describe('Rate-limited (429) until'),
    latency_ms: z.number().nullable(),
    error_rate: z.number(),
    in_flight: z.number().int(),
    consecutive_failures: z.number().int(),
    requests: z.number().int(),
    failures: z.number().int(),
    last_error: z.object({ message: z.string(), at: isoTime }).nullable(),
    health_check: healthCheckResultSchema,
  })
  .meta({ id: 'TargetHealth' });

export const quotaUseSchema = z
  .object({
    period_start: isoTime,
    requests: z.number().int(),
    tokens: z.number().int(),
    cost_usd: z.number(),
  })
  .nullable()
  .describe(
    `Use of the target's quota in its current period; null when it has no quota. ${COUNTED_USE}`,
  )
  .meta({ id: 'QuotaUse' });

export type QuotaUse = z.infer<typeof quotaUseSchema>;

export const targetStatusSchema = targetHealthSchema
  .omit({ model: true })
  .extend({
    model: z.string().describe('The logical model'),
    upstream_model: z.string(),
    priority: z.number().int(),
    weight: z.number().int(),
    enabled: z.boolean(),
    quota_use: quotaUseSchema,
  })
  .meta({ id: 'TargetStatus' });

export type TargetStatus = z.infer<typeof targetStatusSchema>;

export const providerStatusSchema = z.object({
  id: z.string(),
  format: z.enum(PROVIDER_FORMATS),
  enabled: z.boolean(),
  health_check: healthCheckResultSchema,
  targets: z.array(targetStatusSchema),
});

export type ProviderStatus = z.infer<typeof providerStatusSchema>;

export const modelStatusSchema = z.object({
  model: z.string(),
  strategy: z.enum(STRATEGIES),
  sticky: z.boolean(),
  targets: z.array(targetStatusSchema),
});

export type ModelStatus = z.infer<typeof modelStatusSchema>;

export class ProviderStatusDto extends createZodDto(providerStatusSchema) {}
export class ModelStatusDto extends createZodDto(modelStatusSchema) {}
