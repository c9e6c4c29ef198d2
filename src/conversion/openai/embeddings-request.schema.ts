import { z } from 'zod';

/** The checks an OpenAI embeddings request must pass at the gateway; the rest passes through. */
export const embeddingsRequestSchema = z.looseObject({
  model: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  input: z.union(
    [
      z.string(),
      z.array(z.string()).min(1),
      z.array(z.number()).min(1),
      z.array(z.array(z.number())).min(1),
    ],
    { error: 'must be a string, an array of strings, or token arrays' },
  ),
  dimensions: z.number({ error: 'must be a number' }).int().positive().optional(),
  encoding_format: z.enum(['float', 'base64'], { error: "must be 'float' or 'base64'" }).optional(),
});
