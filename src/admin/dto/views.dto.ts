import { createZodDto } from '../../common/zod-dto';
import { z } from 'zod';
import {
  apiKeyViewSchema,
  isoTime,
  modelViewSchema,
  providerViewSchema,
  ruleViewSchema,
} from '../../providers/admin-views.schema';

/** Response DTOs of the configuration endpoints (the OpenAPI document's answer schemas). */
export class ProviderViewDto extends createZodDto(providerViewSchema) {}
export class ModelViewDto extends createZodDto(modelViewSchema) {}
export class RuleViewDto extends createZodDto(ruleViewSchema) {}

/** How `usage` and `quota_use` figures are counted (the same in both descriptions). */
export const COUNTED_USE =
  'Read from the counters the limits are checked against, in Postgres, so every instance ' +
  'sees the same figures; what the answering instance has reserved but not used yet is left ' +
  'out, unused reservations of other instances are in until given back (within ~2 s idle).';

export const keyUsageSchema = z
  .object({
    rpm: z
      .number()
      .int()
      .nullable()
      .describe('Requests in the current 60 s window; null when the key has no rpm/tpm limit'),
    tpm: z
      .number()
      .int()
      .nullable()
      .describe('Tokens in the current 60 s window; null when the key has no rpm/tpm limit'),
    budget_used_usd: z
      .number()
      .nullable()
      .describe('USD spent in the current budget period; null without a budget'),
    budget_period_start: isoTime
      .nullable()
      .describe('Start of the current budget period; null without a budget'),
  })
  .describe(`The key's current use of its limits. ${COUNTED_USE}`)
  .meta({ id: 'KeyUsage' });

export type KeyUsage = z.infer<typeof keyUsageSchema>;

export const keyViewSchema = apiKeyViewSchema.extend({ usage: keyUsageSchema });
export type KeyView = z.infer<typeof keyViewSchema>;

export const createdKeySchema = keyViewSchema.extend({
  key: z.string().describe('The plaintext key: shown in this answer only'),
});

export class KeyViewDto extends createZodDto(keyViewSchema) {}
export class CreatedKeyDto extends createZodDto(createdKeySchema) {}
