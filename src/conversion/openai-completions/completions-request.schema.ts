import { z } from 'zod';
import { convertibleChatRequestSchema } from '../openai/convertible-request.schema';

/**
 * The checks a legacy completions request (POST /v1/completions) must pass to be converted.
 * Sampling fields reuse the chat schema's checks, so both endpoints word their errors alike.
 * Unknown fields pass (and are dropped by conversion).
 */

const chat = convertibleChatRequestSchema.shape;

const ONE_PROMPT =
  'must be a string (or an array holding one string); several prompts and token arrays are ' +
  'not supported by this gateway';

export const completionsRequestSchema = z.looseObject({
  model: chat.model,
  // One prompt may come as a one-element array (some clients always send arrays).
  prompt: z.preprocess(
    (value) =>
      Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : value,
    z.string({ error: ONE_PROMPT }),
  ),
  suffix: z.string({ error: 'must be a string' }).nullish(),
  echo: z.boolean({ error: 'must be a boolean' }).nullish(),
  logprobs: z.number({ error: 'must be a number' }).int().nullish(),
  best_of: z.number({ error: 'must be a number' }).int().positive().nullish(),
  n: chat.n,
  max_tokens: chat.max_tokens,
  temperature: chat.temperature,
  top_p: chat.top_p,
  stop: chat.stop,
  seed: chat.seed,
  presence_penalty: chat.presence_penalty,
  frequency_penalty: chat.frequency_penalty,
  user: chat.user,
  stream: chat.stream,
  stream_options: chat.stream_options,
});

export type CompletionsRequest = z.infer<typeof completionsRequestSchema>;
