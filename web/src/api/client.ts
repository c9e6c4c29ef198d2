import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** An error answer of the gateway (`{ error: { message, type, code } }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const error = (body as { error?: { message?: unknown; code?: unknown; param?: unknown } })
      ?.error;
    const message =
      typeof error?.message === 'string' ? error.message : `The gateway answered ${status}.`;
    return new ApiError(
      message,
      status,
      typeof error?.code === 'string' ? error.code : null,
      typeof error?.param === 'string' ? error.param : null,
    );
  }
}

type Listener = (status: number) => void;

let bearer: string | null = null;
const unauthorizedListeners = new Set<Listener>();

/** The admin key every API call carries (set by the session, never persisted here). */
export function setBearer(key: string | null): void {
  bearer = key;
}

/** Called when the gateway refuses the key (401): the session ends. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Typed client of the gateway's own API (types generated from /docs-json). */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up per call (not captured once), so tests can stand in for the network.
  fetch: (request) => globalThis.fetch(request),
});

api.use({
  onRequest({ request }) {
    if (bearer && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${bearer}`);
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && bearer) {
      for (const listener of unauthorizedListeners) listener(response.status);
    }
    return response;
  },
});

/**
 * The data of an openapi-fetch answer, or an ApiError carrying the gateway's message. Use it in
 * every query and mutation: `queryFn: () => unwrap(api.GET('/admin/keys'))`.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (err) {
    throw new ApiError(`The gateway could not be reached: ${(err as Error).message}`, 0);
  }
  if (!result.response.ok || result.error !== undefined) {
    throw ApiError.from(result.response.status, result.error);
  }
  return result.data as T;
}
