import { anthropicClient, anthropicProvider } from './anthropic';
import type { ClientAdapter, ProviderAdapter } from './canonical/adapters';
import type { ApiFamily } from './endpoints';
import { geminiClient, geminiProvider } from './gemini';
import { openAIChatClient, openAIChatProvider } from './openai';

/** Chat formats, one adapter per family and direction (2N converters for N formats). */
export const CHAT_CLIENT_ADAPTERS: Record<ApiFamily, ClientAdapter> = {
  openai: openAIChatClient,
  anthropic: anthropicClient,
  gemini: geminiClient,
};

export const CHAT_PROVIDER_ADAPTERS: Record<ApiFamily, ProviderAdapter> = {
  openai: openAIChatProvider,
  anthropic: anthropicProvider,
  gemini: geminiProvider,
};
