/**
 * The request's settings both ways: tools, toolConfig and generationConfig (sampling, stop
 * sequences, structured output, thinking). Parsing is strict (a 400 naming the field).
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import type {
  CanonicalRequest,
  HostedTool,
  ReasoningEffort,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from '../canonical/types';
import { arrayField, field, isObject, objectField } from './fields';
import { openApiToJsonSchema } from './schema';
import type {
  GeminiFunctionDeclaration,
  GeminiGenerationConfig,
  GeminiThinkingConfig,
  GeminiToolConfig,
  Json,
} from './types';

type Settings = Pick<
  CanonicalRequest,
  | 'maxTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'stop'
  | 'seed'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'responseFormat'
  | 'reasoning'
>;

/** A thinking budget for an effort given without one (all valid for every Gemini 2.5+ model). */
const BUDGET_BY_EFFORT: Record<ReasoningEffort, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
};

const EFFORTS = Object.keys(BUDGET_BY_EFFORT);
const MODES = ['AUTO', 'ANY', 'NONE', 'VALIDATED', 'MODE_UNSPECIFIED'];

function bad(param: string, problem: string): InvalidRequestError {
  return new InvalidRequestError(`Invalid '${param}': ${problem}`, param);
}

function unsupported(param: string): InvalidRequestError {
  return new InvalidRequestError(`'${param}' is not supported by this gateway yet.`, param);
}

function optionalNumber(object: Json, name: string, param: string): number | undefined {
  const value = field(object, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(param, 'expected a number');
  return value;
}

/** Gemini's built-in tools: Google Search is a hosted web search; the others have no equivalent. */
const SEARCH_TOOLS = ['googleSearch', 'google_search'];
const BUILT_IN_TOOLS = [
  'googleSearchRetrieval',
  'google_search_retrieval',
  'codeExecution',
  'code_execution',
  'urlContext',
  'url_context',
];

/**
 * Function declarations, and built-in tools for other providers: Google Search is a hosted web
 * search (mapped or dropped per provider), other built-in tools are listed as unsupported.
 */
export function parseTools(
  body: Json,
): Pick<CanonicalRequest, 'tools' | 'hostedTools' | 'unsupportedTools'> {
  const tools = field(body, 'tools');
  if (tools === undefined || tools === null) return {};
  if (!Array.isArray(tools)) throw bad('tools', 'expected an array of Tool objects');
  const definitions: ToolDefinition[] = [];
  const hostedTools: HostedTool[] = [];
  const unsupportedTools: string[] = [];
  tools.forEach((tool: unknown, i) => {
    if (!isObject(tool)) throw bad(`tools[${i}]`, 'expected an object');
    for (const key of Object.keys(tool)) {
      if (SEARCH_TOOLS.includes(key)) {
        if (hostedTools.length === 0)
          hostedTools.push({ type: 'web_search', name: 'googleSearch' });
      } else if (BUILT_IN_TOOLS.includes(key)) {
        unsupportedTools.push(key);
      } else if (key !== 'functionDeclarations' && key !== 'function_declarations') {
        throw unsupported(`tools[${i}].${key}`);
      }
    }
    arrayField(tool, 'functionDeclarations').forEach((declaration: unknown, j) => {
      const param = `tools[${i}].functionDeclarations[${j}]`;
      if (!isObject(declaration) || typeof declaration.name !== 'string' || !declaration.name) {
        throw bad(`${param}.name`, 'every function declaration needs a name');
      }
      const jsonSchema = objectField(declaration, 'parametersJsonSchema');
      const openApi = objectField(declaration, 'parameters');
      definitions.push({
        name: declaration.name,
        ...(typeof declaration.description === 'string'
          ? { description: declaration.description }
          : {}),
        parameters:
          jsonSchema ??
          (openApi ? openApiToJsonSchema(openApi) : { type: 'object', properties: {} }),
      });
    });
  });
  return {
    tools: definitions,
    ...(hostedTools.length > 0 ? { hostedTools } : {}),
    ...(unsupportedTools.length > 0 ? { unsupportedTools } : {}),
  };
}

export function parseToolChoice(body: Json): ToolChoice | undefined {
  const config = objectField(objectField(body, 'toolConfig') ?? {}, 'functionCallingConfig');
  if (!config) return undefined;
  const mode = field(config, 'mode') ?? 'AUTO';
  if (typeof mode !== 'string' || !MODES.includes(mode)) {
    throw bad('toolConfig.functionCallingConfig.mode', `expected one of ${MODES.join(', ')}`);
  }
  if (mode === 'NONE') return { type: 'none' };
  if (mode !== 'ANY') return { type: 'auto' };
  const allowed = arrayField(config, 'allowedFunctionNames');
  if (allowed.length === 1 && typeof allowed[0] === 'string') {
    return { type: 'tool', name: allowed[0] };
  }
  return { type: 'required' };
}

function parseResponseFormat(config: Json): ResponseFormat | undefined {
  const mimeType = field(config, 'responseMimeType');
  if (mimeType === undefined || mimeType === 'text/plain') return undefined;
  if (mimeType !== 'application/json') {
    throw unsupported(`generationConfig.responseMimeType ${String(mimeType)}`);
  }
  const jsonSchema = objectField(config, 'responseJsonSchema');
  const openApi = objectField(config, 'responseSchema');
  if (jsonSchema) return { type: 'json_schema', schema: jsonSchema };
  if (openApi) return { type: 'json_schema', schema: openApiToJsonSchema(openApi) };
  return { type: 'json_object' };
}

function parseReasoning(config: Json): CanonicalRequest['reasoning'] {
  const thinking = objectField(config, 'thinkingConfig');
  if (!thinking) return undefined;
  const param = 'generationConfig.thinkingConfig';
  const budget = optionalNumber(thinking, 'thinkingBudget', `${param}.thinkingBudget`);
  const level = field(thinking, 'thinkingLevel');
  const effort = typeof level === 'string' ? level.toLowerCase() : undefined;
  if (effort !== undefined && effort !== 'thinking_level_unspecified') {
    if (!EFFORTS.includes(effort)) {
      throw bad(`${param}.thinkingLevel`, `expected one of ${EFFORTS.join(', ')}`);
    }
  }
  const knownEffort = EFFORTS.includes(effort ?? '') ? (effort as ReasoningEffort) : undefined;
  // 0 turns thinking off; -1 is "dynamic" (the model decides), like asking without a budget.
  if (budget === 0) return undefined;
  const asked = budget !== undefined || knownEffort || field(thinking, 'includeThoughts') === true;
  if (!asked) return undefined;
  return {
    ...(knownEffort ? { effort: knownEffort } : {}),
    ...(budget !== undefined && budget > 0 ? { budgetTokens: budget } : {}),
  };
}

export function parseGenerationConfig(body: Json): Settings {
  const config = objectField(body, 'generationConfig');
  if (!config) return {};
  const number = (name: string) => optionalNumber(config, name, `generationConfig.${name}`);
  const candidates = number('candidateCount');
  if (candidates !== undefined && candidates > 1) {
    throw new InvalidRequestError(
      'Only one candidate per request is supported (generationConfig.candidateCount).',
      'generationConfig.candidateCount',
    );
  }
  const stop = field(config, 'stopSequences');
  if (stop !== undefined && !(Array.isArray(stop) && stop.every((s) => typeof s === 'string'))) {
    throw bad('generationConfig.stopSequences', 'expected an array of strings');
  }
  const settings: Settings = {
    maxTokens: number('maxOutputTokens'),
    temperature: number('temperature'),
    topP: number('topP'),
    topK: number('topK'),
    stop: stop as string[] | undefined,
    seed: number('seed'),
    presencePenalty: number('presencePenalty'),
    frequencyPenalty: number('frequencyPenalty'),
    responseFormat: parseResponseFormat(config),
    reasoning: parseReasoning(config),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/**
 * Tools go up as `parametersJsonSchema`: it takes the canonical JSON Schema as it is, where
 * `parameters` takes only Gemini's OpenAPI subset and refuses common JSON Schema keywords
 * (additionalProperties, $ref, const, type arrays…) with a 400.
 */
export function buildTools(
  tools: ToolDefinition[],
): { functionDeclarations: GeminiFunctionDeclaration[] }[] {
  const declarations = tools.map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    ...(Object.keys(tool.parameters).length > 0 ? { parametersJsonSchema: tool.parameters } : {}),
  }));
  return [{ functionDeclarations: declarations }];
}

export function buildToolConfig(choice: ToolChoice): GeminiToolConfig {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}

/**
 * Reasoning asked → a budget (given, or from the effort) and the thought summaries shown,
 * unless the client asked for thinking without its text (then Gemini is not asked for them).
 */
function buildThinking(reasoning: CanonicalRequest['reasoning']): GeminiThinkingConfig | undefined {
  if (!reasoning) return undefined;
  const budget =
    reasoning.budgetTokens ?? (reasoning.effort ? BUDGET_BY_EFFORT[reasoning.effort] : undefined);
  return {
    ...(budget !== undefined ? { thinkingBudget: budget } : {}),
    ...(reasoning.hideThoughts ? {} : { includeThoughts: true }),
  };
}

export function buildGenerationConfig(
  request: CanonicalRequest,
): GeminiGenerationConfig | undefined {
  const format = request.responseFormat;
  const config: GeminiGenerationConfig = {
    maxOutputTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stopSequences: request.stop?.length ? request.stop : undefined,
    seed: request.seed,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    // The JSON Schema goes as responseJsonSchema for the same reason as parametersJsonSchema.
    responseMimeType: format && format.type !== 'text' ? 'application/json' : undefined,
    responseJsonSchema: format?.type === 'json_schema' ? format.schema : undefined,
    thinkingConfig: buildThinking(request.reasoning),
  };
  const defined = Object.entries(config).filter(([, v]) => v !== undefined);
  return defined.length > 0 ? (Object.fromEntries(defined) as GeminiGenerationConfig) : undefined;
}
