import type { CanonicalRequest, HostedToolType } from './types';

/**
 * The client tools a provider format cannot take, by name: those no format has, and hosted
 * tools of a type the format has no equivalent for. Pure; the caller drops them (and names
 * them in a response header) or refuses the request, per the model's `unsupported_tools`.
 */
export function droppedTools(
  request: Pick<CanonicalRequest, 'hostedTools' | 'unsupportedTools'>,
  supported: readonly HostedToolType[],
): string[] {
  return [
    ...(request.unsupportedTools ?? []),
    ...(request.hostedTools ?? []).filter((t) => !supported.includes(t.type)).map((t) => t.name),
  ];
}
