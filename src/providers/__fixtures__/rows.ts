/** Database rows for the snapshot builder's unit tests: each with defaults, overridden per test. */
import type { ApiKeyRow } from '../../auth/api-keys.repository';
import type { ModelRow, RuleRow, TargetRow } from '../models.repository';
import type { ProviderRow } from '../providers.repository';
import type { SnapshotRows } from '../snapshot.builder';

const now = new Date('2025-01-01T00:00:00Z');

export function provider(over: Partial<ProviderRow> = {}): ProviderRow {
  return {
    id: 'openai',
    format: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiKeyEncrypted: null,
    headers: {},
    timeoutMs: 60000,
    retries: 2,
    streamSupport: true,
    nonStreamSupport: true,
    enabled: true,
    extra: {},
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export function target(over: Partial<TargetRow> = {}): TargetRow {
  return {
    id: 't1',
    modelName: 'gpt-4o-mini',
    providerId: 'openai',
    upstreamModel: 'gpt-4o-mini',
    position: 0,
    priority: 1,
    weight: 1,
    contextWindow: null,
    price: null,
    quota: null,
    capabilities: null,
    reasoning: null,
    enabled: true,
    ...over,
  };
}

export function rule(over: Partial<RuleRow> = {}): RuleRow {
  return { id: 'r1', modelName: null, position: 0, when: 'true', targets: [], ...over };
}

export function model(over: Partial<ModelRow> = {}): ModelRow {
  return {
    name: 'gpt-4o-mini',
    strategy: 'priority',
    sticky: false,
    unsupportedTools: 'drop',
    createdAt: now,
    updatedAt: now,
    targets: [],
    rules: [],
    ...over,
  };
}

export function key(over: Partial<ApiKeyRow> = {}): ApiKeyRow {
  return {
    id: 'k1',
    name: 'web-app',
    keyHash: 'hash-1',
    keyPrefix: 'sk-sb-abcd',
    role: 'user',
    models: ['*'],
    limits: null,
    budget: null,
    metadata: {},
    enabled: true,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export function rows(over: Partial<SnapshotRows> = {}): SnapshotRows {
  return { version: 7, providers: [], models: [], globalRules: [], keys: [], ...over };
}
