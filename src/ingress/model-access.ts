import {
  InvalidRequestError,
  ModelNotFoundError,
  PermissionDeniedError,
} from '../common/errors/gateway-error';
import { findModel } from '../providers/model-lookup';
import type { ConfigSnapshot, KeyPrincipal, ModelRuntime } from '../providers/snapshot.types';

/** The longest model name a client may ask for. */
export const MAX_MODEL_NAME = 256;

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
  // No entry serves a longer name (entries are at most 200 characters), and matching very long
  // names against globs such as `*-*-mini` takes time quadratic in their length.
  if (name.length > MAX_MODEL_NAME) {
    throw new InvalidRequestError(
      `The model name is ${name.length} characters long; at most ${MAX_MODEL_NAME} are accepted.`,
      'model',
      'model_name_too_long',
    );
  }
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
