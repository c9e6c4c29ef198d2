import type { ApiKeyView } from '../providers/admin-views.schema';
import type { KeyUse } from '../quota/quota-stats.service';
import type { KeyUsage, KeyView } from './dto/views.dto';

/** A key's `usage` figures from what the quota counters hold (see KeyUsage's description). */
export function keyUsage(use: KeyUse | undefined): KeyUsage {
  return {
    rpm: use?.window?.requests ?? null,
    tpm: use?.window?.tokens ?? null,
    budget_used_usd: use?.budget?.spentUsd ?? null,
    budget_period_start: use?.budget?.periodStart.toISOString() ?? null,
  };
}

/** The keys' views with their `usage`, read in one go. */
export async function withUsage<V extends ApiKeyView>(
  views: V[],
  read: (keys: ApiKeyView[]) => Promise<Map<string, KeyUse>>,
): Promise<(V & KeyView)[]> {
  const use = await read(views);
  return views.map((v) => ({ ...v, usage: keyUsage(use.get(v.id)) }));
}
