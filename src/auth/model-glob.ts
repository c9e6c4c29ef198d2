/**
 * A key's `models` list holds globs (`*` any run of characters, `?` one character). Returns a
 * predicate that tells whether a logical model name is allowed.
 */
export function compileModelGlobs(globs: readonly string[]): (model: string) => boolean {
  if (globs.includes('*')) return () => true;
  const exact = new Set(globs.filter((g) => !/[*?]/.test(g)));
  const patterns = globs
    .filter((g) => /[*?]/.test(g))
    .map(
      (g) =>
        new RegExp(
          '^' +
            g
              .split('')
              .map((c) =>
                c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'),
              )
              .join('') +
            '$',
        ),
    );
  return (model) => exact.has(model) || patterns.some((p) => p.test(model));
}
