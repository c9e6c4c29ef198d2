/**
 * Anthropic's web search answer → canonical: a `server_tool_use` block (the query) and its
 * `web_search_tool_result` block (the results) become one web_search part. The text that
 * cites the results comes in ordinary text blocks. Pure.
 */
import type { WebSearchPart } from '../canonical/types';

type JsonObject = Record<string, unknown>;

function record(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null ? (value as JsonObject) : {};
}

/** The query of a server_tool_use input (an object, or its JSON text while streaming). */
export function searchQueryOf(input: unknown): string | undefined {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return undefined;
    }
  }
  const query = record(value).query;
  return typeof query === 'string' ? query : undefined;
}

/** A web_search_tool_result block → the search it reports, with the query when known. */
export function webSearchPartOf(result: JsonObject, query: string | undefined): WebSearchPart {
  const content = Array.isArray(result.content) ? result.content : [];
  const sources = content
    .map((entry) => record(entry).url)
    .filter((url): url is string => typeof url === 'string');
  return {
    type: 'web_search',
    id: typeof result.tool_use_id === 'string' ? result.tool_use_id : '',
    ...(query !== undefined ? { query } : {}),
    ...(sources.length > 0 ? { sources } : {}),
  };
}

/** Response blocks: the query of each server search, by its id. */
export function searchQueries(blocks: unknown[]): Map<string, string | undefined> {
  const queries = new Map<string, string | undefined>();
  for (const block of blocks.map(record)) {
    if (block.type === 'server_tool_use' && typeof block.id === 'string') {
      queries.set(block.id, searchQueryOf(block.input));
    }
  }
  return queries;
}
