import { Readable } from 'node:stream';
import { firstValueFrom, Observable, toArray } from 'rxjs';
import { FlowGate } from './flow-gate';
import { SseMessage, sseMessages } from './sse';

const TRANSCRIPT =
  'event: message\r\ndata: {"delta":"héllo wörld 🌍"}\r\n\r\n' +
  ': keep-alive comment\n\n' +
  'id: 7\ndata: line one\ndata: line two\n\n' +
  'data: {"emoji":"日本語"}\r\r' +
  'data: [DONE]\n\n';

const EXPECTED = [
  { event: 'message', data: '{"delta":"héllo wörld 🌍"}' },
  { id: '7', data: 'line one\nline two' },
  { data: '{"emoji":"日本語"}' },
  { data: '[DONE]' },
];

/** The transcript's bytes, cut into chunks ending at each of `cuts`. */
function chunksAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  return chunks;
}

async function* iterate(chunks: Uint8Array[], failWith?: Error): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
  if (failWith) throw failWith;
}

function collect(messages$: Observable<SseMessage>): Promise<SseMessage[]> {
  return firstValueFrom(messages$.pipe(toArray()));
}

const simplify = (messages: SseMessage[]) =>
  messages.map((m) => ({
    ...(m.event !== undefined ? { event: m.event } : {}),
    ...(m.id !== undefined ? { id: m.id } : {}),
    data: m.data,
  }));

describe('sseMessages', () => {
  const bytes = new TextEncoder().encode(TRANSCRIPT);

  it('parses a transcript delivered in one chunk', async () => {
    expect(simplify(await collect(sseMessages(iterate([bytes]))))).toEqual(EXPECTED);
  });

  it('parses a transcript delivered one byte at a time (mid-line, mid-CRLF, mid-UTF-8)', async () => {
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(simplify(await collect(sseMessages(iterate(chunksAt(bytes, cuts)))))).toEqual(EXPECTED);
  });

  it('parses the transcript whatever single point it is split at', async () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const messages = await collect(sseMessages(iterate(chunksAt(bytes, [cut]))));
      expect(simplify(messages)).toEqual(EXPECTED);
    }
  });

  it('splits a multi-byte character across chunks without corrupting it', async () => {
    const globe = new TextEncoder().encode('data: 🌍\n\n');
    // '🌍' is 4 bytes starting at offset 6: cut after its 1st and 3rd byte
    const messages = await collect(sseMessages(iterate(chunksAt(globe, [7, 9]))));
    expect(messages.map((m) => m.data)).toEqual(['🌍']);
  });

  it('reads a Node Readable body', async () => {
    const body = Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]);
    expect(simplify(await collect(sseMessages(body)))).toEqual(EXPECTED);
  });

  it('completes when the body ends, including an empty body', async () => {
    await expect(collect(sseMessages(iterate([])))).resolves.toEqual([]);
  });

  it('emits the messages before the failure, then errors when the body throws', async () => {
    const failure = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const received: string[] = [];
    const error = await new Promise<unknown>((resolve, reject) => {
      sseMessages(iterate([new TextEncoder().encode('data: a\n\ndata: b\n\n')], failure)).subscribe(
        {
          next: (m) => received.push(m.data),
          error: resolve,
          complete: () => reject(new Error('completed instead of failing')),
        },
      );
    });
    expect(error).toBe(failure);
    expect(received).toEqual(['a', 'b']);
  });

  it('destroys the body and stops emitting when unsubscribed', async () => {
    const encoder = new TextEncoder();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const body = Object.assign(
      (async function* () {
        yield encoder.encode('data: first\n\n');
        await gate;
        yield encoder.encode('data: second\n\n');
      })(),
      { destroy: jest.fn() },
    );

    const received: string[] = [];
    const sub = sseMessages(body).subscribe((m) => received.push(m.data));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual(['first']);

    sub.unsubscribe();
    expect(body.destroy).toHaveBeenCalledTimes(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual(['first']);
  });
});

describe('sseMessages with a flow gate', () => {
  /** A body of `n` one-event chunks that records how many were read. */
  function countingBody(n: number) {
    const read = { chunks: 0 };
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < n; i++) {
        read.chunks++;
        yield new TextEncoder().encode(`data: ${i}\n\n`);
      }
    }
    return { body: body(), read };
  }
  const settle = () => new Promise((r) => setImmediate(r));

  it('reads no further while the gate is closed, and on when it opens', async () => {
    const flow = new FlowGate();
    const { body, read } = countingBody(10);
    const seen: string[] = [];
    const done = new Promise<void>((resolve) =>
      sseMessages(body, flow).subscribe({
        next: (m) => {
          seen.push(m.data);
          if (m.data === '2') flow.close(); // the client's socket is full after the third
        },
        complete: resolve,
      }),
    );
    await settle();
    expect(seen).toEqual(['0', '1', '2']);
    expect(read.chunks).toBe(3);
    flow.open();
    await done;
    expect(seen).toHaveLength(10);
  });

  it('a closed gate does not hold an unsubscribed stream', async () => {
    const flow = new FlowGate();
    flow.close();
    const { body, read } = countingBody(10);
    const subscription = sseMessages(body, flow).subscribe();
    await settle();
    expect(read.chunks).toBe(1);
    subscription.unsubscribe();
    expect(flow.whenOpen()).toBeNull();
    await settle();
    expect(read.chunks).toBe(1);
  });
});
