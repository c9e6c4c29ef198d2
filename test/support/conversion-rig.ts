import {
  FakeAnthropic,
  FakeAnthropicOptions,
  startFakeAnthropic,
} from '../fakes/anthropic-upstream';
import { FakeGemini, FakeGeminiOptions, startFakeGemini } from '../fakes/gemini-upstream';
import { FakeOpenAI, FakeOpenAIOptions, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider, TargetSpec } from './config';
import { Gateway, startGateway } from './gateway';
import { Sdks, sdksFor } from './sdks';

/**
 * One gateway in front of the three fake upstreams (OpenAI, which also serves Azure, Anthropic,
 * Gemini), with a provider per format, models and a key registered through the admin API, and the
 * three official SDKs pointed at it. Each spec file starts its own (tests run in parallel workers).
 */

/** The provider formats the fakes serve; `azure` is the OpenAI fake under its Azure path. */
export type ProviderFormat = 'openai' | 'azure' | 'anthropic' | 'gemini';

export interface Fakes {
  openai: FakeOpenAI;
  anthropic: FakeAnthropic;
  gemini: FakeGemini;
}

/** Admin fields over a default provider's (`id`, `api_key`, `stream_support`, `retries`, …). */
export type ProviderOverrides = Record<string, unknown>;

export interface ConversionRigOptions {
  /** Name of the gateway key the SDKs use (`rig.key`). */
  keyName: string;
  /** Start options of each fake upstream (e.g. its default `behaviour`). */
  fakes?: {
    openai?: FakeOpenAIOptions;
    anthropic?: FakeAnthropicOptions;
    gemini?: FakeGeminiOptions;
  };
  /**
   * The providers to register, in this order, each as
   * `{ id: 'p-<format>', format, base_url: <its fake>, retries: 0, ...overrides }`.
   * Default: `{ openai: {}, anthropic: {}, gemini: {} }`; `{}` registers none.
   */
  providers?: Partial<Record<ProviderFormat, ProviderOverrides>>;
  /** Further set-up after the providers, before the models (e.g. providers of its own). */
  configure?: (gateway: Gateway, fakes: Fakes) => Promise<unknown>;
  /** Models by name, with their targets. Default: {@link DEFAULT_MODELS}. */
  models?: Record<string, TargetSpec[]>;
  /** useConversionRig: reset the fakes before each test (default true). */
  resetFakes?: boolean;
}

/** `via-<format>`: one model per default provider. */
export const DEFAULT_MODELS: Record<string, TargetSpec[]> = {
  'via-openai': [{ provider: 'p-openai', model: 'gpt-up' }],
  'via-anthropic': [{ provider: 'p-anthropic', model: 'claude-up' }],
  'via-gemini': [{ provider: 'p-gemini', model: 'gemini-up' }],
};

/** Every provider format, Azure included: `providers` for a rig with {@link EVERY_FORMAT_MODELS}. */
export const EVERY_FORMAT_PROVIDERS: Partial<Record<ProviderFormat, ProviderOverrides>> = {
  openai: {},
  azure: { api_version: '2024-06-01' },
  anthropic: {},
  gemini: {},
};

/** `via-<format>` for every provider format, Azure included. */
export const EVERY_FORMAT_MODELS: Record<string, TargetSpec[]> = {
  'via-openai': [{ provider: 'p-openai', model: 'gpt-up' }],
  'via-azure': [{ provider: 'p-azure', model: 'my-deployment' }],
  'via-anthropic': [{ provider: 'p-anthropic', model: 'claude-up' }],
  'via-gemini': [{ provider: 'p-gemini', model: 'gemini-up' }],
};

const DEFAULT_PROVIDERS: Partial<Record<ProviderFormat, ProviderOverrides>> = {
  openai: {},
  anthropic: {},
  gemini: {},
};

export interface ConversionRig {
  gateway: Gateway;
  fakes: Fakes;
  /** The plaintext gateway key the SDKs use. */
  key: string;
  /** The official OpenAI, Anthropic and Gemini SDKs, with `key`. */
  sdks: Sdks;
  /** Forget the fakes' requests and go back to their start behaviour. */
  resetFakes(): void;
  /** Close the gateway (dropping its database) and the fakes. */
  close(): Promise<void>;
}

function providerUrl(format: ProviderFormat, fakes: Fakes): string {
  return format === 'azure' ? fakes.openai.azureBaseUrl : fakes[format].baseUrl;
}

export async function startConversionRig(options: ConversionRigOptions): Promise<ConversionRig> {
  const [openai, anthropic, gemini] = await Promise.all([
    startFakeOpenAI(options.fakes?.openai),
    startFakeAnthropic(options.fakes?.anthropic),
    startFakeGemini(options.fakes?.gemini),
  ]);
  const fakes: Fakes = { openai, anthropic, gemini };
  let gateway: Gateway | undefined;
  const close = async () => {
    await gateway?.close();
    await Promise.all(Object.values(fakes).map((f: Fakes[keyof Fakes]) => f.close()));
  };
  try {
    gateway = await startGateway();
    const providers = Object.entries(options.providers ?? DEFAULT_PROVIDERS);
    for (const [format, overrides] of providers as [ProviderFormat, ProviderOverrides][]) {
      await addProvider(gateway, `p-${format}`, providerUrl(format, fakes), {
        format,
        retries: 0,
        ...overrides,
      });
    }
    await options.configure?.(gateway, fakes);
    for (const [name, targets] of Object.entries(options.models ?? DEFAULT_MODELS)) {
      await addModel(gateway, name, targets);
    }
    const key = await addKey(gateway, options.keyName);
    return {
      gateway,
      fakes,
      key,
      sdks: sdksFor(gateway, key),
      resetFakes: () => Object.values(fakes).forEach((f: Fakes[keyof Fakes]) => f.reset()),
      close,
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/**
 * startConversionRig() in beforeAll, close() in afterAll and (unless `resetFakes: false`)
 * resetFakes() before each test. The rig returned is filled in by beforeAll: read its fields
 * inside hooks and tests, not when the describe block is defined.
 */
export function useConversionRig(options: ConversionRigOptions): ConversionRig {
  const rig = {} as ConversionRig;
  beforeAll(async () => {
    Object.assign(rig, await startConversionRig(options));
  });
  afterAll(async () => {
    await rig.close?.();
  });
  if (options.resetFakes !== false) beforeEach(() => rig.resetFakes());
  return rig;
}
