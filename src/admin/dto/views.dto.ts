import { createZodDto } from 'nestjs-zod';
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

const COUNTED_IN_POSTGRES =
  'Read from the counters the limiter checks, in Postgres: the same on every instance. ' +
  'It includes what instances have reserved ahead for requests in flight or coming ' +
  '(a reservation unused for ~2 s is given back).';

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
  .describe(`The key's current use of its limits. ${COUNTED_IN_POSTGRES}`)
  .meta({ id: 'KeyUsage' });

export type KeyUsage = z.infer<typeof keyUsageSchema>;

export const keyViewSchema = apiKeyViewSchema.extend({ usage: keyUsageSchema });
export type KeyView = z.infer<typeof keyViewSchema>;

export const createdKeySchema = keyViewSchema.extend({
  key: z.string().describe('The plaintext key: shown in this answer only'),
});

export class KeyViewDto extends createZodDto(keyViewSchema) {}
export class CreatedKeyDto extends createZodDto(createdKeySchema) {}
