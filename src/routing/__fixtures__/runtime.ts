import type {
  KeyPrincipal,
  ModelRuntime,
  ProviderRuntime,
  TargetRuntime,
} from '../../providers/snapshot.types';

/** A small seeded PRNG, so the statistical tests are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function providerOf(id: string, over: Partial<ProviderRuntime> = {}): ProviderRuntime {
  return {
    id,
    format: 'openai',
    baseUrl: `https://${id}.example/v1`,
    apiKey: undefined,
    headers: {},
    timeoutMs: 60000,
    retries: 2,
    streamSupport: true,
    nonStreamSupport: true,
    enabled: true,
    apiVersion: undefined,
    maxTokensField: 'max_tokens',
    healthCheck: undefined,
    circuitBreaker: undefined,
    reasoning: true,
    ...over,
  };
}

/** A target `id` on its own provider `p-<id>` unless `provider` is given. */
export function targetOf(
  id: string,
  over: Partial<Omit<TargetRuntime, 'provider'>> & { provider?: ProviderRuntime } = {},
): TargetRuntime {
  return {
    id,
    provider: providerOf(`p-${id}`),
    upstreamModel: 'm',
    priority: 1,
    weight: 1,
    contextWindow: undefined,
    price: undefined,
    quota: undefined,
    capabilities: { tools: true, images: true },
    reasoning: true,
    enabled: true,
    ...over,
  };
}

export function modelOf(targets: TargetRuntime[], over: Partial<ModelRuntime> = {}): ModelRuntime {
  return {
    name: 'model',
    strategy: 'priority',
    sticky: false,
    unsupportedTools: 'drop',
    targets,
    rules: [],
    ...over,
  };
}

export function principalOf(over: Partial<KeyPrincipal> = {}): KeyPrincipal {
  return {
    id: 'key-1',
    name: 'team-a',
    role: 'user',
    models: ['*'],
    allowsModel: () => true,
    limits: undefined,
    budget: undefined,
    metadata: {},
    ...over,
  };
}
