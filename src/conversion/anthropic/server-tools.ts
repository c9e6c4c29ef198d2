/**
 * Hosted tools → Anthropic server tools: web search is `web_search_20250305`. Pure.
 * Anthropic refuses allowed_domains together with blocked_domains: the allow list wins.
 */
import type { HostedTool, HostedToolType } from '../canonical/types';
import type { AnthropicServerTool } from './types';

export const ANTHROPIC_HOSTED_TOOLS: readonly HostedToolType[] = ['web_search'];

export const ANTHROPIC_WEB_SEARCH = 'web_search_20250305';

export interface AnthropicWebSearchTool extends AnthropicServerTool {
  type: typeof ANTHROPIC_WEB_SEARCH;
  name: 'web_search';
  max_uses?: number;
  allowed_domains?: string[];
  blocked_domains?: string[];
  user_location?: {
    type: 'approximate';
    city?: string;
    region?: string;
    country?: string;
    timezone?: string;
  };
}

export function buildServerTools(
  hosted: readonly HostedTool[] | undefined,
): AnthropicWebSearchTool[] {
  return (hosted ?? [])
    .filter((tool) => tool.type === 'web_search')
    .map((tool) => ({
      type: ANTHROPIC_WEB_SEARCH,
      name: 'web_search',
      ...(tool.maxUses !== undefined ? { max_uses: tool.maxUses } : {}),
      ...(tool.allowedDomains?.length
        ? { allowed_domains: tool.allowedDomains }
        : tool.blockedDomains?.length
          ? { blocked_domains: tool.blockedDomains }
          : {}),
      ...(tool.userLocation
        ? { user_location: { type: 'approximate', ...tool.userLocation } }
        : {}),
    }));
}
