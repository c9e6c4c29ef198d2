import { createZodDto } from '../../common/zod-dto';
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

/** `POST /admin/rules/validate`: a `when` expression to check, nothing stored. */
export const validateRuleSchema = z
  .object({ when: z.string().describe('A CEL rule condition') })
  .strict();

export const ruleValidationSchema = z.object({
  valid: z.boolean(),
  message: z
    .string()
    .optional()
    .describe(
      'When not valid: why it does not compile, and where (the message a rule create 400 gives)',
    ),
});

export type RuleValidation = z.infer<typeof ruleValidationSchema>;

export class ValidateRuleDto extends createZodDto(validateRuleSchema) {}
export class RuleValidationDto extends createZodDto(ruleValidationSchema) {}
