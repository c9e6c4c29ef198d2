import type { components, paths } from '../../api/schema';

/** A model as GET /admin/models answers it (targets and rules with ids). */
export type Model =
  paths['/admin/models']['get']['responses'][200]['content']['application/json'][number];
export type ModelTarget = Model['targets'][number];
export type Strategy = Model['strategy'];
/** The body of POST /admin/models and PUT /admin/models/{name}. */
export type ModelBody = components['schemas']['ModelDto'];
export type TargetBody = ModelBody['targets'][number];
/** GET /admin/models/{name}/status. */
export type ModelStatus =
  paths['/admin/models/{name}/status']['get']['responses'][200]['content']['application/json'];
export type TargetStatus = components['schemas']['TargetStatus_Output'];
export type QuotaUse = components['schemas']['QuotaUse_Output'];

export const STRATEGIES: readonly Strategy[] = [
  'priority',
  'weighted',
  'round_robin',
  'least_connections',
  'latency',
  'cost',
];
