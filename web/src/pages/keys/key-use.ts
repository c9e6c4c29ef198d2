import { formatInt, formatUsd } from '../../components/format';
import type { Key } from './types';

/** One limit of a key and how much of it is used now ("12 / 60"). */
export interface Use {
  label: string;
  used: number | null;
  limit: number | null;
  /** "12 / 60", "$0.42 / $50.00", or "–" without a limit. */
  text: string;
}

function limitUse(
  label: string,
  used: number | null,
  limit: number | undefined,
  fmt: (n: number) => string,
): Use {
  if (limit === undefined) return { label, used, limit: null, text: '–' };
  return { label, used, limit, text: `${fmt(used ?? 0)} / ${fmt(limit)}` };
}

/** Requests and tokens in the last 60 s, and spend this budget period, against the key's limits. */
export function keyUses(key: Key): { rpm: Use; tpm: Use; budget: Use } {
  return {
    rpm: limitUse('Requests per minute', key.usage.rpm, key.limits?.rpm, formatInt),
    tpm: limitUse('Tokens per minute', key.usage.tpm, key.limits?.tpm, formatInt),
    budget: limitUse('Budget', key.usage.budget_used_usd, key.budget?.usd, formatUsd),
  };
}

/** Share of the limit used, 0..1 (over-use, which reservations allow briefly, shows as full). */
export function shareUsed(u: Use): number {
  if (!u.limit) return 0;
  return Math.min(1, Math.max(0, (u.used ?? 0) / u.limit));
}

/** The budget period in words for the common crons, else the cron itself. */
export function describePeriod(cron: string): string {
  const known: Record<string, string> = {
    '0 0 1 * *': 'monthly',
    '0 0 * * *': 'daily',
    '0 0 * * 1': 'weekly (Mondays)',
    '0 0 * * 0': 'weekly (Sundays)',
  };
  return known[cron.trim()] ?? cron;
}
