import { z } from 'zod';
import { chatRequestSchema } from '../openai/chat-request.schema';
import { toolChoice, tools } from './tools-schema';

/**
 * The checks a Responses API request (POST /v1/responses) must pass to be converted: the input
 * items, tools and formats conversion reads. Unknown fields pass (and are dropped). Sampling
 * fields reuse the chat schema's checks, so both endpoints word their errors alike.
 *
 * Message content given as a string is normalized to one text part here, and an input item
 * without `type` (the SDK's EasyInputMessage) is a message, so conversion sees one shape.
 */

const string = () => z.string({ error: 'must be a string' });
const nonEmpty = () => string().min(1, 'must not be empty');
const jsonObject = () => z.record(z.string(), z.unknown(), { error: 'must be an object' });

/** The error for an unknown discriminator value, listing the accepted ones. */
function oneOf(values: string[], note = '') {
  const list = values.map((v) => `'${v}'`).join(', ');
  return (issue: { code?: string }) =>
    issue.code === 'invalid_union' ? `must be one of ${list}${note}` : undefined;
}

const NOT_HERE = ' (other types are not supported by this gateway)';

const inputText = z.looseObject({ type: z.literal('input_text'), text: string() });
const outputText = z.looseObject({ type: z.literal('output_text'), text: string() });
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: string() });
const inputImage = z
  .looseObject({
    type: z.literal('input_image'),
    image_url: string().min(1, 'must not be empty').nullish(),
    file_id: string().nullish(),
    detail: string().nullish(),
  })
  .superRefine((image, ctx) => {
    if (image.image_url) return;
    const byFile = image.file_id != null;
    ctx.addIssue({
      code: 'custom',
      path: [byFile ? 'file_id' : 'image_url'],
      message: byFile
        ? 'file ids are not supported by this gateway (it stores no files); send the image ' +
          'as image_url, a URL or a data URL'
        : 'is required',
    });
  });

/** A string becomes one text part of `type`. */
function contentOf<T extends z.ZodType>(part: T, type: 'input_text' | 'output_text') {
  return z.preprocess(
    (value) => (typeof value === 'string' ? [{ type, text: value }] : value),
    z.array(part, { error: 'must be a string or an array of content parts' }),
  );
}

const systemPart = z.discriminatedUnion('type', [inputText], { error: oneOf(['input_text']) });
const userPart = z.discriminatedUnion('type', [inputText, inputImage], {
  error: oneOf(['input_text', 'input_image'], NOT_HERE),
});
const assistantPart = z.discriminatedUnion('type', [outputText, inputText, refusal], {
  error: oneOf(['output_text', 'input_text', 'refusal']),
});

const messageType = z.literal('message');
const message = z.discriminatedUnion(
  'role',
  [
    z.looseObject({
      type: messageType,
      role: z.literal(['system', 'developer']),
      content: contentOf(systemPart, 'input_text'),
    }),
    z.looseObject({
      type: messageType,
      role: z.literal('user'),
      content: contentOf(userPart, 'input_text'),
    }),
    z.looseObject({
      type: messageType,
      role: z.literal('assistant'),
      content: contentOf(assistantPart, 'output_text'),
    }),
  ],
  { error: oneOf(['user', 'assistant', 'system', 'developer']) },
);

const functionCall = z.looseObject({
  type: z.literal('function_call'),
  call_id: nonEmpty(),
  name: nonEmpty(),
  namespace: string().nullish(),
  arguments: string(),
});

/** A call of a freeform (custom) tool: its input is text, not JSON arguments. */
const customToolCall = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: nonEmpty(),
  name: nonEmpty(),
  namespace: string().nullish(),
  input: string(),
});

/** Tool output: a string, or text parts (OpenAI tool messages, and so conversion, hold text). */
const toolOutput = contentOf(
  z.discriminatedUnion('type', [inputText], {
    error: oneOf(
      ['input_text'],
      ' (images and files in tool output are not supported by this gateway)',
    ),
  }),
  'input_text',
);

const functionCallOutput = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: nonEmpty(),
  output: toolOutput,
});

const customToolCallOutput = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  call_id: nonEmpty(),
  output: toolOutput,
});

/** A search the provider ran in an earlier turn: nothing to send back, its answer holds it. */
const webSearchCall = z.looseObject({ type: z.literal('web_search_call') });

/** Tools declared in the conversation (Codex sends all its tools this way). */
const additionalTools = z.looseObject({ type: z.literal('additional_tools'), tools });

const reasoning = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ text: string() }), { error: 'must be an array' }).nullish(),
});

const ITEM_TYPES = [
  'message',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'reasoning',
  'web_search_call',
  'additional_tools',
];

const item = z.preprocess(
  // An item with a role and no type is a message (EasyInputMessage).
  (value) =>
    value !== null && typeof value === 'object' && !('type' in value) && 'role' in value
      ? { ...value, type: 'message' }
      : value,
  z.discriminatedUnion(
    'type',
    [
      message,
      functionCall,
      functionCallOutput,
      customToolCall,
      customToolCallOutput,
      reasoning,
      webSearchCall,
      additionalTools,
    ],
    {
      error: oneOf(
        ITEM_TYPES,
        ' (built-in tool items and item references are not supported by this gateway)',
      ),
    },
  ),
);

const format = z.discriminatedUnion(
  'type',
  [
    z.looseObject({ type: z.literal(['text', 'json_object']) }),
    z.looseObject({
      type: z.literal('json_schema'),
      name: string().nullish(),
      schema: jsonObject().nullish(),
      strict: z.boolean({ error: 'must be a boolean' }).nullish(),
    }),
  ],
  { error: oneOf(['text', 'json_object', 'json_schema']) },
);

const chat = chatRequestSchema.shape;

export const responsesRequestSchema = z.looseObject({
  model: chat.model,
  // A string is one user message.
  input: z.preprocess(
    (value) => (typeof value === 'string' ? [{ role: 'user', content: value }] : value),
    z
      .array(item, { error: 'must be a string or an array of input items' })
      .min(1, 'must contain at least one item'),
  ),
  instructions: string().nullish(),
  tools: tools.nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean({ error: 'must be a boolean' }).nullish(),
  max_output_tokens: chat.max_tokens,
  temperature: chat.temperature,
  top_p: chat.top_p,
  text: z.looseObject({ format: format.nullish() }).nullish(),
  reasoning: z
    .looseObject({
      effort: z
        .enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'], {
          error: "must be one of 'none', 'minimal', 'low', 'medium', 'high', 'xhigh'",
        })
        .nullish(),
    })
    .nullish(),
  user: chat.user,
  safety_identifier: chat.user,
  stream: chat.stream,
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type ResponsesInputItem = ResponsesRequest['input'][number];
