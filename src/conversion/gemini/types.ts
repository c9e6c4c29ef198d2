/**
 * The Gemini API (v1beta) wire shapes this folder reads and writes: generateContent,
 * streamGenerateContent (each SSE `data:` is one GenerateContentResponse) and the embeddings
 * endpoints. Only the fields the gateway uses are typed; readers accept the snake_case spelling
 * of every field too (the API's JSON parser does, and Google's curl examples use it).
 */

export type Json = Record<string, unknown>;

export interface GeminiBlob {
  mimeType: string;
  /** Base64. */
  data: string;
}

export interface GeminiFileData {
  mimeType?: string;
  fileUri: string;
}

export interface GeminiFunctionCall {
  /** Sent by the Gemini API in some responses; never sent back upstream (see request.ts). */
  id?: string;
  name: string;
  args: Json;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  /** Must be a JSON object. */
  response: Json;
  /** Multimodal function responses: images the tool returned. */
  parts?: GeminiPart[];
}

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  /** Opaque base64; on thought parts, on the first functionCall part of a turn, on text. */
  thoughtSignature?: string;
  inlineData?: GeminiBlob;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** OpenAPI-subset schema with upper-case types. */
  parameters?: Json;
  /** A JSON Schema, mutually exclusive with `parameters`. */
  parametersJsonSchema?: Json;
}

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export interface GeminiToolConfig {
  functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
}

export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  includeThoughts?: boolean;
  thinkingLevel?: string;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: Json;
  responseJsonSchema?: Json;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: ({ functionDeclarations: GeminiFunctionDeclaration[] } | { googleSearch: object })[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
}

export interface GeminiUsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  /** Tokens of server-side tool results fed back to the model (counted as prompt). */
  toolUsePromptTokenCount?: number;
}

export interface GeminiCandidate {
  content: { role: 'model'; parts: GeminiPart[] };
  finishReason?: string;
  index: number;
}

export interface GeminiGenerateContentResponse {
  candidates: GeminiCandidate[];
  promptFeedback?: { blockReason: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}
