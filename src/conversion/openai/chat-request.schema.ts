import { z } from 'zod';

/**
 * The checks an OpenAI chat request must pass at the gateway. Only what the gateway relies on
 * is checked; unknown fields pass through untouched (providers add fields every month).
 */
/** "must be a number" for a wrong type only; range checks keep zod's own messages. */
const number = () =>
  z.number({
    error: (issue) => (typeof issue.input === 'number' ? undefined : 'must be a number'),
  });

const message = z.looseObject({
  role: z.string({ error: 'must be a string' }).min(1),
});

export const chatRequestSchema = z.looseObject({
  model: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  messages: z
    .array(message, { error: 'must be an array of messages' })
    .min(1, 'must contain at least one message'),
  stream: z.boolean({ error: 'must be a boolean' }).nullish(),
  stream_options: z
    .looseObject({ include_usage: z.boolean({ error: 'must be a boolean' }).optional() })
    .nullish(),
  max_tokens: number().int().positive().nullish(),
  max_completion_tokens: number().int().positive().nullish(),
  temperature: number().min(0).max(2).nullish(),
  top_p: number().min(0).max(1).nullish(),
  n: number().int().positive().nullish(),
  tools: z.array(z.looseObject({}), { error: 'must be an array' }).nullish(),
  user: z.string({ error: 'must be a string' }).nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
