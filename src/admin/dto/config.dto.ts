import { createZodDto } from 'nestjs-zod';
import { apiKeySchema, modelSchema, providerSchema } from '../../config/gateway-config.schema';

/** Admin request bodies: the same schemas (and field names) as the YAML file. */
export class ProviderDto extends createZodDto(providerSchema) {}
export class ModelDto extends createZodDto(modelSchema) {}
export class ApiKeyDto extends createZodDto(apiKeySchema) {}
