import type { ProviderRuntime, TargetRuntime } from '../../providers/snapshot.types';
import { mulberry32, providerOf as makeProvider, targetOf } from '../__fixtures__/runtime';
import { firstPlaceShares as sharesOf, ids } from './__fixtures__/context';
import { sortByPriority } from './priority';

function providerOf(id: string, enabled = true): ProviderRuntime {
  return makeProvider(id, { enabled });
}

const target = targetOf;

describe('sortByPriority', () => {
  it('puts lower priority numbers first, whatever the declared order', () => {
    const targets = [
      target('backup', { priority: 3 }),
      target('primary', { priority: 1 }),
      target('secondary', { priority: 2 }),
      target('negative', { priority: -1 }),
    ];
    expect(ids(sortByPriority(targets, mulberry32(1)))).toEqual([
      'negative',
      'primary',
      'secondary',
      'backup',
    ]);
  });

  it('keeps every target exactly once, groups in priority order', () => {
    const random = mulberry32(7);
    const targets = [
      target('a', { priority: 2 }),
      target('b', { priority: 1, weight: 5 }),
      target('c', { priority: 2, weight: 2 }),
      target('d', { priority: 1 }),
      target('e', { priority: 2, weight: 0 }),
    ];
    for (let i = 0; i < 200; i++) {
      const order = ids(sortByPriority(targets, random));
      expect(order).toHaveLength(5);
      expect(new Set(order.slice(0, 2))).toEqual(new Set(['b', 'd']));
      expect(new Set(order.slice(2))).toEqual(new Set(['a', 'c', 'e']));
    }
  });

  it('does not draw random numbers for single-target groups', () => {
    const random = jest.fn(mulberry32(3));
    const targets = [target('a', { priority: 2 }), target('b', { priority: 1 })];
    expect(ids(sortByPriority(targets, random))).toEqual(['b', 'a']);
    expect(random).not.toHaveBeenCalled();
  });

  it('puts a target first in proportion to its weight (1:3 → 25% / 75%)', () => {
    const share = firstPlaceShares([target('light'), target('heavy', { weight: 3 })], 20_000);
    expect(Math.abs(share('light') - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(share('heavy') - 0.75)).toBeLessThan(0.02);
  });

  it('splits first place by weight among three targets (1:1:2 → 25% / 25% / 50%)', () => {
    const share = firstPlaceShares(
      [target('a'), target('b'), target('c', { weight: 2 })],
      20_000,
      1234,
    );
    expect(Math.abs(share('a') - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(share('b') - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(share('c') - 0.5)).toBeLessThan(0.02);
  });

  it('weights only within a priority group; a lower priority number always wins', () => {
    const share = firstPlaceShares(
      [target('cheap', { priority: 1 }), target('huge-weight', { priority: 2, weight: 1000 })],
      2_000,
    );
    expect(share('cheap')).toBe(1);
  });

  it('puts weight-0 targets after every positive weight, in declared order', () => {
    const random = mulberry32(99);
    const targets = [
      target('z1', { weight: 0 }),
      target('a', { weight: 1 }),
      target('z2', { weight: 0 }),
      target('b', { weight: 4 }),
    ];
    for (let i = 0; i < 500; i++) {
      const order = ids(sortByPriority(targets, random));
      expect(order.slice(2)).toEqual(['z1', 'z2']);
    }
  });

  it('keeps the declared order when every target in a group has weight 0', () => {
    const targets = [target('x', { weight: 0 }), target('y', { weight: 0 })];
    expect(ids(sortByPriority(targets, mulberry32(5)))).toEqual(['x', 'y']);
  });

  it('keeps disabled targets (filters live elsewhere), in priority order', () => {
    const off = providerOf('off', false);
    const targets = [
      target('a', { enabled: false, priority: 2 }),
      target('b', { provider: off, priority: 1 }),
    ];
    expect(ids(sortByPriority(targets, mulberry32(1)))).toEqual(['b', 'a']);
  });
});

/** How often each target id comes first over `draws` orderings (seeded). */
function firstPlaceShares(targets: TargetRuntime[], draws: number, seed = 42) {
  const random = mulberry32(seed);
  return sharesOf(() => sortByPriority(targets, random), draws);
}
