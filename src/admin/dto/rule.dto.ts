import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ruleSchema } from '../../config/gateway-config.schema';

/** A new rule: `when` + `targets` as in the YAML file, plus the model it belongs to. */
export const createRuleSchema = ruleSchema.extend({
  model: z
    .string()
    .min(1)
    .optional()
    .describe('The logical model whose rules it joins (appended last); absent: a global rule'),
});

export class CreateRuleDto extends createZodDto(createRuleSchema) {}
/** Replace a rule's `when` and `targets`; its model and position stay. */
export class UpdateRuleDto extends createZodDto(ruleSchema) {}
