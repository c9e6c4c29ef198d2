import { providerOf, targetOf } from './__fixtures__/runtime';
import { targetKey } from './routing.types';
import { applySticky, StickySessions } from './sticky-sessions';

describe('StickySessions', () => {
  it('returns the remembered target key per model and session', () => {
    const sticky = new StickySessions(1_000);
    sticky.remember('gpt', 's1', 'p/a', 0);
    sticky.remember('claude', 's1', 'q/b', 0);
    expect(sticky.get('gpt', 's1', 10)).toBe('p/a');
    expect(sticky.get('claude', 's1', 10)).toBe('q/b');
    expect(sticky.get('gpt', 's2', 10)).toBeUndefined();
  });

  it('expires an entry ttl after its last use, and drops it', () => {
    const sticky = new StickySessions(1_000);
    sticky.remember('m', 's', 'p/a', 0);
    expect(sticky.get('m', 's', 999)).toBe('p/a');
    expect(sticky.get('m', 's', 1_998)).toBe('p/a'); // refreshed at 999, expires at 1999
    expect(sticky.get('m', 's', 2_999)).toBeUndefined();
    expect(sticky.size).toBe(0);
  });

  it('refreshes the ttl and replaces the target on remember', () => {
    const sticky = new StickySessions(1_000);
    sticky.remember('m', 's', 'p/a', 0);
    sticky.remember('m', 's', 'p/b', 800);
    expect(sticky.get('m', 's', 1_500)).toBe('p/b');
    expect(sticky.size).toBe(1);
  });

  it('forgets a session', () => {
    const sticky = new StickySessions(1_000);
    sticky.remember('m', 's', 'p/a', 0);
    sticky.forget('m', 's');
    expect(sticky.get('m', 's', 1)).toBeUndefined();
  });

  it('evicts the least recently used entry past its bound', () => {
    const sticky = new StickySessions(60_000, 2);
    sticky.remember('m', 'a', 'p/a', 0);
    sticky.remember('m', 'b', 'p/b', 1);
    sticky.get('m', 'a', 2); // a is now the most recent
    sticky.remember('m', 'c', 'p/c', 3);
    expect(sticky.size).toBe(2);
    expect(sticky.get('m', 'b', 4)).toBeUndefined();
    expect(sticky.get('m', 'a', 4)).toBe('p/a');
    expect(sticky.get('m', 'c', 4)).toBe('p/c');
  });

  it('drops expired entries when remembering new ones', () => {
    const sticky = new StickySessions(100);
    for (let i = 0; i < 50; i++) sticky.remember('m', `s${i}`, 'p/a', i);
    sticky.remember('m', 'late', 'p/a', 1_000);
    expect(sticky.size).toBe(1);
  });
});

describe('applySticky', () => {
  const a = targetOf('a');
  const b = targetOf('b');
  const c = targetOf('c', { provider: providerOf('shared'), upstreamModel: 'big' });
  const order = [a, b, c];

  it('moves the sticky target to the front, keeping the others in order', () => {
    expect(applySticky(order, 'shared/big')).toEqual([c, a, b]);
    expect(applySticky(order, targetKey(b))).toEqual([b, a, c]);
  });

  it('leaves the order unchanged when the key is absent or unknown', () => {
    expect(applySticky(order, undefined)).toEqual(order);
    expect(applySticky(order, 'gone/model')).toEqual(order);
    expect(applySticky(order, targetKey(a))).toEqual(order);
  });
});
