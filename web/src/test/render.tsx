import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { setBearer } from '../api/client';
import { AuthProvider } from '../auth/auth-context';

/** Render a page as the signed-in console does: query client, auth (with a key), router. */
export function renderPage(ui: ReactElement, { route = '/' }: { route?: string } = {}) {
  sessionStorage.setItem('switchboard.adminKey', 'sk-test-admin-key');
  setBearer('sk-test-admin-key');
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return {
    queryClient,
    ...render(
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </AuthProvider>
      </QueryClientProvider>,
    ),
  };
}

export interface RecordedCall {
  method: string;
  path: string;
  search: URLSearchParams;
  body: unknown;
  headers: Headers;
}

type Handler = (call: RecordedCall) => { status?: number; body?: unknown } | unknown;

/**
 * Stand in for the gateway in a component test: `handlers` maps `"GET /admin/keys"` to the
 * answer (a body, or `{ status, body }` via `reply()`); every call is recorded. An unhandled call
 * answers 404 so a test notices it. Only for component tests: e2e tests use the real gateway.
 */
export function fakeGateway(handlers: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const call: RecordedCall = {
      method: request.method,
      path: url.pathname,
      search: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      headers: request.headers,
    };
    calls.push(call);
    const handler =
      handlers[`${call.method} ${call.path}`] ??
      Object.entries(handlers).find(([pattern]) => matches(pattern, call))?.[1];
    if (!handler)
      return json(404, { error: { message: `no fake for ${call.method} ${call.path}` } });
    const answer = handler(call);
    if (answer instanceof Reply) return json(answer.status, answer.body);
    return json(200, answer);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** An answer with a status other than 200. */
export function reply(status: number, body?: unknown): Reply {
  return new Reply(status, body);
}

/** `"GET /admin/keys/:name"` matches `GET /admin/keys/alice`. */
function matches(pattern: string, call: RecordedCall): boolean {
  const [method, path] = pattern.split(' ');
  if (method !== call.method) return false;
  const re = new RegExp(`^${path.replace(/:[^/]+/g, '[^/]+')}$`);
  return re.test(call.path);
}

function json(status: number, body: unknown): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
