import { headerValue } from '../common/header-value';
import { InvalidRequestError } from '../common/errors/gateway-error';
import { droppedTools } from '../conversion/canonical/hosted-tools';
import type { CanonicalRequest } from '../conversion/canonical/types';
import type { ApiFamily } from '../conversion/endpoints';
import { CHAT_PROVIDER_ADAPTERS } from '../conversion/registry';
import type { ModelRuntime } from '../providers/snapshot.types';

/** The response header naming the client tools a converted request went upstream without. */
export const DROPPED_TOOLS_HEADER = 'x-switchboard-dropped-tools';

/**
 * The client tools a provider of `family` cannot take. With the model's `unsupported_tools:
 * reject` any such tool is the client's error (a 400 naming it); with `drop` (the default)
 * the request goes on without them and the answer names them in a header.
 */
export function toolsDroppedFor(
  request: CanonicalRequest,
  family: ApiFamily,
  model: ModelRuntime,
): string[] {
  const dropped = droppedTools(request, CHAT_PROVIDER_ADAPTERS[family].hostedTools);
  if (dropped.length > 0 && model.unsupportedTools === 'reject') {
    const list = dropped.map((name) => `'${name}'`).join(', ');
    const what = dropped.length === 1 ? `tool ${list} is` : `tools ${list} are`;
    throw new InvalidRequestError(
      `${what} not supported by this gateway for model '${model.name}' (its provider has no ` +
        "equivalent); remove them, or set the model's unsupported_tools to drop to have them " +
        'left out.',
      'tools',
      'unsupported_tool',
    );
  }
  return dropped;
}

export function droppedToolsHeader(dropped: readonly string[]): Record<string, string> {
  return dropped.length > 0 ? { [DROPPED_TOOLS_HEADER]: headerValue(dropped.join(',')) } : {};
}
