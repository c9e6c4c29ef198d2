/**
 * Model name globs: `*` any run of characters, `?` one character, everything else literal and
 * case-sensitive, anchored at both ends. Keys' `models` lists and model entries' names use them.
 */

/** Whether a name is a glob (has a wildcard) rather than one exact model name. */
export function isModelGlob(name: string): boolean {
  return /[*?]/.test(name);
}

/** A glob as a predicate on model names. */
export function globMatcher(glob: string): (model: string) => boolean {
  if (!isModelGlob(glob)) return (model) => model === glob;
  if (/^\*+$/.test(glob)) return () => true;
  const source = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const pattern = new RegExp(`^${source}$`, 's');
  return (model) => pattern.test(model);
}

/**
 * A key's `models` list: a predicate that tells whether a model name the client asked for is
 * allowed.
 */
export function compileModelGlobs(globs: readonly string[]): (model: string) => boolean {
  if (globs.includes('*')) return () => true;
  const exact = new Set(globs.filter((g) => !isModelGlob(g)));
  const patterns = globs.filter(isModelGlob).map(globMatcher);
  return (model) => exact.has(model) || patterns.some((matches) => matches(model));
}

/**
 * Orders globs most specific first, so that the first that matches a name is the one that
 * wins: more literal (non-wildcard) characters first, then fewer wildcards, then by name
 * (code-unit order) so the order never depends on how the list was written.
 * `claude-3-*` (9 literals) before `claude-*` (7) before `*` (0).
 */
export function compareGlobSpecificity(a: string, b: string): number {
  const literals = (g: string) => g.replace(/[*?]/g, '').length;
  const wildcards = (g: string) => g.length - literals(g);
  return literals(b) - literals(a) || wildcards(a) - wildcards(b) || (a < b ? -1 : a > b ? 1 : 0);
}
