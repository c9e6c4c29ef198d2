/**
 * What the real APIs check in a request's `tools`, for the fake upstreams: tool types each API
 * knows, and function names ([a-zA-Z0-9_-], at most 64 characters; Gemini also allows . and :).
 * Each returns the API's own error message, or null when the tools are acceptable.
 */

type Json = Record<string, unknown>;

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const GEMINI_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;

const list = (tools: unknown): Json[] => (Array.isArray(tools) ? (tools as Json[]) : []);

/** OpenAI chat completions: only function (and custom) tools. */
export function openAIToolProblem(body: Json): { message: string; param: string } | null {
  for (const [i, tool] of list(body.tools).entries()) {
    if (tool.type !== 'function' && tool.type !== 'custom') {
      return {
        param: `tools[${i}].type`,
        message: `Invalid value: '${String(tool.type)}'. Supported values are: 'function' and 'custom'.`,
      };
    }
    const name = (tool.function as Json | undefined)?.name;
    if (tool.type === 'function' && (typeof name !== 'string' || !NAME.test(name))) {
      return {
        param: `tools[${i}].function.name`,
        message: `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      };
    }
  }
  return null;
}

/** Server tool types the fake Anthropic knows (with the name each must have). */
const ANTHROPIC_SERVER_TOOLS: Record<string, string> = {
  web_search_20250305: 'web_search',
  web_fetch_20250910: 'web_fetch',
  code_execution_20250522: 'code_execution',
};

/** Anthropic Messages: custom tools with a safe name, and known server tools. */
export function anthropicToolProblem(body: Json): string | null {
  for (const [i, tool] of list(body.tools).entries()) {
    const type = tool.type;
    if (type === undefined || type === null || type === 'custom') {
      if (typeof tool.name !== 'string' || !NAME.test(tool.name)) {
        return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
      }
      if (typeof tool.input_schema !== 'object' || tool.input_schema === null) {
        return `tools.${i}.custom.input_schema: Field required`;
      }
      continue;
    }
    const name = ANTHROPIC_SERVER_TOOLS[String(type)];
    if (!name) {
      const tags = ['custom', ...Object.keys(ANTHROPIC_SERVER_TOOLS)].map((t) => `'${t}'`);
      return `tools.${i}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${tags.join(', ')}`;
    }
    if (tool.name !== name) return `tools.${i}.${String(type)}.name: Input should be '${name}'`;
  }
  return null;
}

const GEMINI_TOOL_FIELDS = [
  'functionDeclarations',
  'googleSearch',
  'googleSearchRetrieval',
  'codeExecution',
  'urlContext',
];

/** Gemini generateContent: known Tool fields, valid function names. */
export function geminiToolProblem(body: Json): string | null {
  for (const [i, tool] of list(body.tools).entries()) {
    const unknown = Object.keys(tool).find((k) => !GEMINI_TOOL_FIELDS.includes(k));
    if (unknown) {
      return `Invalid JSON payload received. Unknown name "${unknown}" at 'tools[${i}]': Cannot find field.`;
    }
    for (const [j, fn] of list(tool.functionDeclarations).entries()) {
      if (typeof fn.name !== 'string' || !GEMINI_NAME.test(fn.name)) {
        return `* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, with a maximum length of 64.`;
      }
    }
  }
  return null;
}

/** The fake answers with a web search when the request offered the API's search tool. */
export interface FakeWebSearch {
  query: string;
  url: string;
  title?: string;
}
