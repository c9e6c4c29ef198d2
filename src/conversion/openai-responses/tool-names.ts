/**
 * Client tool names → names every provider accepts, one table per request. Function names
 * must match [a-zA-Z0-9_-]{1,64} at OpenAI, Anthropic and Gemini alike; a Responses
 * namespace member (`functions` / `exec`) has no name of its own there, so it gets
 * `functions__exec`. Calls that come back are read through the table, never by splitting a
 * name at a separator (a client's own names may hold `__`). Pure.
 */

const NAME_LIMIT = 64;
const UNSAFE = /[^a-zA-Z0-9_-]/g;

export interface ClientToolName {
  name: string;
  namespace?: string;
}

const keyOf = (name: string, namespace?: string) => JSON.stringify([namespace ?? null, name]);

export class ToolNames {
  private readonly upstream = new Map<string, string>();
  private readonly client = new Map<string, ClientToolName>();

  /**
   * The upstream name of a client tool, given on first sight: the name itself when it is
   * already safe and free, otherwise a cleaned, shortened name made unique with a suffix.
   */
  upstreamName(name: string, namespace?: string): string {
    const key = keyOf(name, namespace);
    const known = this.upstream.get(key);
    if (known !== undefined) return known;
    const base = (namespace ? `${namespace}__${name}` : name)
      .replace(UNSAFE, '_')
      .slice(0, NAME_LIMIT);
    let flat = base === '' ? 'tool' : base;
    for (let n = 2; this.client.has(flat); n++) {
      const suffix = `_${n}`;
      flat = base.slice(0, NAME_LIMIT - suffix.length) + suffix;
    }
    this.upstream.set(key, flat);
    this.client.set(flat, namespace === undefined ? { name } : { name, namespace });
    return flat;
  }

  /** A name the client gave without its namespace: the one tool of that name, if only one. */
  byClientName(name: string): string | undefined {
    const matches = [...this.client].filter(([, tool]) => tool.name === name);
    return matches.length === 1 ? matches[0][0] : undefined;
  }
}
