import { z } from 'zod';

/**
 * The checks an Anthropic Messages request must pass before routing: what the gateway itself
 * relies on. Everything else is left to the conversion (only needed when the target is not
 * Anthropic) or to Anthropic itself (passthrough), so features the gateway cannot convert
 * still reach an Anthropic target.
 */
export const messagesRequestSchema = z.looseObject({
  model: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  max_tokens: z.number({ error: 'must be a number' }).int().positive(),
  messages: z.array(
    z.looseObject({
      // 'system': instructions mid-conversation (the current API takes them; Claude Code sends them).
      role: z.enum(['user', 'assistant', 'system'], {
        error: "must be 'user', 'assistant' or 'system'",
      }),
      content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))], {
        error: 'must be a string or an array of content blocks',
      }),
    }),
    { error: 'must be an array of messages' },
  ),
  stream: z.boolean({ error: 'must be a boolean' }).nullish(),
});
