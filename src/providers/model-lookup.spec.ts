import { model, rows } from './__fixtures__/rows';
import { findModel, listedModels, upstreamModelFor } from './model-lookup';
import { buildSnapshot } from './snapshot.builder';

/** A snapshot with model entries of these names, in this (database) order. */
function snapshotOf(...names: string[]) {
  return buildSnapshot(rows({ models: names.map((name) => model({ name })) }), (s) => s);
}

const served = (snapshot: ReturnType<typeof snapshotOf>, name: string) =>
  findModel(snapshot, name)?.name;

describe('findModel', () => {
  const snapshot = snapshotOf('*', 'claude-*', 'claude-3-*', 'claude-3-haiku', 'gpt-*', '*-mini');

  it('takes the entry of the exact name first, over every glob that matches', () => {
    expect(served(snapshot, 'claude-3-haiku')).toBe('claude-3-haiku');
  });

  it('else the most specific glob: the one with the most literal characters', () => {
    expect(served(snapshot, 'claude-3-opus')).toBe('claude-3-*');
    expect(served(snapshot, 'claude-sonnet-4-5')).toBe('claude-*');
    expect(served(snapshot, 'gpt-4o')).toBe('gpt-*');
    expect(served(snapshot, 'llama-3')).toBe('*');
  });

  it('counts literal characters wherever the wildcard is', () => {
    // 'gpt-*' has 4 literal characters, '*-mini' 5.
    expect(served(snapshot, 'gpt-4o-mini')).toBe('*-mini');
  });

  it('breaks a tie in literal characters by fewer wildcards, then by name', () => {
    expect(served(snapshotOf('a*-*', 'a-*'), 'a-x')).toBe('a-*');
    const tied = snapshotOf('b-*', 'a-*', '*-x');
    // For 'a-x', 'a-*' and '*-x' have 2 literal characters and 1 wildcard each: by name.
    expect(served(tied, 'a-x')).toBe('*-x');
    expect(tied.modelGlobs.map((g) => g.model.name)).toEqual(['*-x', 'a-*', 'b-*']);
  });

  it('orders glob entries the same whatever order the database returned them in', () => {
    const a = snapshotOf('*', 'claude-*', 'claude-3-*').modelGlobs.map((g) => g.model.name);
    const b = snapshotOf('claude-3-*', '*', 'claude-*').modelGlobs.map((g) => g.model.name);
    expect(a).toEqual(['claude-3-*', 'claude-*', '*']);
    expect(b).toEqual(a);
  });

  it('finds nothing without an exact entry or a matching glob', () => {
    expect(served(snapshotOf('gpt-4o', 'claude-*'), 'gpt-4o-mini')).toBeUndefined();
  });
});

describe('listedModels', () => {
  it('lists exact names only, those the key allows', () => {
    const snapshot = snapshotOf('*', 'claude-*', 'gpt-4o', 'gpt-4o-mini', 'claude-3-haiku');
    const names = (allows: (n: string) => boolean) =>
      listedModels(snapshot, allows).map((m) => m.name);
    expect(names(() => true)).toEqual(['gpt-4o', 'gpt-4o-mini', 'claude-3-haiku']);
    expect(names((n) => n.startsWith('gpt-'))).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });
});

describe('upstreamModelFor', () => {
  it("sends the client's own name for a '*' target, the target's name otherwise", () => {
    expect(upstreamModelFor({ upstreamModel: '*' }, 'claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
    expect(upstreamModelFor({ upstreamModel: 'gpt-4o' }, 'gpt-*-alias')).toBe('gpt-4o');
  });
});
