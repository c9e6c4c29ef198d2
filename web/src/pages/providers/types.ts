import type { components, paths } from '../../api/schema';

/** A provider as GET /admin/providers answers it (API key masked). */
export type Provider =
  paths['/admin/providers']['get']['responses'][200]['content']['application/json'][number];
/** One entry of GET /admin/providers/status: health check and per-target health. */
export type ProviderStatus =
  paths['/admin/providers/status']['get']['responses'][200]['content']['application/json'][number];
/** A target's live health and quota use (GET /admin/providers/status, /admin/models/{name}/status). */
export type TargetStatus = components['schemas']['TargetStatus_Output'];
export type ProviderFormat = Provider['format'];
/** The body of POST /admin/providers and PUT /admin/providers/{id}. */
export type ProviderBody = components['schemas']['ProviderDto'];
/** The body of PATCH /admin/providers/{id}. */
export type ProviderPatch = components['schemas']['ProviderPatchDto'];
/** The answer of POST /admin/providers/{id}/test. */
export type ProviderTestResult =
  paths['/admin/providers/{id}/test']['post']['responses'][200]['content']['application/json'];

export const PROVIDER_FORMATS: readonly ProviderFormat[] = [
  'openai',
  'azure',
  'anthropic',
  'gemini',
];
