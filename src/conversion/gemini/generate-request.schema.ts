import { z } from 'zod';

/**
 * The checks a Gemini generateContent request must pass before routing. The rest is left to
 * the conversion (non-Gemini targets) or to Gemini itself (passthrough).
 */
export const generateContentRequestSchema = z.looseObject({
  contents: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'model'], { error: "must be 'user' or 'model'" }).optional(),
        parts: z.array(z.looseObject({}), { error: 'must be an array of parts' }),
      }),
      { error: 'must be an array of contents' },
    )
    .min(1, 'must not be empty'),
});
