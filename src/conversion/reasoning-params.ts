/**
 * Reasoning parameters by API family, for targets whose models reject them (a target or
 * provider with `reasoning: false`). Converted requests lose them in the canonical form; a
 * passthrough body loses them here. Pure.
 */
import type { ApiFamily } from './endpoints';

type Json = Record<string, unknown>;

/** Top-level fields that ask for reasoning, per family (Gemini's sit in generationConfig). */
export const REASONING_FIELDS: Record<ApiFamily, readonly string[]> = {
  // `reasoning` is the object form some OpenAI-compatible servers (OpenRouter, vLLM) take.
  openai: ['reasoning_effort', 'reasoning'],
  anthropic: ['thinking'],
  gemini: [],
};

/** The body without its reasoning parameters; the same object when it has none. */
export function withoutReasoningParams(family: ApiFamily, body: Json): Json {
  let out = body;
  for (const field of REASONING_FIELDS[family]) {
    if (field in out) {
      const { [field]: _dropped, ...rest } = out;
      out = rest;
    }
  }
  if (family === 'anthropic') {
    // Anthropic's effort (output_config.effort) asks for reasoning too.
    const config = out.output_config as Json | undefined;
    if (config && typeof config === 'object' && 'effort' in config) {
      const { effort: _dropped, ...rest } = config;
      const { output_config: _config, ...others } = out;
      out = Object.keys(rest).length > 0 ? { ...others, output_config: rest } : others;
    }
  }
  if (family === 'gemini') {
    const config = out.generationConfig as Json | undefined;
    if (config && typeof config === 'object' && 'thinkingConfig' in config) {
      const { thinkingConfig: _dropped, ...rest } = config;
      out = { ...out, generationConfig: rest };
    }
  }
  return out;
}
