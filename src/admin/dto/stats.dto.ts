import { createZodDto } from '../../common/zod-dto';
import { z } from 'zod';
import { isoTime } from '../../providers/admin-views.schema';

/** `GET /admin/stats` (QuotaStats) and `POST /admin/reload` answers. */

const periodSchema = z.object({ start: isoTime, end: isoTime });

export const quotaStatsSchema = z.object({
  time_zone: z.string().describe('The time zone the period crons are read in (TZ)'),
  models: z.array(
    z.object({
      name: z.string().describe('The logical model'),
      targets: z.array(
        z.object({
          provider: z.string(),
          model: z.string().describe('The upstream model'),
          quota: z.object({
            requests_per_period: z.number().int().nullable(),
            tokens_per_period: z.number().int().nullable(),
            period_cron: z.string(),
          }),
          period: periodSchema,
          used: z.object({ requests: z.number().int(), tokens: z.number().int() }),
          remaining: z
            .object({
              requests: z.number().int().nullable(),
              tokens: z.number().int().nullable(),
            })
            .describe('null: that dimension is not limited'),
          last_reset: isoTime.nullable(),
          next_reset: isoTime,
        }),
      ),
    }),
  ),
  keys: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      limits: z
        .object({ rpm: z.number().int().nullable(), tpm: z.number().int().nullable() })
        .nullable(),
      budget: z.object({ usd: z.number(), period_cron: z.string() }).nullable(),
      budget_period: periodSchema.nullable(),
      spent_usd: z.number().nullable(),
      window: z
        .object({ requests: z.number().int(), tokens: z.number().int() })
        .nullable()
        .describe("Requests and tokens in the key's last 60 s; null without rpm/tpm limits"),
    }),
  ),
});

export const reloadResultSchema = z.object({
  config_file: z.string().nullable().describe('GATEWAY_CONFIG; null when none is set'),
  providers: z
    .number()
    .int()
    .optional()
    .describe('Entries applied from the file (absent without one)'),
  models: z.number().int().optional(),
  api_keys: z.number().int().optional(),
  rules: z.number().int().optional(),
  version: z.number().int().describe('The configuration version after the reload'),
  generated_keys: z
    .array(z.object({ name: z.string(), key: z.string() }))
    .optional()
    .describe('Keys the file gave no `key`: generated, shown here once'),
});

export type QuotaStatsAnswer = z.infer<typeof quotaStatsSchema>;
export type ReloadResult = z.infer<typeof reloadResultSchema>;

export class QuotaStatsDto extends createZodDto(quotaStatsSchema) {}
export class ReloadResultDto extends createZodDto(reloadResultSchema) {}
