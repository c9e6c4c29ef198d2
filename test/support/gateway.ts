import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { createApp, ResolvedEnv } from '../../src/app.factory';
import { parseEnv } from '../../src/config/env';
import { createTestDatabase, TestDatabase } from './database';

/** The admin key every test gateway starts with (GATEWAY_ADMIN_KEY). */
export const ADMIN_KEY = 'sb-e2e-admin-key-0123456789abcdef';
/** GATEWAY_SECRET of every test gateway (encrypts provider API keys). */
export const GATEWAY_SECRET = 'e2e-gateway-secret-0123456789abcdef';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: T;
}

export interface StartGatewayOptions {
  /** Extra environment variables (strings, as in a real environment). */
  env?: Record<string, string>;
  /** Use this database instead of a fresh one (it is then not dropped by close()). */
  database?: TestDatabase;
}

export interface Gateway {
  app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  baseUrl: string;
  adminKey: string;
  databaseUrl: string;
  db: TestDatabase;
  /** fetch against the gateway. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A JSON request with the admin key. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
  /** POST a JSON body with these headers (e.g. a client key) and read the answer. */
  postJson<T = unknown>(
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<HttpResult<T>>;
  /** Like admin(), but throws unless the answer is 2xx (for test set-up). */
  adminOk<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** The official OpenAI SDK pointed at this gateway. */
  openai(apiKey: string): OpenAI;
  /** Close the app (flushing usage rows); the database stays. Idempotent. */
  closeApp(): Promise<void>;
  /** Close the app and drop its database (unless it was given one). */
  close(): Promise<void>;
}

export async function readResult<T>(response: Response): Promise<HttpResult<T>> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** Boot the real app (Nest on Fastify) against a test database, on 127.0.0.1 and a free port. */
export async function startGateway(options: StartGatewayOptions = {}): Promise<Gateway> {
  const db = options.database ?? (await createTestDatabase());
  const ownsDatabase = !options.database;
  const env = parseEnv({
    DATABASE_URL: db.url,
    GATEWAY_SECRET,
    GATEWAY_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: process.env.E2E_LOG ?? 'silent',
    USAGE_FLUSH_MS: '100',
    ...options.env,
  }) as ResolvedEnv;

  let started: NestFastifyApplication | undefined;
  try {
    started = await createApp(env);
    await started.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    // (createApp closes an app whose start failed; one that cannot listen is closed here.)
    await started?.close().catch(() => undefined);
    if (ownsDatabase) await db.drop().catch(() => undefined);
    throw err;
  }
  const app = started;
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  const gateway: Gateway = {
    app,
    baseUrl,
    adminKey: ADMIN_KEY,
    databaseUrl: db.url,
    db,
    fetch: (path, init) => fetch(`${baseUrl}${path}`, init),
    async admin<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      return readResult<T>(response);
    },
    async postJson<T>(path: string, headers: Record<string, string>, body: unknown) {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return readResult<T>(response);
    },
    async adminOk<T>(method: string, path: string, body?: unknown) {
      const result = await gateway.admin<T>(method, path, body);
      if (result.status < 200 || result.status >= 300) {
        throw new Error(`${method} ${path} → ${result.status}: ${JSON.stringify(result.body)}`);
      }
      return result.body;
    },
    openai: (apiKey) => new OpenAI({ apiKey, baseURL: `${baseUrl}/v1`, maxRetries: 0 }),
    closeApp() {
      closing ??= app.close();
      return closing;
    },
    async close() {
      await gateway.closeApp();
      if (ownsDatabase) await db.drop();
    },
  };
  return gateway;
}
