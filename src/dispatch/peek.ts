import { Observable, Subscription } from 'rxjs';

export interface Peeked<T> {
  /** The first value, or null when the source completed without one. */
  first: T | null;
  /** The whole sequence (first value included); subscribe once. */
  rest$: Observable<T>;
  /** Stop the source without subscribing to rest$. */
  cancel(): void;
}

/**
 * Subscribe to `source$` and resolve at its first value, buffering what follows until `rest$`
 * is subscribed. Rejects when the source fails before its first value — that is the moment a
 * stream can still fail over to another target, since nothing has reached the client.
 */
export function peekFirst<T>(source$: Observable<T>): Promise<Peeked<T>> {
  return new Promise((resolve, reject) => {
    const buffer: T[] = [];
    let done: { failed: boolean; error?: unknown } | null = null;
    let downstream: {
      next: (v: T) => void;
      error: (e: unknown) => void;
      complete: () => void;
    } | null = null;
    let settled = false;
    let subscription: Subscription | null = null;

    const rest$ = new Observable<T>((subscriber) => {
      for (const value of buffer) subscriber.next(value);
      buffer.length = 0;
      if (done) {
        if (done.failed) subscriber.error(done.error);
        else subscriber.complete();
        return;
      }
      downstream = subscriber;
      return () => {
        downstream = null;
        subscription?.unsubscribe();
      };
    });
    const peeked = (first: T | null): Peeked<T> => ({
      first,
      rest$,
      cancel: () => subscription?.unsubscribe(),
    });

    subscription = source$.subscribe({
      next: (value) => {
        if (downstream) downstream.next(value);
        else buffer.push(value);
        if (!settled) {
          settled = true;
          resolve(peeked(value));
        }
      },
      error: (err: unknown) => {
        done = { failed: true, error: err };
        if (!settled) {
          settled = true;
          reject(err);
        } else downstream?.error(err);
      },
      complete: () => {
        done = { failed: false };
        if (!settled) {
          settled = true;
          resolve(peeked(null));
        } else downstream?.complete();
      },
    });
  });
}
