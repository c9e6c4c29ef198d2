/**
 * The model name in answers that pass through (client and provider speak the same API): the
 * client sees the name it asked for, wherever the upstream's answer names its model. Pure.
 *
 * The upstream's JSON text is forwarded nearly untouched: the name is replaced in place when
 * that is safe, and the document is only re-serialised when it is not.
 */
import type { SseIn } from './canonical/types';
import type { ApiFamily } from './endpoints';

/** Where a value sits in a JSON document: object keys from the top. */
export type FieldPath = readonly string[];

/** Where a whole (non-stream) answer names its model, per API family. */
export const BODY_MODEL_FIELD: Record<ApiFamily, FieldPath> = {
  openai: ['model'],
  anthropic: ['model'],
  gemini: ['modelVersion'],
};

/** Anthropic names the model once per stream, in `message_start`. */
const ANTHROPIC_START_FIELD: FieldPath = ['message', 'model'];

/**
 * Where a stream event names the model, or null when it does not: every OpenAI chunk, every
 * Gemini chunk, Anthropic's `message_start`.
 */
export function streamModelField(family: ApiFamily, message: SseIn): FieldPath | null {
  if (family !== 'anthropic') return BODY_MODEL_FIELD[family];
  const start =
    message.event === 'message_start' ||
    (message.event === undefined && message.data.includes('"message_start"'));
  return start ? ANTHROPIC_START_FIELD : null;
}

/** The string at `path` in a parsed document, if there is one. */
export function modelAt(doc: unknown, path: FieldPath): string | undefined {
  let value: unknown = doc;
  for (const key of path) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

const keyPatterns = new Map<string, RegExp>();

/**
 * A key token `"key":` in JSON text. Its opening quote is never preceded by a backslash: inside
 * a string every quote is escaped, so an unescaped `"key"` followed by `:` is a real key (at
 * some depth), never text within a value.
 */
function keyPattern(key: string): RegExp {
  let pattern = keyPatterns.get(key);
  if (!pattern) {
    const literal = JSON.stringify(key).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    pattern = new RegExp(`(?<!\\\\)${literal}\\s*:\\s*`, 'g');
    keyPatterns.set(key, pattern);
  }
  return pattern;
}

/**
 * `text` (the JSON of `doc`) with the string at `path` replaced by `name`; `text` itself when
 * there is no string there or it already is `name`. When the document has exactly one key of
 * that name and its value is written as JSON.stringify writes it, only that value is replaced
 * (the key exists at `path`, so the only one is the one at `path`); otherwise the document is
 * re-serialised with the new name — a nested key of the same name (a tool's arguments) is
 * never touched either way.
 */
export function renameModel(text: string, doc: unknown, path: FieldPath, name: string): string {
  const current = modelAt(doc, path);
  if (current === undefined || current === name) return text;
  const pattern = keyPattern(path[path.length - 1]);
  pattern.lastIndex = 0;
  const first = pattern.exec(text);
  const second = first && pattern.exec(text);
  if (first && !second) {
    const start = first.index + first[0].length;
    const written = JSON.stringify(current);
    if (text.startsWith(written, start)) {
      return text.slice(0, start) + JSON.stringify(name) + text.slice(start + written.length);
    }
  }
  return JSON.stringify(withValueAt(doc, path, name));
}

/**
 * `text` (the JSON of the object `doc`) without its top-level `key` whose value is null — the
 * `"usage": null` that `include_usage` adds to every OpenAI chunk. Removed in place when the
 * document has exactly one key of that name, else re-serialised without it.
 */
export function withoutNullField(text: string, doc: Record<string, unknown>, key: string): string {
  if (doc[key] !== null) return text;
  const pattern = keyPattern(key);
  pattern.lastIndex = 0;
  const first = pattern.exec(text);
  const second = first && pattern.exec(text);
  if (first && !second) {
    const end = first.index + first[0].length + 'null'.length;
    if (text.startsWith('null', end - 4)) {
      // The member and the comma that separates it from its neighbour (before, else after).
      let start = first.index;
      while (start > 0 && isJsonSpace(text[start - 1])) start--;
      if (text[start - 1] === ',') return text.slice(0, start - 1) + text.slice(end);
      let next = end;
      while (next < text.length && isJsonSpace(text[next])) next++;
      if (text[next] === ',') return text.slice(0, first.index) + text.slice(next + 1);
    }
  }
  const { [key]: _removed, ...rest } = doc;
  return JSON.stringify(rest);
}

function isJsonSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

/** A copy of `doc` with `value` at `path` (copied along the path; the rest shared). */
function withValueAt(doc: unknown, path: FieldPath, value: string): unknown {
  if (path.length === 0) return value;
  const object = doc as Record<string, unknown>;
  const [key, ...rest] = path;
  return { ...object, [key]: withValueAt(object[key], rest, value) };
}
