import { z } from 'zod';
import { chatRequestSchema } from './chat-request.schema';

/**
 * The stricter checks a chat request must pass to be converted to another format: the message,
 * tool and format shapes conversion reads. A request forwarded to an OpenAI target untouched
 * only needs chatRequestSchema. Unknown fields still pass (and are dropped by conversion).
 *
 * Content given as a string is normalized to one text part here, so conversion sees arrays
 * only and errors inside parts name their exact path (a zod union would not).
 */

const string = () => z.string({ error: 'must be a string' });

/** "must be a number" for a wrong type only; range checks keep zod's own messages. */
const number = () =>
  z.number({
    error: (issue) => (typeof issue.input === 'number' ? undefined : 'must be a number'),
  });

/** A string becomes one text part; `emptyWhenNull` lets assistant content be null. */
function contentOf<T extends z.ZodType>(part: T, emptyWhenNull = false) {
  return z.preprocess(
    (value) => {
      if (typeof value === 'string') return [{ type: 'text', text: value }];
      return emptyWhenNull && value == null ? [] : value;
    },
    z.array(part, { error: 'must be a string or an array of content parts' }),
  );
}

/** The error for an unknown discriminator value, listing the accepted ones. */
function oneOf(values: string[], note = '') {
  const list = values.map((v) => `'${v}'`).join(', ');
  return (issue: { code?: string }) =>
    issue.code === 'invalid_union' ? `must be one of ${list}${note}` : undefined;
}

const ONLY_OPENAI = ' (other values are only supported when the target speaks OpenAI)';

const textPart = z.looseObject({ type: z.literal('text'), text: string() });
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: string().min(1, 'must not be empty'),
    detail: string().nullish(),
  }),
});

const userPart = z.discriminatedUnion('type', [textPart, imagePart], {
  error: oneOf(['text', 'image_url'], ONLY_OPENAI),
});
const assistantPart = z.discriminatedUnion('type', [textPart, refusalPart], {
  error: oneOf(['text', 'refusal']),
});
const textOnlyPart = z.discriminatedUnion('type', [textPart], { error: oneOf(['text']) });

const toolCall = z.looseObject({
  id: string().min(1, 'must not be empty'),
  type: z.literal('function', { error: "must be 'function'" }).optional(),
  function: z.looseObject({ name: string().min(1, 'must not be empty'), arguments: string() }),
});

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

const message = z.discriminatedUnion(
  'role',
  [
    z.looseObject({ role: z.literal(['system', 'developer']), content: contentOf(textOnlyPart) }),
    z.looseObject({ role: z.literal('user'), content: contentOf(userPart) }),
    z.looseObject({
      role: z.literal('assistant'),
      content: contentOf(assistantPart, true),
      tool_calls: z.array(toolCall, { error: 'must be an array' }).nullish(),
      reasoning_content: string().nullish(),
    }),
    z.looseObject({
      role: z.literal('tool'),
      tool_call_id: string().min(1, 'must not be empty'),
      content: contentOf(textOnlyPart),
    }),
  ],
  { error: oneOf(ROLES) },
);

const tool = z.looseObject({
  type: z.literal('function', { error: `must be 'function'${ONLY_OPENAI}` }),
  function: z.looseObject({
    name: string().min(1, 'must not be empty'),
    description: string().nullish(),
    parameters: z.record(z.string(), z.unknown(), { error: 'must be an object' }).nullish(),
  }),
});

const toolChoice = z.union(
  [
    z.enum(['auto', 'none', 'required']),
    z.looseObject({
      type: z.literal('function'),
      function: z.looseObject({ name: string().min(1) }),
    }),
  ],
  { error: "must be 'auto', 'none', 'required' or {type: 'function', function: {name}}" },
);

const responseFormat = z.discriminatedUnion(
  'type',
  [
    z.looseObject({ type: z.literal(['text', 'json_object']) }),
    z.looseObject({
      type: z.literal('json_schema'),
      json_schema: z.looseObject({
        name: string().nullish(),
        schema: z.record(z.string(), z.unknown(), { error: 'must be an object' }).nullish(),
        strict: z.boolean({ error: 'must be a boolean' }).nullish(),
      }),
    }),
  ],
  { error: oneOf(['text', 'json_object', 'json_schema']) },
);

const penalty = () => number().min(-2).max(2).nullish();

export const convertibleChatRequestSchema = chatRequestSchema.extend({
  messages: z
    .array(message, { error: 'must be an array of messages' })
    .min(1, 'must contain at least one message'),
  tools: z.array(tool, { error: 'must be an array' }).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean({ error: 'must be a boolean' }).nullish(),
  response_format: responseFormat.nullish(),
  stop: z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(string(), { error: 'must be a string or an array of strings' }).nullish(),
  ),
  seed: number().int().nullish(),
  presence_penalty: penalty(),
  frequency_penalty: penalty(),
  reasoning_effort: z
    .enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'], {
      error: "must be one of 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'",
    })
    .nullish(),
});

export type ConvertibleChatRequest = z.infer<typeof convertibleChatRequestSchema>;
export type ConvertibleMessage = ConvertibleChatRequest['messages'][number];
