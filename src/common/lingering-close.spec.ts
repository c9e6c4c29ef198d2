import { PassThrough } from 'node:stream';
import { discardRest } from './lingering-close';

const BOUNDS = { maxBytes: 100, maxMs: 1000 };

/** Let the stream deliver what was written to it. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('discardRest', () => {
  afterEach(() => jest.useRealTimers());

  it('reports drained when the body ends within the bounds', async () => {
    const body = new PassThrough();
    const done = jest.fn();
    discardRest(body, BOUNDS, done);
    body.write(Buffer.alloc(60));
    body.end(Buffer.alloc(40));
    await flush();
    expect(done).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledWith(true);
  });

  it('gives up after maxBytes', async () => {
    const body = new PassThrough();
    const done = jest.fn();
    discardRest(body, BOUNDS, done);
    body.write(Buffer.alloc(100));
    await flush();
    expect(done).not.toHaveBeenCalled();
    body.write('x');
    await flush();
    expect(done).toHaveBeenCalledWith(false);
    body.end(Buffer.alloc(10));
    await flush();
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxMs of a body that does not end', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const body = new PassThrough();
    const done = jest.fn();
    discardRest(body, BOUNDS, done);
    body.write('a');
    await flush();
    jest.advanceTimersByTime(999);
    expect(done).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(done).toHaveBeenCalledWith(false);
  });

  it('reports a client that went away as not drained', async () => {
    const body = new PassThrough();
    const done = jest.fn();
    discardRest(body, BOUNDS, done);
    body.destroy();
    await flush();
    expect(done).toHaveBeenCalledWith(false);
  });

  it('reports an already ended body as drained at once', async () => {
    const body = new PassThrough();
    body.resume();
    body.end();
    await flush();
    const done = jest.fn();
    discardRest(body, BOUNDS, done);
    expect(done).toHaveBeenCalledWith(true);
  });
});
