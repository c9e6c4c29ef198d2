/**
 * Gemini's Google Search grounding → canonical: a candidate's `groundingMetadata` (the
 * queries it ran, the pages it used) becomes one web_search part. Pure.
 */
import type { WebSearchPart } from '../canonical/types';
import { arrayField, isObject, objectField, stringField } from './fields';

type Json = Record<string, unknown>;

/** The search a candidate was grounded on, or null when it was not. */
export function groundingSearch(candidate: Json | undefined, id: string): WebSearchPart | null {
  const grounding = candidate ? objectField(candidate, 'groundingMetadata') : undefined;
  if (!grounding) return null;
  const queries = arrayField(grounding, 'webSearchQueries').filter(
    (q): q is string => typeof q === 'string',
  );
  const sources = arrayField(grounding, 'groundingChunks')
    .map((chunk) => (isObject(chunk) ? objectField(chunk, 'web') : undefined))
    .map((web) => (web ? stringField(web, 'uri') : undefined))
    .filter((uri): uri is string => uri !== undefined);
  if (queries.length === 0 && sources.length === 0) return null;
  return {
    type: 'web_search',
    id,
    ...(queries.length > 0 ? { query: queries.join(' | ') } : {}),
    ...(sources.length > 0 ? { sources } : {}),
  };
}
