import { EnvError, parseEnv } from './env';

/** The EnvError thrown by parseEnv for `source`, so tests can read its message. */
function envErrorOf(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (err) {
    if (err instanceof EnvError) return err;
    throw err;
  }
  throw new Error('parseEnv accepted an invalid environment');
}

const SECRET = 'a-secret-of-at-least-16-chars';

describe('parseEnv', () => {
  it('fills in defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(8080);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.BODY_LIMIT_BYTES).toBe(32 * 1024 * 1024);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.GATEWAY_SECRET).toBeUndefined();
  });

  it('coerces numeric variables from strings', () => {
    const env = parseEnv({ PORT: '3000', BODY_LIMIT_BYTES: '1024', USAGE_FLUSH_MS: '250' });
    expect(env.PORT).toBe(3000);
    expect(env.BODY_LIMIT_BYTES).toBe(1024);
    expect(env.USAGE_FLUSH_MS).toBe(250);
  });

  it('accepts a postgres URL together with a secret', () => {
    const env = parseEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/sb', GATEWAY_SECRET: SECRET });
    expect(env.DATABASE_URL).toBe('postgresql://u:p@db:5432/sb');
    expect(env.GATEWAY_SECRET).toBe(SECRET);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT_BYTES', '-1'],
    ['GATEWAY_ADMIN_KEY', 'short'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    const err = envErrorOf({ [name]: value });
    expect(err.message).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
  });

  it('rejects a non-postgres DATABASE_URL, naming the variable', () => {
    const err = envErrorOf({ DATABASE_URL: 'mysql://u:p@db/sb', GATEWAY_SECRET: SECRET });
    expect(err.message).toMatch(/DATABASE_URL: .*postgres/);
  });

  it('requires GATEWAY_SECRET when DATABASE_URL is set', () => {
    const err = envErrorOf({ DATABASE_URL: 'postgres://db/sb' });
    expect(err.message).toContain('GATEWAY_SECRET');
    expect(err.message).not.toContain('DATABASE_URL:');
  });

  it('names every bad variable at once', () => {
    const err = envErrorOf({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('LOG_LEVEL');
  });

  it.each([
    ['WARNING', 'warn'],
    ['warning', 'warn'],
    ['WARN', 'warn'],
    ['Info', 'info'],
    ['DEBUG', 'debug'],
    [' error ', 'error'],
    ['silent', 'silent'],
  ])('reads LOG_LEVEL=%j as %s', (value, level) => {
    expect(parseEnv({ LOG_LEVEL: value }).LOG_LEVEL).toBe(level);
  });

  it('still rejects an unknown LOG_LEVEL, in any case', () => {
    expect(envErrorOf({ LOG_LEVEL: 'VERBOSE' }).message).toContain('LOG_LEVEL');
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ PORT: '', LOG_LEVEL: '', DATABASE_URL: '', GATEWAY_SECRET: '' });
    expect(env.PORT).toBe(8080);
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('does not let an empty GATEWAY_SECRET satisfy the DATABASE_URL requirement', () => {
    const err = envErrorOf({ DATABASE_URL: 'postgres://db/sb', GATEWAY_SECRET: '' });
    expect(err.message).toContain('GATEWAY_SECRET');
  });
});
