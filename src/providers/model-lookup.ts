import { isModelGlob } from '../auth/model-glob';
import type { ConfigSnapshot, ModelRuntime, TargetRuntime } from './snapshot.types';

/** A target's `model: '*'`: send upstream the name the client asked for. */
export const CLIENT_MODEL = '*';

/**
 * The model entry that serves a name a client asked for: the entry of that exact name, else
 * the most specific glob entry that matches it (`claude-3-*` before `claude-*` before `*`).
 */
export function findModel(snapshot: ConfigSnapshot, name: string): ModelRuntime | undefined {
  const exact = snapshot.models.get(name);
  if (exact) return exact;
  for (const glob of snapshot.modelGlobs) if (glob.matches(name)) return glob.model;
  return undefined;
}

/**
 * The model entries a client can see listed (`GET /v1/models`): exact names only — a glob
 * entry serves names the client picks itself, which no list can hold — that `allows` lets it use.
 */
export function listedModels(
  snapshot: ConfigSnapshot,
  allows: (name: string) => boolean,
): ModelRuntime[] {
  return [...snapshot.models.values()].filter((m) => !isModelGlob(m.name) && allows(m.name));
}

/** The model name sent to a target's upstream for a request that asked for `requested`. */
export function upstreamModelFor(
  target: Pick<TargetRuntime, 'upstreamModel'>,
  requested: string,
): string {
  return target.upstreamModel === CLIENT_MODEL ? requested : target.upstreamModel;
}
