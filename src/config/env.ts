import { z } from 'zod';

/** Log levels understood by pino. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `WARN`, `Warning`, ` info ` → the pino level name. */
function logLevel(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const level = value.trim().toLowerCase();
  return level === 'warning' ? 'warn' : level;
}

const port = z.coerce.number().int().min(0).max(65535);

/**
 * The environment contract. Parsed once at start-up; a bad value stops start-up with a message
 * naming the variable. No other file reads process.env.
 */
export const envSchema = z
  .object({
    PORT: port.default(8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    GATEWAY_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    GATEWAY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    GATEWAY_CONFIG: z.string().min(1).optional(),
    /** Any case; `WARNING` (Python's name, common in shared deployment files) means `warn`. */
    LOG_LEVEL: z.preprocess(logLevel, z.enum(LOG_LEVELS)).default('info'),
    /**
     * Largest accepted request body, in bytes. 32 MB, Anthropic's own request limit: base64
     * images and PDFs are normal in requests.
     */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024),
    /**
     * The built web console served at /dashboard (default: web/dist beside dist/, which
     * `npm run build` writes).
     */
    DASHBOARD_DIR: z.string().min(1).optional(),
    /** Directory for the embedded Postgres data and the generated secret. */
    DATA_DIR: z.string().min(1).default('.data'),
    /** Port of the embedded Postgres (only used without DATABASE_URL). */
    EMBEDDED_PG_PORT: port.default(54329),
    /** How often usage rows are written, and how many at most per write. */
    USAGE_FLUSH_MS: z.coerce.number().int().positive().default(1000),
    USAGE_BATCH_SIZE: z.coerce.number().int().positive().default(500),
    /** Rows kept in memory while Postgres is unreachable, before the oldest are dropped. */
    USAGE_BUFFER_MAX: z.coerce.number().int().positive().default(100000),
    /** Usage rows older than this many days are deleted (hourly, in batches); 0 keeps them. */
    USAGE_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
    /** Circuit breaker defaults for providers without their own `circuit_breaker`. */
    CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().positive().default(5),
    CIRCUIT_ERROR_RATE: z.coerce.number().gt(0).max(1).default(0.5),
    CIRCUIT_MIN_REQUESTS: z.coerce.number().int().positive().default(20),
    CIRCUIT_COOLDOWN_MS: z.coerce.number().int().positive().default(30000),
    /** How long a sticky session keeps its target after its last request. */
    STICKY_TTL_MS: z.coerce.number().int().positive().default(600000),
    /** Retry backoff: first delay and cap (exponential with full jitter between). */
    RETRY_BASE_MS: z.coerce.number().int().min(0).default(200),
    RETRY_MAX_MS: z.coerce.number().int().min(0).default(5000),
    /** IANA time zone in which quota and budget period crons are read (e.g. Europe/Berlin). */
    TZ: z.string().default('UTC'),
    /** Completion tokens reserved against quotas and tpm for a request without max_tokens. */
    RESERVE_DEFAULT_MAX_TOKENS: z.coerce.number().int().positive().default(1024),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.GATEWAY_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_SECRET'],
        message: 'is required when DATABASE_URL is set (it encrypts provider API keys)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Error raised when the environment is invalid; its message names every bad variable. */
export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty (or blank) values as unset, as a shell `FOO=` usually means "not configured".
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed once. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
