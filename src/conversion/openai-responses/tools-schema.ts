import { z } from 'zod';

/**
 * The checks a Responses API tool must pass. Function tools, `namespace` groups of them and
 * `custom` (freeform) tools become functions; web search maps to the provider's own search
 * where it has one. Every other type (hosted tools such as file_search, code_interpreter,
 * mcp…) is accepted with its type and optional name only: conversion drops it (or refuses
 * it, per the model's `unsupported_tools`), so its other fields are not read.
 */

const string = () => z.string({ error: 'must be a string' });
const nonEmpty = () => string().min(1, 'must not be empty');
const jsonObject = () => z.record(z.string(), z.unknown(), { error: 'must be an object' });
const stringList = () => z.array(string(), { error: 'must be an array of strings' });

export const functionTool = z.looseObject({
  type: z.literal('function'),
  name: nonEmpty(),
  description: string().nullish(),
  parameters: jsonObject().nullish(),
  strict: z.boolean({ error: 'must be a boolean' }).nullish(),
});

/** A freeform tool: the model writes its input as text, optionally in a grammar. */
export const customTool = z.looseObject({
  type: z.literal('custom'),
  name: nonEmpty(),
  description: string().nullish(),
  format: z
    .looseObject({
      type: string(),
      syntax: string().nullish(),
      definition: string().nullish(),
    })
    .nullish(),
});

export const namespaceTool = z.looseObject({
  type: z.literal('namespace'),
  name: nonEmpty(),
  description: string().nullish(),
  tools: z.array(
    z.discriminatedUnion('type', [functionTool, customTool], {
      error: "must be one of 'function', 'custom'",
    }),
    { error: 'must be an array' },
  ),
});

export const WEB_SEARCH_TYPES = [
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
] as const;

export const webSearchTool = z.looseObject({
  type: z.literal(WEB_SEARCH_TYPES),
  filters: z
    .looseObject({
      allowed_domains: stringList().nullish(),
      blocked_domains: stringList().nullish(),
    })
    .nullish(),
  user_location: z
    .looseObject({
      city: string().nullish(),
      region: string().nullish(),
      country: string().nullish(),
      timezone: string().nullish(),
    })
    .nullish(),
  max_uses: z.int({ error: 'must be an integer' }).positive('must be positive').nullish(),
});

/** Any other tool type: kept only to be named when it is dropped or refused. */
export const otherTool = z.looseObject({
  type: nonEmpty(),
  name: string().nullish(),
  server_label: string().nullish(),
});

const SCHEMAS: Record<string, z.ZodType> = {
  function: functionTool,
  custom: customTool,
  namespace: namespaceTool,
  ...Object.fromEntries(WEB_SEARCH_TYPES.map((type) => [type, webSearchTool])),
};

export type FunctionTool = z.infer<typeof functionTool>;
export type CustomTool = z.infer<typeof customTool>;
export type NamespaceTool = z.infer<typeof namespaceTool>;
export type WebSearchTool = z.infer<typeof webSearchTool>;
export type OtherTool = z.infer<typeof otherTool>;
export type ResponsesTool = FunctionTool | CustomTool | NamespaceTool | WebSearchTool | OtherTool;

/** One tool, checked by the schema of its type (errors keep their path inside the tool). */
export const tool = z.looseObject({ type: nonEmpty() }).transform((value, ctx): ResponsesTool => {
  const schema = SCHEMAS[value.type] ?? otherTool;
  const result = schema.safeParse(value);
  if (result.success) return result.data as ResponsesTool;
  // The tool's own issues, kept as they are (their code tells a missing field).
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: undefined });
  return z.NEVER;
});

export const tools = z.array(tool, { error: 'must be an array' });

/**
 * `tool_choice`: a mode, a function or custom tool by name, a hosted tool by type, or
 * `allowed_tools` (its mode is kept; the list of allowed tools is not: every tool stays).
 */
export const toolChoice = z.union(
  [
    z.enum(['auto', 'none', 'required']),
    z.looseObject({
      type: z.literal(['function', 'custom']),
      name: nonEmpty(),
      namespace: string().nullish(),
    }),
    z.looseObject({ type: z.literal('allowed_tools'), mode: z.enum(['auto', 'required']) }),
    z.looseObject({
      type: nonEmpty().refine((type) => type !== 'function' && type !== 'custom'),
    }),
  ],
  {
    error:
      "must be 'auto', 'none', 'required', {type: 'function' | 'custom', name}, " +
      '{type: allowed_tools, mode} or {type: <a tool type>}',
  },
);

export type ResponsesToolChoice = z.infer<typeof toolChoice>;
