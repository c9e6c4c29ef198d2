import { compareGlobSpecificity, compileModelGlobs, globMatcher, isModelGlob } from './model-glob';

describe('compileModelGlobs', () => {
  it("allows every model with '*'", () => {
    const allows = compileModelGlobs(['gpt-4o', '*']);
    expect(allows('gpt-4o')).toBe(true);
    expect(allows('claude-3-5-sonnet')).toBe(true);
    expect(allows('org/anything.v2')).toBe(true);
  });

  it('allows exact names only, case-sensitively', () => {
    const allows = compileModelGlobs(['gpt-4o', 'claude-3-haiku']);
    expect(allows('gpt-4o')).toBe(true);
    expect(allows('claude-3-haiku')).toBe(true);
    expect(allows('gpt-4o-mini')).toBe(false);
    expect(allows('gpt-4')).toBe(false);
    expect(allows('GPT-4o')).toBe(false);
  });

  it("matches any run of characters with 'gpt-*', anchored at both ends", () => {
    const allows = compileModelGlobs(['gpt-*']);
    expect(allows('gpt-')).toBe(true);
    expect(allows('gpt-4o')).toBe(true);
    expect(allows('gpt-4o-mini')).toBe(true);
    expect(allows('my-gpt-4o')).toBe(false);
    expect(allows('gpt4o')).toBe(false);
  });

  it('matches a suffix glob', () => {
    const allows = compileModelGlobs(['*-mini']);
    expect(allows('gpt-4o-mini')).toBe(true);
    expect(allows('gpt-4o-mini-2024')).toBe(false);
  });

  it("matches exactly one character with '?'", () => {
    const allows = compileModelGlobs(['gpt-?o']);
    expect(allows('gpt-4o')).toBe(true);
    expect(allows('gpt-3o')).toBe(true);
    expect(allows('gpt-o')).toBe(false);
    expect(allows('gpt-45o')).toBe(false);
  });

  it('treats regex metacharacters in names literally', () => {
    const allows = compileModelGlobs(['org/model.v1+x', 'vendor/(beta)*', 'a|b?']);
    expect(allows('org/model.v1+x')).toBe(true);
    expect(allows('org/modelXv1+x')).toBe(false);
    expect(allows('org/model.v11x')).toBe(false);
    expect(allows('vendor/(beta)-7b')).toBe(true);
    expect(allows('vendor/beta-7b')).toBe(false);
    expect(allows('a|bc')).toBe(true);
    expect(allows('a')).toBe(false);
    expect(allows('bc')).toBe(false);
  });

  it('treats a metacharacter literally inside a glob too', () => {
    const allows = compileModelGlobs(['llama-3.1-*']);
    expect(allows('llama-3.1-70b')).toBe(true);
    expect(allows('llama-341-70b')).toBe(false);
  });

  it('allows nothing with an empty list', () => {
    const allows = compileModelGlobs([]);
    expect(allows('gpt-4o')).toBe(false);
    expect(allows('')).toBe(false);
  });
});

describe('globMatcher', () => {
  it('matches an exact name only when it has no wildcard', () => {
    expect(isModelGlob('gpt-4o')).toBe(false);
    expect(globMatcher('gpt-4o')('gpt-4o')).toBe(true);
    expect(globMatcher('gpt-4o')('gpt-4o-mini')).toBe(false);
  });

  it("matches any name, even one with a newline, with '*'", () => {
    expect(globMatcher('*')('anything/at all\nreally')).toBe(true);
    expect(globMatcher('claude-*')('claude-x\ny')).toBe(true);
    expect(globMatcher('claude-*')('gpt-4o')).toBe(false);
  });
});

describe('compareGlobSpecificity', () => {
  const order = (globs: string[]) => [...globs].sort(compareGlobSpecificity);

  it('puts more literal characters first', () => {
    expect(order(['*', 'claude-*', 'claude-3-*', 'c*'])).toEqual([
      'claude-3-*',
      'claude-*',
      'c*',
      '*',
    ]);
  });

  it('puts fewer wildcards first among globs with as many literal characters', () => {
    expect(order(['gpt*-*', 'gpt-*', '*gpt-*'])).toEqual(['gpt-*', '*gpt-*', 'gpt*-*']);
  });

  it('breaks the remaining ties by name, whatever the input order', () => {
    expect(order(['gpt-*', 'a*-mini'].reverse())).toEqual(order(['gpt-*', 'a*-mini']));
    expect(order(['*-mini', 'gpt-*'])).toEqual(['*-mini', 'gpt-*']);
  });
});
