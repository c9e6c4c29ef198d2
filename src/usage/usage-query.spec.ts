import { InvalidRequestError } from '../common/errors/gateway-error';
import { decodeCursor, encodeCursor, parseUsageQuery } from './usage-query';

const NOW = new Date('2025-03-01T12:00:00.000Z');

/** The 400 a query string gets: its message and the parameter it names. */
function rejection(raw: Record<string, unknown>): { message: string; param: string | null } {
  try {
    parseUsageQuery(raw, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    const e = err as InvalidRequestError;
    expect(e.status).toBe(400);
    return { message: e.message, param: e.param };
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('parseUsageQuery', () => {
  it('defaults to the last 24 h, 100 rows, no filters, no groups', () => {
    expect(parseUsageQuery({}, NOW)).toEqual({
      from: new Date('2025-02-28T12:00:00.000Z'),
      to: NOW,
      model: undefined,
      provider: undefined,
      key: undefined,
      status: undefined,
      limit: 100,
      cursor: undefined,
      groupBy: [],
    });
  });

  it('reads every parameter', () => {
    const q = parseUsageQuery(
      {
        from: '2025-01-01T00:00:00Z',
        to: '2025-01-02T00:00:00.500+02:00',
        model: 'gpt-4o',
        provider: 'openai',
        key: 'web-app',
        status: '429',
        limit: '1000',
        group_by: 'day, model',
      },
      NOW,
    );
    expect(q).toMatchObject({
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-01-01T22:00:00.500Z'),
      model: 'gpt-4o',
      provider: 'openai',
      key: 'web-app',
      status: { kind: 'exact', status: 429 },
      limit: 1000,
      groupBy: ['day', 'model'],
    });
  });

  it('reads the live-tail filters: stream, request_id, after_id', () => {
    expect(
      parseUsageQuery({ stream: 'true', request_id: 'req-1', after_id: '0042' }, NOW),
    ).toMatchObject({ stream: true, requestId: 'req-1', afterId: '42' });
    expect(parseUsageQuery({ stream: 'false' }, NOW).stream).toBe(false);
    expect(rejection({ stream: 'yes' }).param).toBe('stream');
    expect(rejection({ after_id: '1e3' }).param).toBe('after_id');
    expect(rejection({ after_id: '9223372036854775808' }).param).toBe('after_id');
    expect(parseUsageQuery({ after_id: '9223372036854775807' }, NOW).afterId).toBe(
      '9223372036854775807',
    );
  });

  it('takes a plain date as UTC midnight, and an offset whose + arrived as a space', () => {
    expect(parseUsageQuery({ from: '2025-02-01', to: '2025-02-02' }, NOW)).toMatchObject({
      from: new Date('2025-02-01T00:00:00Z'),
      to: new Date('2025-02-02T00:00:00Z'),
    });
    expect(parseUsageQuery({ to: '2025-02-02T10:00:00 02:00' }, NOW).to).toEqual(
      new Date('2025-02-02T08:00:00Z'),
    );
  });

  it('counts the default window back from `to`', () => {
    expect(parseUsageQuery({ to: '2025-02-02T00:00:00Z' }, NOW).from).toEqual(
      new Date('2025-02-01T00:00:00Z'),
    );
  });

  it.each([
    ['200', { kind: 'exact', status: 200 }],
    ['2xx', { kind: 'range', min: 200, max: 299 }],
    ['4XX', { kind: 'range', min: 400, max: 499 }],
    ['5xx', { kind: 'range', min: 500, max: 599 }],
    ['error', { kind: 'range', min: 400, max: 599 }],
  ])('reads status=%s', (status, expected) => {
    expect(parseUsageQuery({ status }, NOW).status).toEqual(expected);
  });

  it.each([
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2025-01-01T00:00:00' }, 'to'], // no time zone: ambiguous
    [{ status: '2x' }, 'status'],
    [{ status: '600' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: '10.5' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ group_by: 'week' }, 'group_by'],
    [{ group_by: 'model,model' }, 'group_by'],
    [{ group_by: 'day,hour' }, 'group_by'],
    [{ group_by: '' }, 'group_by'],
    [{ model: '' }, 'model'],
    [{ model: ['a', 'b'] }, 'model'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
  ])('rejects %j naming %s', (raw, param) => {
    const { message, param: named } = rejection(raw);
    expect(named).toBe(param);
    expect(message).toContain(`'${param}'`);
  });

  it('rejects an empty or reversed time range', () => {
    expect(rejection({ from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' })).toEqual({
      message: "Invalid 'from': must be before 'to'.",
      param: 'from',
    });
    expect(rejection({ from: '2025-03-02T00:00:00Z' }).param).toBe('from'); // after now
  });

  it('rejects unknown parameters by name (a typo must not silently widen the query)', () => {
    expect(rejection({ modle: 'gpt-4o' })).toEqual({
      message: "Unknown query parameter(s): 'modle'.",
      param: 'modle',
    });
  });

  it('decodes the cursor it is given', () => {
    const cursor = { createdAt: new Date('2025-02-28T23:59:59.123Z'), id: '42' };
    expect(parseUsageQuery({ cursor: encodeCursor(cursor) }, NOW).cursor).toEqual(cursor);
  });
});

describe('usage cursor', () => {
  it('round-trips (created_at to the millisecond, id as a bigint string)', () => {
    const cursor = { createdAt: new Date('2025-01-01T00:00:00.001Z'), id: '9223372036854775807' };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['garbage', 'not base64 of a cursor'],
    [Buffer.from('1700000000000').toString('base64url'), 'no id'],
    [Buffer.from('1700000000000.-1').toString('base64url'), 'negative id'],
    [Buffer.from('1700000000000.9223372036854775808').toString('base64url'), 'id beyond bigint'],
    [Buffer.from('1700000000000.1').toString('base64') + '=', 'not base64url'],
  ])('rejects %s (%s)', (value) => {
    expect(() => decodeCursor(value)).toThrow(InvalidRequestError);
  });
});
