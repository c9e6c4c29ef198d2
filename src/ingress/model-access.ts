import { ModelNotFoundError, PermissionDeniedError } from '../common/errors/gateway-error';
import type { ConfigSnapshot, KeyPrincipal, ModelRuntime } from '../providers/snapshot.types';

/** The logical model a client asked for, if it exists and its key may use it. */
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
  const model = snapshot.models.get(name);
  if (!model) throw new ModelNotFoundError(name);
  return model;
}
