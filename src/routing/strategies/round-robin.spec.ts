import { targetOf } from '../__fixtures__/runtime';
import { ids } from './__fixtures__/context';
import { RoundRobinCursors, rotate } from './round-robin';

describe('RoundRobinCursors', () => {
  it('counts per model', () => {
    const cursors = new RoundRobinCursors();
    expect([cursors.next('a'), cursors.next('a'), cursors.next('b'), cursors.next('a')]).toEqual([
      0, 1, 0, 2,
    ]);
  });

  it('forgets the least recently used model past its bound', () => {
    const cursors = new RoundRobinCursors(2);
    cursors.next('a');
    cursors.next('b');
    cursors.next('a');
    cursors.next('c'); // evicts b, the least recently used
    expect(cursors.next('a')).toBe(2);
    expect(cursors.next('b')).toBe(0);
  });
});

describe('rotate', () => {
  const list = [targetOf('a'), targetOf('b'), targetOf('c')];

  it('rotates the declared order by the cursor', () => {
    expect(ids(rotate(list, 0))).toEqual(['a', 'b', 'c']);
    expect(ids(rotate(list, 1))).toEqual(['b', 'c', 'a']);
    expect(ids(rotate(list, 5))).toEqual(['c', 'a', 'b']);
  });

  it('cycles evenly through the targets with a shared cursor', () => {
    const cursors = new RoundRobinCursors();
    const counts = new Map<string, number>();
    for (let i = 0; i < 3_000; i++) {
      const first = rotate(list, cursors.next('m'))[0].id;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ a: 1000, b: 1000, c: 1000 });
  });

  it('keeps weight-0 targets last, in declared order, out of the rotation', () => {
    const withZero = [targetOf('z', { weight: 0 }), ...list];
    expect(ids(rotate(withZero, 1))).toEqual(['b', 'c', 'a', 'z']);
    expect(ids(rotate([targetOf('z', { weight: 0 })], 3))).toEqual(['z']);
  });
});
