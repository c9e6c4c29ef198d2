import { EMPTY, Observable, of, Subject, throwError } from 'rxjs';
import { peekFirst } from './peek';

/** Everything rest$ delivers, and how it ended. */
interface Recorded<T> {
  values: T[];
  completed: boolean;
  error: unknown;
}

function record<T>(source: Observable<T>): Recorded<T> & { unsubscribe(): void } {
  const rec: Recorded<T> = { values: [], completed: false, error: undefined };
  const sub = source.subscribe({
    next: (v) => rec.values.push(v),
    error: (e: unknown) => (rec.error = e),
    complete: () => (rec.completed = true),
  });
  return Object.assign(rec, { unsubscribe: () => sub.unsubscribe() });
}

/** A Subject-backed source that reports when it is torn down. */
function trackedSource<T>() {
  const subject = new Subject<T>();
  const teardown = jest.fn();
  const source$ = new Observable<T>((subscriber) => {
    const sub = subject.subscribe(subscriber);
    return () => {
      teardown();
      sub.unsubscribe();
    };
  });
  return { subject, teardown, source$ };
}

describe('peekFirst', () => {
  it('resolves at the first value; rest$ replays it, then the values that follow', async () => {
    const { subject, source$ } = trackedSource<string>();
    const peeked = peekFirst(source$);
    subject.next('a');
    const { first, rest$ } = await peeked;
    expect(first).toBe('a');

    const rec = record(rest$);
    expect(rec.values).toEqual(['a']);
    subject.next('b');
    subject.next('c');
    subject.complete();
    expect(rec).toMatchObject({ values: ['a', 'b', 'c'], completed: true, error: undefined });
  });

  it('does not resolve before the first value', async () => {
    const { subject, source$ } = trackedSource<number>();
    let resolved = false;
    const peeked = peekFirst(source$).then((p) => {
      resolved = true;
      return p;
    });
    await Promise.resolve();
    expect(resolved).toBe(false);
    subject.next(1);
    await peeked;
    expect(resolved).toBe(true);
  });

  it('keeps values that arrive before rest$ is subscribed, in order', async () => {
    const { subject, source$ } = trackedSource<number>();
    const peeked = peekFirst(source$);
    subject.next(1);
    subject.next(2);
    const { rest$ } = await peeked;
    subject.next(3);

    const rec = record(rest$);
    expect(rec.values).toEqual([1, 2, 3]);
    subject.next(4);
    subject.complete();
    expect(rec.values).toEqual([1, 2, 3, 4]);
    expect(rec.completed).toBe(true);
  });

  it('replays a source that emitted everything synchronously and completed', async () => {
    const { first, rest$ } = await peekFirst(of(1, 2, 3));
    expect(first).toBe(1);
    const rec = record(rest$);
    expect(rec).toMatchObject({ values: [1, 2, 3], completed: true });
  });

  it('rejects when the source fails before its first value', async () => {
    const failure = new Error('connection reset');
    await expect(peekFirst(throwError(() => failure))).rejects.toBe(failure);

    const { subject, source$ } = trackedSource<number>();
    const peeked = peekFirst(source$);
    subject.error(failure);
    await expect(peeked).rejects.toBe(failure);
  });

  it('resolves with first = null when the source completes without a value', async () => {
    const { first, rest$ } = await peekFirst(EMPTY);
    expect(first).toBeNull();
    const rec = record(rest$);
    expect(rec).toMatchObject({ values: [], completed: true, error: undefined });
  });

  it('resolves with a falsy first value (0) rather than treating it as empty', async () => {
    const { first } = await peekFirst(of(0));
    expect(first).toBe(0);
  });

  it('delivers an error after the first value to the rest$ subscriber', async () => {
    const cut = new Error('stream cut');
    const { subject, source$ } = trackedSource<string>();
    const peeked = peekFirst(source$);
    subject.next('a');
    const rec = record((await peeked).rest$);
    subject.next('b');
    subject.error(cut);
    expect(rec).toMatchObject({ values: ['a', 'b'], completed: false, error: cut });
  });

  it('delivers an error that happened before rest$ was subscribed, after the buffered values', async () => {
    const cut = new Error('stream cut');
    const { subject, source$ } = trackedSource<string>();
    const peeked = peekFirst(source$);
    subject.next('a');
    subject.next('b');
    subject.error(cut);
    const rec = record((await peeked).rest$);
    expect(rec).toMatchObject({ values: ['a', 'b'], completed: false, error: cut });
  });

  it('unsubscribes the source when the rest$ subscriber unsubscribes', async () => {
    const { subject, teardown, source$ } = trackedSource<number>();
    const peeked = peekFirst(source$);
    subject.next(1);
    const rec = record((await peeked).rest$);
    expect(teardown).not.toHaveBeenCalled();

    rec.unsubscribe();
    expect(teardown).toHaveBeenCalledTimes(1);
    expect(subject.observed).toBe(false);
    subject.next(2);
    expect(rec.values).toEqual([1]);
  });

  it('tears the source down on cancel() without rest$ ever being subscribed', async () => {
    const { subject, teardown, source$ } = trackedSource<number>();
    const peeked = peekFirst(source$);
    subject.next(1);
    const { cancel } = await peeked;
    cancel();
    expect(teardown).toHaveBeenCalledTimes(1);
    expect(subject.observed).toBe(false);
  });

  it('tears down a source that emitted synchronously on subscribe when rest$ unsubscribes', async () => {
    const teardown = jest.fn();
    const source$ = new Observable<number>((subscriber) => {
      subscriber.next(1);
      return teardown;
    });
    const { rest$ } = await peekFirst(source$);
    const rec = record(rest$);
    expect(rec.values).toEqual([1]);
    rec.unsubscribe();
    expect(teardown).toHaveBeenCalledTimes(1);
  });
});
