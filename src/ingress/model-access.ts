import { ModelNotFoundError, PermissionDeniedError } from '../common/errors/gateway-error';
import { findModel } from '../providers/model-lookup';
import type { ConfigSnapshot, KeyPrincipal, ModelRuntime } from '../providers/snapshot.types';

/**
 * The model entry that serves the name a client asked for (exact, else the most specific glob
 * entry), if there is one and the key may use that name: keys' globs apply to the name asked
 * for, not to the entry's name.
 */
export function resolveModel(
  snapshot: ConfigSnapshot,
  principal: KeyPrincipal,
  name: string,
): ModelRuntime {
  if (!principal.allowsModel(name)) {
    throw new PermissionDeniedError(
      `This API key is not allowed to use model '${name}'.`,
      'model_not_allowed',
    );
  }
  const model = findModel(snapshot, name);
  if (!model) throw new ModelNotFoundError(name);
  return model;
}
