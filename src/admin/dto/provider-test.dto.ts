import { createZodDto } from '../../common/zod-dto';
import { z } from 'zod';

/** `POST /admin/providers/{id}/test`: one small request to the provider (no body: `{}`). */
export const providerTestSchema = z.preprocess(
  (body) => body ?? {},
  z
    .object({
      model: z
        .string()
        .min(1)
        .optional()
        .describe(
          "The upstream model to ask; default: the upstream model of one of this provider's targets",
        ),
    })
    .strict(),
);

export const providerTestResultSchema = z.object({
  ok: z.boolean().describe('The provider answered 2xx with a completion'),
  status: z
    .number()
    .int()
    .nullable()
    .describe('The HTTP status the provider answered; null when there was no HTTP answer'),
  latency_ms: z.number().int().describe('From sending the request to the whole answer'),
  model: z.string().describe('The upstream model asked'),
  answer: z.string().nullable().describe("The completion's text (when ok)"),
  error: z
    .object({
      type: z
        .string()
        .describe(
          'A gateway error kind (authentication, rate_limit, upstream, …) or ' +
            'timeout / connection for no HTTP answer',
        ),
      message: z.string(),
    })
    .nullable(),
});

export type ProviderTestResult = z.infer<typeof providerTestResultSchema>;

export class ProviderTestDto extends createZodDto(providerTestSchema) {}
export class ProviderTestResultDto extends createZodDto(providerTestResultSchema) {}
