import type { FakeOpenAI } from '../fakes/openai-upstream';
import type { Gateway } from './gateway';

/** Admin API set-up shortcuts; bodies are the YAML schema (snake_case). */

export interface TargetSpec {
  provider: string;
  model: string;
  priority?: number;
  weight?: number;
  price?: { input: number; output: number; cached_input?: number; cache_write?: number };
}

/** POST /admin/providers for an OpenAI-format provider at `upstream` (a fake or a base URL). */
export function addProvider(
  gateway: Gateway,
  id: string,
  upstream: FakeOpenAI | string,
  extra: Record<string, unknown> = {},
): Promise<unknown> {
  const base_url = typeof upstream === 'string' ? upstream : upstream.baseUrl;
  return gateway.adminOk('POST', '/admin/providers', {
    id,
    format: 'openai',
    base_url,
    api_key: `sk-${id}-provider-key`,
    ...extra,
  });
}

export function addModel(gateway: Gateway, name: string, targets: TargetSpec[]): Promise<unknown> {
  return gateway.adminOk('POST', '/admin/models', { name, targets });
}

/** POST /admin/keys; resolves with the plaintext key. */
export async function addKey(
  gateway: Gateway,
  name: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const created = await gateway.adminOk<{ key: string }>('POST', '/admin/keys', { name, ...body });
  return created.key;
}

/** A base URL on which nothing listens (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
