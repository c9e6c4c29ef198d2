import { createZodDto } from '../../common/zod-dto';
import type { z } from 'zod';
import {
  apiKeySchema,
  budgetSchema,
  limitsSchema,
  modelSchema,
  providerSchema,
} from '../../config/gateway-config.schema';
import { partialBody } from './partial-body';

/** Admin request bodies: the same schemas (and field names) as the YAML file. */
export class ProviderDto extends createZodDto(providerSchema) {}
export class ModelDto extends createZodDto(modelSchema) {}
export class ApiKeyDto extends createZodDto(apiKeySchema) {}

/** PATCH bodies: any subset of the fields; what is left out stays as stored. */
export const providerPatchSchema = partialBody(providerSchema, ['id']).meta({
  description:
    'Any subset of the provider fields (not `id`). Without `api_key` the stored secret stays; ' +
    '`""` clears it. `headers` and nested objects are replaced as a whole.',
});
export const keyPatchSchema = partialBody(apiKeySchema, ['name'])
  .extend({
    limits: limitsSchema.nullable().optional().describe('null removes the rpm/tpm limits'),
    budget: budgetSchema.nullable().optional().describe('null removes the budget'),
  })
  .meta({
    description:
      'Any subset of the key fields (not `name`). A `key` replaces its secret; without one it ' +
      'stays. `models`, `metadata`, `limits` and `budget` are replaced as a whole.',
  });

export type ProviderPatch = z.infer<typeof providerPatchSchema>;
export type KeyPatch = z.infer<typeof keyPatchSchema>;

export class ProviderPatchDto extends createZodDto(providerPatchSchema) {}
export class ApiKeyPatchDto extends createZodDto(keyPatchSchema) {}
