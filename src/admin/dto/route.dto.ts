import { createZodDto } from '../../common/zod-dto';
import { z } from 'zod';
import { STRATEGIES } from '../../config/gateway-config.schema';
import { targetHealthSchema } from './status.dto';

/** `POST /admin/route/explain`: its body and its answer. */
export const explainSchema = z
  .object({
    path: z
      .string()
      .default('/v1/chat/completions')
      .describe('The client endpoint, e.g. /v1/messages or /v1beta/models/{model}:generateContent'),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe('Request headers as the client would send them (x-session-id, custom ones)'),
    key: z
      .string()
      .optional()
      .describe('Name of the gateway key to route as (default: the admin key making this call)'),
    body: z.unknown().describe("The request body in the endpoint's format"),
  })
  .strict();

const scope = z.enum(['model', 'global']);
const upstream = z.object({ provider: z.string(), model: z.string() });

export const explanationSchema = z.object({
  model: z.string().describe('The model entry serving the name asked for (a name or a glob)'),
  strategy: z.union([z.enum(STRATEGIES), z.literal('rule order')]),
  sticky: z.boolean(),
  variables: z
    .record(z.string(), z.unknown())
    .describe('The rule variables of this request (TokenCount, Model, Path, …)'),
  rule: z
    .object({ scope, index: z.number().int(), id: z.string(), when: z.string() })
    .nullable()
    .describe('The rule that matched; null: none did'),
  rule_errors: z.array(
    z.object({ scope, index: z.number().int(), when: z.string(), message: z.string() }),
  ),
  candidates: z.array(
    upstream.extend({
      target_id: z.string().nullable().describe("null: a rule's own target"),
      priority: z.number().int(),
      weight: z.number().int(),
      context_window: z.number().int().nullable(),
      estimated_cost_usd: z.number().nullable(),
      health: targetHealthSchema,
      kept: z.boolean(),
      reason: z.string().nullable().describe('Why it was left out'),
    }),
  ),
  order: z.array(upstream).describe('The order dispatch would try the kept targets in'),
  session: z.string().nullable(),
  sticky_target: z.string().nullable(),
  outcome: z.union([
    z.object({ first: z.string().describe('provider/upstream model tried first') }),
    z.object({
      error: z.object({
        status: z.number().int(),
        kind: z.string(),
        code: z.string().nullable(),
        message: z.string(),
        param: z.string().nullable().optional(),
      }),
    }),
  ]),
});

export type Explanation = z.infer<typeof explanationSchema>;

export class ExplainDto extends createZodDto(explainSchema) {}
export class ExplanationDto extends createZodDto(explanationSchema) {}
